package org.bridgeway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.bridgeway.audit.AuditEvent;
import org.bridgeway.audit.AuditEventType;
import org.bridgeway.audit.verify.AuditLogVerifier;
import org.bridgeway.audit.AuditVerification;
import org.bridgeway.audit.log.MerkleAuditLog;
import org.bridgeway.audit.key.SigningKey;
import org.bridgeway.audit.TreeHead;
import org.bridgeway.audit.sign.TreeHeadSigner;
import org.bridgeway.audit.note.NoteKey;
import org.bridgeway.store.OlderGateways.Admitted;
import org.bridgeway.store.OlderGateways.Entry;
import org.bridgeway.store.OlderGateways.Event;
import org.bridgeway.store.OlderGateways.LeafKeyEra;
import org.bridgeway.audit.store.JdbcAuditStore;
import org.bridgeway.audit.store.LeafKeys;
import org.bridgeway.audit.store.EntryCompression;
import org.bridgeway.audit.tree.KeptLevels;
import org.bridgeway.audit.tree.MerkleHash;
import org.bridgeway.testing.PostgresServer;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator's upgrade, on H2 and on PostgreSQL: a database created at the oldest schema and used by the gateway
 * of each era in turn — a hash-chained audit log and idempotency records (schema 1), decisions and a notice left
 * pending by a crash (3), Merkle-tree entries with a witnessed head (20), entries keyed by the first bytes of their
 * leaf hash (21) — migrated one version at a time, then opened by today's gateway, which applies the rest. The
 * offline verifier must pass over the whole history, every old entry must be in the tree unchanged and findable by
 * its leaf hash, and today's log must go on appending and signing on top of it.
 */
class UpgradeFromOldestSchemaTest {
    private static final String ORIGIN = "bridgeway/local-authority:886";
    private static final String WITNESS = "witness.bridgeway.test/county-lines";
    /**
     * Where each era stops writing: past 16384 entries before V22, so that re-keying by bucket (of 16384 entries)
     * meets entries of the second bucket, written with the key of V21.
     */
    private static final long CHAIN_ERA_END = 16_300;
    private static final long DECISION_ERA_END = 16_340;
    private static final long TREE_ERA_END = 16_370;
    private static final long HASH_KEY_ERA_END = 16_400;

    @Test
    void anEmbeddedDatabaseFromTheFirstVersionUpgradesToALogTheVerifierPasses(@TempDir Path dir) throws Exception {
        // the file Database.embedded(dir) opens
        String url = "jdbc:h2:file:" + dir.resolve("bridgeway").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
        OldDatabase old = new OldDatabase(url, "bridgeway", "");
        old.createAndUseThroughEveryEra();
        try (Database upgraded = Database.embedded(dir)) {
            old.checkUpgraded(upgraded.dataSource());
        }
    }

    @Test
    void aPostgresDatabaseFromTheFirstVersionUpgradesToALogTheVerifierPasses() throws Exception {
        PostgresServer.TestDatabase db = PostgresServer.newDatabase();
        OldDatabase old = new OldDatabase(db.jdbcUrl(), db.user(), db.password());
        old.createAndUseThroughEveryEra();
        try (Database upgraded = Database.postgres(db.jdbcUrl(), db.user(), db.password())) {
            old.checkUpgraded(upgraded.dataSource());
        }
    }

    /** One database taken through the eras, and what each era wrote, to compare with after the upgrade. */
    private static final class OldDatabase {
        private final String url;
        private final String user;
        private final String password;
        private final SigningKey gatewayKey = SigningKey.generate();
        private final SigningKey witnessKey = SigningKey.generate();
        private final OlderGateways gateways = new OlderGateways(gatewayKey, ORIGIN, Instant.parse("2025-03-03T09:00:00Z"));
        /** What each era writes, by the schema version it ran on; the migrations after the last come at open. */
        private final Map<String, EraWriter> eras = new LinkedHashMap<>();
        private final List<Admitted> delivered = new ArrayList<>();
        private final List<Admitted> pending = new ArrayList<>();
        private final List<Admitted> decided = new ArrayList<>();
        private final String returnDigest = OlderGateways.sha256("ssda903 return, 2025 quarter 1, synthetic");
        private long firstTreeEraEntry = -1;
        private long firstHashKeyEraEntry = -1;

        private interface EraWriter {
            void write(Connection c) throws SQLException;
        }

        OldDatabase(String url, String user, String password) {
            this.url = url;
            this.user = user;
            this.password = password;
            eras.put("1", this::hashChainEra);
            eras.put("3", this::decisionLogEra);
            eras.put("20", this::merkleTreeEra);
            eras.put("21", this::hashKeyEra);
        }

        void createAndUseThroughEveryEra() throws SQLException {
            List<String> versions = Arrays.stream(flyway(null).info().all())
                    .map(m -> m.getVersion().getVersion()).toList();
            assertThat(versions).first().isEqualTo("1");
            assertThat(versions).containsAll(eras.keySet());
            String lastEra = List.copyOf(eras.keySet()).get(eras.size() - 1);
            for (String version : versions.subList(0, versions.indexOf(lastEra) + 1)) {
                flyway(version).migrate();
                EraWriter era = eras.get(version);
                if (era != null) {
                    try (Connection c = DriverManager.getConnection(url, user, password)) {
                        c.setAutoCommit(false);
                        era.write(c);
                        c.commit();
                    }
                }
            }
            assertThat(gateways.size()).isGreaterThan(LeafKeys.LEAF_BUCKET_SIZE);
        }

        private Flyway flyway(String target) {
            var config = Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration");
            return (target == null ? config : config.target(target)).load();
        }

        /** Schema 1: notices in group-committed batches of four, each batch's last entry signed; a return's rows rejected. */
        private void hashChainEra(Connection c) throws SQLException {
            while (gateways.size() < CHAIN_ERA_END) {
                List<Event> batch = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    Admitted notice = gateways.placement(batch);
                    OlderGateways.recordKey(c, notice);
                    delivered.add(notice);
                }
                gateways.appendChained(c, batch);
            }
            gateways.appendChained(c, List.of(OlderGateways.rejected(returnDigest, 3),
                    OlderGateways.rejected(returnDigest, 17)));
            gateways.recordInput(c, returnDigest, "{\"rowsRead\":40,\"rowsRejected\":2}");
        }

        /** Schema 3: every decision in the decision log; one notice admitted but never audited (a crash). */
        private void decisionLogEra(Connection c) throws SQLException {
            while (gateways.size() < DECISION_ERA_END) {
                List<Event> batch = new ArrayList<>();
                Admitted notice = gateways.placement(batch);
                OlderGateways.recordKey(c, notice, "delivered");
                OlderGateways.recordDecision(c, notice);
                delivered.add(notice);
                decided.add(notice);
                gateways.appendChained(c, batch);
            }
            Admitted crashed = gateways.placement(new ArrayList<>());
            OlderGateways.recordKey(c, crashed, "pending");
            pending.add(crashed);
        }

        /** Schema 20: the Merkle tree; an old message acknowledged at last; a head signed and cosigned. */
        private void merkleTreeEra(Connection c) throws SQLException {
            firstTreeEraEntry = gateways.size();
            gateways.appendToTree(c, List.of(gateways.acknowledged(delivered.get(0))), LeafKeyEra.NONE);
            while (gateways.size() < TREE_ERA_END) {
                List<Event> batch = new ArrayList<>();
                Admitted notice = gateways.placement(batch);
                OlderGateways.recordKey(c, notice, "delivered");
                delivered.add(notice);
                gateways.appendToTree(c, batch, LeafKeyEra.NONE);
            }
            gateways.cosign(c, gateways.signHead(c), WITNESS, witnessKey);
        }

        /** Schema 21: entries keyed by the first eight bytes of their leaf hash; a head signed. */
        private void hashKeyEra(Connection c) throws SQLException {
            firstHashKeyEraEntry = gateways.size();
            while (gateways.size() < HASH_KEY_ERA_END) {
                List<Event> batch = new ArrayList<>();
                Admitted notice = gateways.placement(batch);
                OlderGateways.recordKey(c, notice, "delivered");
                delivered.add(notice);
                gateways.appendToTree(c, batch, LeafKeyEra.FIRST_EIGHT_BYTES);
            }
            gateways.signHead(c);
        }

        void checkUpgraded(DataSource dataSource) throws Exception {
            MigrationInfo[] migrations = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
                    .load().info().all();
            assertThat(migrations).allSatisfy(m -> assertThat(m.getState()).isEqualTo(MigrationState.SUCCESS));
            assertThat(auditEntryColumns(dataSource)).as("V51: compressed, no columns repeating the entry")
                    .containsExactlyInAnyOrder("seq", "entry", "leaf_hash", "leaf_key", "exchange_key");
            List<Integer> levels = new ArrayList<>();
            query(dataSource, "SELECT DISTINCT lvl FROM audit_node ORDER BY lvl", rs -> levels.add(rs.getInt(1)));
            assertThat(levels).as("only the kept levels of subtrees stay").isNotEmpty()
                    .allMatch(level -> level % KeptLevels.STRIDE == 0);

            List<Entry> written = gateways.entries();
            List<Stored> stored = storedEntries(dataSource);
            assertThat(stored).hasSameSizeAs(written);
            for (Entry e : written) {
                assertThat(stored.get((int) e.seq())).as("entry %d: unchanged, keyed as today's gateway keys it", e.seq())
                        .isEqualTo(new Stored(e.seq(), e.json(), e.leafHash(), LeafKeys.leafKey(e.seq(), e.leafHash())));
            }

            NoteKey logKey = new NoteKey(ORIGIN, gatewayKey.publicKey());
            AuditVerification verified = new AuditLogVerifier(new JdbcAuditStore(dataSource), logKey).verify();
            assertThat(verified.problem()).isNull();
            assertThat(verified.valid()).isTrue();
            assertThat(verified.entriesChecked()).isEqualTo(written.size());
            assertThat(verified.headsChecked()).as("the heads of schema 20 and 21, one cosigned").isEqualTo(2);
            assertThat(verified.uncoveredEntries()).isZero();

            checkOtherRecords(dataSource);
            checkTodaysLogGoesOn(dataSource, logKey, written);
        }

        private void checkOtherRecords(DataSource dataSource) throws SQLException {
            Map<String, String> keys = new HashMap<>();
            Set<String> states = new TreeSet<>();
            query(dataSource, "SELECT idempotency_key, exchange_id, state FROM notice_key", rs -> {
                keys.put(rs.getString(1), rs.getString(2));
                states.add(rs.getString(3));
            });
            Map<String, String> expected = new HashMap<>();
            delivered.forEach(n -> expected.put(n.idempotencyKey(), n.exchangeId()));
            assertThat(keys).as("delivered notices stay duplicates; V23 releases the pending claim")
                    .isEqualTo(expected);
            assertThat(states).containsExactly("delivered");

            List<String> decisions = new ArrayList<>();
            query(dataSource, "SELECT decision_id FROM policy_decision", rs -> decisions.add(rs.getString(1)));
            assertThat(decisions).containsExactlyInAnyOrderElementsOf(decided.stream().map(Admitted::decisionId).toList());
            // V55 moved what each old decision said into its own explanation: read back whole through the log
            org.bridgeway.policy.PolicyDecision old = new org.bridgeway.policy.DecisionLog(dataSource)
                    .find(decided.get(0).decisionId()).orElseThrow().decision();
            assertThat(old.reasons()).containsExactly("ISA-PN-2025 permits these fields to the police");
            assertThat(old.permittedFields()).containsExactly("child.nhsNumber", "placement.postcode");
            assertThat(old.withheldFields()).containsExactly("child.givenName");
            assertThat(old.retention()).isEqualTo("P7Y");
            assertThat(old.lawfulBasis().legalGateway()).isEqualTo("Children Act 1989 s.47");

            List<String> inputs = new ArrayList<>();
            query(dataSource, "SELECT input_digest FROM processed_input", rs -> inputs.add(rs.getString(1)));
            assertThat(inputs).containsExactly(returnDigest);
        }

        /** Today's log, opened on the upgraded tables, appends after the old entries and signs over them all. */
        private void checkTodaysLogGoesOn(DataSource dataSource, NoteKey logKey, List<Entry> written) {
            Admitted last = delivered.get(delivered.size() - 1);
            List<Entry> probes = List.of(written.get(0), written.get((int) firstTreeEraEntry - 1),
                    written.get((int) firstTreeEraEntry), written.get((int) firstHashKeyEraEntry),
                    written.get(written.size() - 1));
            assertThat(written.get(written.size() - 1).seq()).isGreaterThanOrEqualTo(LeafKeys.LEAF_BUCKET_SIZE);
            TreeHeadSigner signer = new TreeHeadSigner(new JdbcAuditStore(dataSource), gatewayKey, ORIGIN, Clock.systemUTC(),
                    Duration.ofMinutes(10));
            try (MerkleAuditLog log = new MerkleAuditLog(new JdbcAuditStore(dataSource), signer, Clock.systemUTC())) {
                log.append(List.of(new AuditEvent(AuditEventType.ACKNOWLEDGED, last.exchangeId(), OlderGateways.POLICE,
                        OlderGateways.POLICE, Map.of("messageId", last.messageId(), "format", "placement-json/1"))));
                TreeHead head = log.signHeadNow();
                assertThat(head.size()).isEqualTo(written.size() + 1);
                for (Entry old : probes) {
                    assertThat(log.indexOf(old.leafHash())).as("entry %d found by its leaf hash", old.seq())
                            .hasValue(old.seq());
                }
                assertThat(log.entriesFor(last.exchangeId())).as("found by its exchange, old entries and new")
                        .hasSizeGreaterThan(1)
                        .allMatch(r -> last.exchangeId().equals(r.field("exchangeId")));
            }
            AuditVerification verified = new AuditLogVerifier(new JdbcAuditStore(dataSource), logKey).verify();
            assertThat(verified.problem()).isNull();
            assertThat(verified.valid()).isTrue();
            assertThat(verified.entriesChecked()).isEqualTo(written.size() + 1);
            assertThat(verified.headsChecked()).isEqualTo(3);
            assertThat(verified.uncoveredEntries()).isZero();
        }
    }

    private record Stored(long seq, String json, String leafHash, long leafKey) {
    }

    private static List<Stored> storedEntries(DataSource dataSource) throws SQLException {
        List<Stored> stored = new ArrayList<>();
        query(dataSource, "SELECT seq, entry, leaf_hash, leaf_key FROM audit_entry ORDER BY seq",
                rs -> stored.add(new Stored(rs.getLong(1),
                        new String(EntryCompression.decompress(rs.getBytes(2)), StandardCharsets.UTF_8),
                        MerkleHash.hex(rs.getBytes(3)), rs.getLong(4))));
        return stored;
    }

    private static Set<String> auditEntryColumns(DataSource dataSource) throws SQLException {
        Set<String> columns = new TreeSet<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM audit_entry WHERE 1 = 0");
             ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData meta = rs.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnName(i).toLowerCase(Locale.ROOT));
            }
        }
        return columns;
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private static void query(DataSource dataSource, String sql, RowReader reader) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                reader.read(rs);
            }
        }
    }
}
