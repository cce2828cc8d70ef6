package org.bridgeway.audit.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.bridgeway.audit.AuditEvent;
import org.bridgeway.audit.AuditEventType;
import org.bridgeway.audit.AuditRecord;
import org.bridgeway.audit.store.LeafKeys;
import org.bridgeway.audit.AuditUnavailableException;
import org.bridgeway.audit.AuditVerification;
import org.bridgeway.audit.SameTransaction;
import org.bridgeway.audit.TreeHead;
import org.bridgeway.audit.key.SigningKey;
import org.bridgeway.audit.note.Checkpoint;
import org.bridgeway.audit.note.InvalidSignatureException;
import org.bridgeway.audit.note.NoteKey;
import org.bridgeway.audit.note.NoteSignature;
import org.bridgeway.audit.note.SignedCheckpoint;
import org.bridgeway.audit.sign.TreeHeadSigner;
import org.bridgeway.audit.store.AuditStore;
import org.bridgeway.audit.store.JdbcAuditStore;
import org.bridgeway.audit.tree.CompactRange;
import org.bridgeway.audit.tree.KeptLevels;
import org.bridgeway.audit.store.EntryCompression;
import org.bridgeway.audit.tree.MerkleHash;
import org.bridgeway.audit.tree.MerkleTree;
import org.bridgeway.audit.tree.ProofVerifier;
import org.bridgeway.audit.verify.AuditLogVerifier;
import org.bridgeway.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Merkle audit log against a real embedded H2 database (Flyway-migrated), tampered with in SQL the way someone
 * with write access to the database could: an edited, deleted or swapped entry, a truncated log, a forged or
 * re-signed tree head — each is detected and located.
 */
class MerkleAuditLogTest {
    static final String ORIGIN = "bridgeway/local-authority:886";
    /** Heads are signed when a test says so, not on a timer. */
    static final Duration NO_INTERVAL = Duration.ofHours(1);

    @TempDir
    Path dir;

    private Database database;
    private SigningKey key;
    private MerkleAuditLog log;

    @BeforeEach
    void open() {
        database = Database.embedded(dir.resolve("db"));
        key = SigningKey.generate();
        log = open(database.dataSource());
    }

    private MerkleAuditLog open(DataSource dataSource) {
        JdbcAuditStore store = new JdbcAuditStore(dataSource);
        return new MerkleAuditLog(store, new TreeHeadSigner(store, key, ORIGIN, Clock.systemUTC(), NO_INTERVAL),
                Clock.systemUTC());
    }

    private AuditLogVerifier verifier(NoteKey key) {
        return new AuditLogVerifier(new JdbcAuditStore(database.dataSource()), key);
    }

    @AfterEach
    void close() throws Exception {
        log.close();
        database.close();
    }

    @Test
    void appendedEntriesAndSignedHeadsVerify() {
        appendSome(10);
        assertThat(log.signHeadNow().size()).isEqualTo(10);
        log.append(List.of(event(100), event(101), event(102)));
        AuditVerification v = log.verify();
        assertThat(v.valid()).as(v.problem()).isTrue();
        assertThat(v.entriesChecked()).isEqualTo(13);
        assertThat(v.headsChecked()).isEqualTo(1);
        assertThat(v.uncoveredEntries()).isEqualTo(3);

        log.close(); // signs a last head
        log = open(database.dataSource());
        assertThat(log.size()).isEqualTo(13);
        assertThat(log.latestHead().size()).isEqualTo(13);
        assertThat(log.append(event(200)).seq()).isEqualTo(13);
        v = log.verify();
        assertThat(v.valid()).as(v.problem()).isTrue();
        assertThat(v.headsChecked()).isEqualTo(2);
    }

    @Test
    void anEmptyLogVerifies() {
        AuditVerification v = log.verify();
        assertThat(v.valid()).isTrue();
        assertThat(v.entriesChecked()).isZero();
    }

    @Test
    void proofsFromTheLogVerifyAgainstItsSignedHeads() throws Exception {
        appendSome(11);
        TreeHead first = log.signHeadNow();
        appendSome(26);
        TreeHead second = log.signHeadNow();
        NoteKey gateway = log.signer().key();
        first.note().verifyLogSignature(gateway);
        second.note().verifyLogSignature(gateway);
        byte[] root = second.note().checkpoint().rootHash();
        for (AuditRecord r : log.entries(0, second.size())) {
            ProofVerifier.checkInclusion(MerkleHash.fromHex(r.leafHash()), r.seq(), second.size(),
                    log.inclusionProof(r.seq(), second.size()), root);
            assertThat(log.indexOf(r.leafHash())).hasValue(r.seq());
        }
        ProofVerifier.checkConsistency(first.size(), second.size(), first.note().checkpoint().rootHash(), root,
                log.consistencyProof(first.size(), second.size()));
        assertThat(log.headIncluding(3).size()).isEqualTo(second.size());
        assertThatThrownBy(() -> log.inclusionProof(0, 1_000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void entriesOfEveryBucketOfTheLeafKeyAreFoundByTheirLeafHash() {
        int total = 2 * LeafKeys.LEAF_BUCKET_SIZE + 3;
        List<AuditRecord> appended = new ArrayList<>();
        for (int from = 0; from < total; from += 1000) {
            appended.addAll(log.append(IntStream.range(from, Math.min(total, from + 1000))
                    .mapToObj(MerkleAuditLogTest::event).toList()));
        }
        for (int seq : new int[] {0, LeafKeys.LEAF_BUCKET_SIZE - 1, LeafKeys.LEAF_BUCKET_SIZE, total - 1}) {
            assertThat(log.indexOf(appended.get(seq).leafHash())).as("entry %d", seq).hasValue(seq);
        }
        String unknown = "ab".repeat(32);
        assertThat(log.indexOf(unknown)).isEmpty();
        // the same leading hash bytes in another bucket make another key
        assertThat(LeafKeys.leafKey(0, unknown)).isLessThan(LeafKeys.leafKey(LeafKeys.LEAF_BUCKET_SIZE, unknown));
    }

    @Test
    void anEditedEntryIsLocated() throws Exception {
        appendSome(10);
        log.signHeadNow();
        update("UPDATE audit_entry SET entry = ? WHERE seq = 4", stored(edited(4)));

        AuditVerification v = log.verify();
        assertThat(v.valid()).isFalse();
        assertThat(v.firstBadSeq()).isEqualTo(4);
        assertThat(v.problem()).contains("edited");
    }

    @Test
    void anEditedEntryWithItsLeafHashRewrittenIsLocatedByTheKeptSubtrees() throws Exception {
        appendSome(40);
        log.signHeadNow();
        String json = edited(21);
        update("UPDATE audit_entry SET entry = ?, leaf_hash = ? WHERE seq = 21", stored(json), leaf(json));

        AuditVerification v = log.verify();
        assertThat(v.valid()).isFalse();
        assertThat(v.firstBadSeq()).as("the first kept subtree over it: level 4, entries [16, 32)").isEqualTo(16);
        assertThat(v.problem()).contains("entries [16, 32)");
    }

    @Test
    void anEditedEntryWithEveryHashRewrittenIsCaughtByTheSignedHead() throws Exception {
        appendSome(10);
        log.signHeadNow();
        appendSome(6);
        log.signHeadNow();
        String json = edited(12);
        update("UPDATE audit_entry SET entry = ?, leaf_hash = ? WHERE seq = 12", stored(json), leaf(json));
        rebuildNodes();

        AuditVerification v = log.verify();
        assertThat(v.valid()).isFalse();
        assertThat(v.firstBadSeq()).isEqualTo(10);
        assertThat(v.problem()).contains("root signed at size 16").contains("[10, 16)");
    }

    @Test
    void aDeletedEntryIsLocated() throws Exception {
        appendSome(10);
        log.signHeadNow();
        update("DELETE FROM audit_entry WHERE seq = 6");

        AuditVerification v = log.verify();
        assertThat(v.valid()).isFalse();
        assertThat(v.firstBadSeq()).isEqualTo(6);
        assertThat(v.problem()).contains("entry 6 is missing");
    }

    @Test
    void twoSwappedEntriesAreLocatedAtTheFirst() throws Exception {
        appendSome(10);
        log.signHeadNow();
        swapRows(3, 7);

        AuditVerification v = log.verify();
        assertThat(v.valid()).isFalse();
        assertThat(v.firstBadSeq()).isEqualTo(3);
        assertThat(v.problem()).contains("moved or swapped");
    }

    @Test
    void aTruncatedLogIsDetected() throws Exception {
        appendSome(10);
        log.signHeadNow();
        update("DELETE FROM audit_entry WHERE seq >= 7");
        update("UPDATE audit_tree_state SET tree_size = 7");

        AuditVerification v = log.verify();
        assertThat(v.valid()).isFalse();
        assertThat(v.firstBadSeq()).isEqualTo(7);
        assertThat(v.problem()).contains("truncated after entry 6");
    }

    @Test
    void aForgedTreeHeadIsDetected() throws Exception {
        appendSome(10);
        TreeHead head = log.signHeadNow();
        // the forger signs a head for the real tree with a key of their own, under the gateway's name
        SigningKey forger = SigningKey.generate();
        SignedCheckpoint forged = SignedCheckpoint.sign(head.note().checkpoint(),
                new NoteKey(ORIGIN, forger.publicKey()), forger::sign);
        update("UPDATE audit_tree_head SET signed_note = ? WHERE tree_size = 10", forged.text());

        AuditVerification v = log.verify();
        assertThat(v.valid()).isFalse();
        assertThat(v.problem()).contains("head of size 10").contains("forged or re-signed");
    }

    @Test
    void aRewrittenLogResignedWithAnotherKeyVerifiesOnlyUnderThatKey() throws Exception {
        appendSome(10);
        TreeHead head = log.signHeadNow();
        String json = edited(2);
        update("UPDATE audit_entry SET entry = ?, leaf_hash = ? WHERE seq = 2", stored(json), leaf(json));
        rebuildNodes();
        SigningKey forger = SigningKey.generate();
        byte[] root;
        try (AuditStore.TreeReading stored = new JdbcAuditStore(database.dataSource()).readTree()) {
            root = new MerkleTree(stored).root(10);
        }
        Checkpoint rewritten = new Checkpoint(ORIGIN, 10, root, head.note().checkpoint().issuedAt());
        update("UPDATE audit_tree_head SET signed_note = ?, root_hash = ? WHERE tree_size = 10",
                SignedCheckpoint.sign(rewritten, new NoteKey(ORIGIN, forger.publicKey()), forger::sign).text(),
                MerkleHash.hex(root));

        assertThat(verifier(new NoteKey(ORIGIN, forger.publicKey())).verify().valid()).isTrue();
        AuditVerification v = log.verify();
        assertThat(v.valid()).isFalse();
        assertThat(v.firstBadSeq()).isZero();
        assertThat(v.problem()).contains("not signed by the gateway's key");
    }

    @Test
    void headsOfAnotherLogAreRefusedEvenUnderTheGatewaysKey() throws Exception {
        appendSome(4);
        TreeHead head = log.signHeadNow();
        NoteKey otherLog = new NoteKey("bridgeway/police:essex", key.publicKey());

        AuditVerification stored = verifier(otherLog).verify();
        assertThat(stored.valid()).isFalse();
        assertThat(stored.problem()).isEqualTo("the signed head of size 4 names the log " + ORIGIN
                + ", not bridgeway/police:essex");

        // a head a party saw, signed by the gateway's key for another of its logs, is not evidence about this one
        SignedCheckpoint elsewhere = SignedCheckpoint.sign(new Checkpoint("bridgeway/police:essex", 4,
                head.note().checkpoint().rootHash(), head.note().checkpoint().issuedAt()), otherLog, key::sign);
        AuditVerification seen = verifier(log.signer().key()).verify(List.of(elsewhere));
        assertThat(seen.valid()).isFalse();
        assertThat(seen.problem()).startsWith("the head of size 4 issued ")
                .endsWith(" names the log bridgeway/police:essex, not " + ORIGIN);
    }

    @Test
    void witnessCosignaturesAreCheckedStoredAndServedWithTheHead() throws Exception {
        appendSome(5);
        TreeHead head = log.signHeadNow();
        SigningKey witnessKey = SigningKey.generate();
        NoteKey witness = new NoteKey("witness.police-kent", witnessKey.publicKey());
        NoteSignature cosignature = SignedCheckpoint.cosign(head.note().checkpoint(), witness, witnessKey::sign,
                Instant.now());
        log.signer().addCosignature(5, witness, cosignature);

        TreeHead served = log.head(5).orElseThrow();
        SignedCheckpoint reparsed = SignedCheckpoint.parse(served.note().text());
        reparsed.verifyLogSignature(log.signer().key());
        assertThat(reparsed.verifyCosignature(witness)).isBeforeOrEqualTo(Instant.now());
        assertThat(log.verify().valid()).isTrue();

        // a cosignature by another key under the witness's name is refused
        SigningKey impostor = SigningKey.generate();
        NoteSignature forged = SignedCheckpoint.cosign(head.note().checkpoint(), witness, impostor::sign, Instant.now());
        assertThatThrownBy(() -> log.signer().addCosignature(5, witness, forged))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("does not verify");

        // and one edited in the database fails verification
        update("UPDATE audit_cosignature SET signature_line = ? WHERE tree_size = 5", forged.line().strip());
        AuditVerification v = log.verify();
        assertThat(v.valid()).isFalse();
        assertThat(v.problem()).contains("cosignature of witness.police-kent");
    }

    @Test
    void concurrentAppendsFromEightThreadsAndTwoLogsOnOneDatabaseMakeOneGapFreeTree() throws Exception {
        MerkleAuditLog second = open(database.dataSource()); // a second gateway sharing the database
        int threads = 8;
        int batchesPerThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<List<AuditRecord>>>> futures = new ArrayList<>();
        List<TreeHead> heads = new java.util.concurrent.CopyOnWriteArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                MerkleAuditLog target = t % 2 == 0 ? log : second;
                futures.add(pool.submit(() -> {
                    start.await();
                    List<List<AuditRecord>> batches = new ArrayList<>();
                    for (int b = 0; b < batchesPerThread; b++) {
                        List<AuditEvent> events = new ArrayList<>();
                        for (int i = 0; i <= b % 3; i++) {
                            events.add(event(thread * 10_000 + b * 10 + i));
                        }
                        batches.add(target.append(events));
                        if (b % 5 == 0) {
                            heads.add(target.signHeadNow());
                        }
                    }
                    return batches;
                }));
            }
            start.countDown();
            Set<Long> indexes = new HashSet<>();
            for (Future<List<List<AuditRecord>>> f : futures) {
                for (List<AuditRecord> batch : f.get(120, TimeUnit.SECONDS)) {
                    for (int i = 0; i < batch.size(); i++) {
                        // a batch is atomic and contiguous: nothing from another thread lands inside it
                        assertThat(batch.get(i).seq()).isEqualTo(batch.get(0).seq() + i);
                        assertThat(indexes.add(batch.get(i).seq())).as("index used once").isTrue();
                    }
                }
            }
            long total = indexes.size();
            assertThat(total).isEqualTo(threads * 49L); // 8 rounds of 1 + 2 + 3 entries, then 1
            assertThat(indexes).allMatch(i -> i >= 0 && i < total);
            heads.add(second.signHeadNow());
            // every head any of them signed is consistent with every later one
            heads.sort(java.util.Comparator.comparingLong(TreeHead::size));
            for (int i = 1; i < heads.size(); i++) {
                TreeHead a = heads.get(i - 1);
                TreeHead b = heads.get(i);
                ProofVerifier.checkConsistency(a.size(), b.size(), a.note().checkpoint().rootHash(),
                        b.note().checkpoint().rootHash(), log.consistencyProof(a.size(), b.size()));
            }
            AuditVerification v = log.verify();
            assertThat(v.valid()).as(v.problem()).isTrue();
            assertThat(v.entriesChecked()).isEqualTo(total);
            assertThat(v.uncoveredEntries()).isZero();
        } finally {
            pool.shutdownNow();
            second.close();
        }
    }

    @Test
    void aFailedAppendThrowsAndDoesNotAdvanceTheTree() throws Exception {
        FlakyDataSource flaky = new FlakyDataSource(database.dataSource());
        MerkleAuditLog flakyLog = open(flaky);
        flakyLog.append(List.of(event(0), event(1), event(2)));

        flaky.failing.set(true);
        assertThatThrownBy(() -> flakyLog.append(List.of(event(3), event(4))))
                .isInstanceOf(AuditUnavailableException.class);
        assertThat(flakyLog.size()).isEqualTo(3);

        flaky.failing.set(false);
        assertThat(flakyLog.append(event(5)).seq()).isEqualTo(3);
        flakyLog.close();
        AuditVerification v = log.verify();
        assertThat(v.valid()).as(v.problem()).isTrue();
        assertThat(v.entriesChecked()).isEqualTo(4);
    }

    @Test
    void anAppendFailingInsideItsTransactionLeavesNothing() throws Exception {
        log.append(List.of(event(0), event(1)));
        SameTransaction failing = c -> {
            throw new SQLException("the decision log refused the row (simulated)");
        };
        assertThatThrownBy(() -> log.append(List.of(event(2), event(3)), failing))
                .isInstanceOf(AuditUnavailableException.class);
        assertThat(count("audit_entry")).isEqualTo(2);
        assertThat(log.append(event(4)).seq()).isEqualTo(2);
        assertThat(log.verify().valid()).isTrue();
    }

    /**
     * The writer thread commits many exchanges' appends together: it writes each one's own rows under that
     * exchange's correlation id, and a failed group commit is logged with the ids of every exchange in it.
     */
    @Test
    void aGroupCommitWritesEachExchangesRowsUnderItsIdAndAFailureNamesThemAll() throws Exception {
        java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
        java.util.Map<String, String> writtenUnder = new java.util.concurrent.ConcurrentHashMap<>();
        try (org.bridgeway.testing.JsonLogLines logs = org.bridgeway.testing.JsonLogLines.capture()) {
            Thread a = appending("req-a", event(0), c -> {
                writtenUnder.put("a", String.valueOf(org.slf4j.MDC.get("correlationId")));
                try {
                    hold.await(); // keeps the writer busy while the next two queue up
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            awaitWaiting(a);
            Thread b = appending("req-b", event(1), c -> {
                throw new SQLException("the decision log refused the row (simulated)");
            });
            Thread c = appending("req-c", event(2), conn -> writtenUnder.put("c",
                    String.valueOf(org.slf4j.MDC.get("correlationId"))));
            awaitWaiting(b);
            awaitWaiting(c);
            hold.countDown();
            for (Thread t : List.of(a, b, c)) {
                t.join(30_000);
            }
            assertThat(writtenUnder).containsEntry("a", "req-a").containsEntry("c", "req-c");
            assertThat(count("audit_entry")).as("a and c, not b").isEqualTo(2);
            assertThat(logs.text()).filteredOn(l -> l.contains("group commit of 2 appends failed"))
                    .singleElement().satisfies(l -> assertThat(l).contains("req-b", "req-c")
                            .doesNotContain("req-a"));
        }
    }

    private Thread appending(String correlationId, AuditEvent event, SameTransaction alongside) {
        Thread t = new Thread(() -> {
            try (var logged = org.slf4j.MDC.putCloseable("correlationId", correlationId)) {
                log.append(List.of(event), alongside);
            } catch (RuntimeException expected) {
                // b's append fails: the point of the test
            }
        }, "appender-" + correlationId);
        t.start();
        return t;
    }

    private static void awaitWaiting(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (t.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(t.getState()).isEqualTo(Thread.State.TIMED_WAITING);
    }

    @Test
    void aHashChainedLogIsCarriedIntoTheTreeByTheMigration() throws Exception {
        Path old = dir.resolve("old");
        String url = "jdbc:h2:file:" + old.resolve("bridgeway").toAbsolutePath();
        org.flywaydb.core.Flyway.configure().dataSource(url, "bridgeway", "").locations("classpath:db/migration")
                .target("3").load().migrate();
        List<String> jsons = new ArrayList<>();
        try (Connection c = java.sql.DriverManager.getConnection(url, "bridgeway", "");
             PreparedStatement ps = c.prepareStatement("INSERT INTO audit_entry (seq, recorded_at, event_type, "
                     + "exchange_id, entry_json, prev_hash, entry_hash, signature) VALUES (?, 'then', 'RECEIVED', 'x', ?, ?, ?, null)")) {
            for (int i = 0; i < 5; i++) {
                String json = "{\"seq\":" + i + ",\"type\":\"RECEIVED\"}";
                jsons.add(json);
                ps.setLong(1, i);
                ps.setString(2, json);
                ps.setString(3, "0".repeat(64));
                ps.setString(4, "1".repeat(64));
                ps.executeUpdate();
            }
        }
        try (Database upgraded = Database.embedded(old)) {
            CompactRange expected = CompactRange.empty();
            jsons.forEach(j -> expected.append(MerkleHash.leaf(j.getBytes(StandardCharsets.UTF_8))));
            MerkleAuditLog carried = open(upgraded.dataSource());
            try {
                assertThat(carried.size()).isEqualTo(5);
                assertThat(carried.signHeadNow().note().checkpoint().rootHash()).isEqualTo(expected.root());
                assertThat(carried.indexOf(leafHex(jsons.get(3)))).hasValue(3);
                assertThat(carried.append(event(9)).seq()).isEqualTo(5);
                assertThat(carried.verify().valid()).isTrue();
            } finally {
                carried.close();
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void appendSome(int n) {
        long first = log.size();
        for (int i = 0; i < n; i++) {
            assertThat(log.append(event(i)).seq()).isEqualTo(first + i);
        }
    }

    static AuditEvent event(int i) {
        return new AuditEvent(AuditEventType.values()[i % AuditEventType.values().length], "exchange-" + i,
                "local-authority:886", "police:kent", Map.of("n", i, "payloadDigest", "ab".repeat(32)));
    }

    private String edited(long seq) throws SQLException {
        String json = new String(EntryCompression.decompress((byte[]) column("entry", seq)), StandardCharsets.UTF_8);
        String edited = json.replace("\"subject\":\"police:kent\"", "\"subject\":\"police:essex\"");
        assertThat(edited).isNotEqualTo(json);
        return edited;
    }

    private static String leafHex(String json) {
        return MerkleHash.hex(leaf(json));
    }

    private static byte[] leaf(String json) {
        return MerkleHash.leaf(json.getBytes(StandardCharsets.UTF_8));
    }

    /** An entry as the store keeps it. */
    private static byte[] stored(String json) {
        return EntryCompression.compress(json.getBytes(StandardCharsets.UTF_8));
    }

    /** What a forger with database access does after editing a leaf: recompute every kept subtree. */
    private void rebuildNodes() throws SQLException {
        update("DELETE FROM audit_node");
        CompactRange range = CompactRange.empty();
        List<CompactRange.CompletedNode> nodes = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection()) {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT leaf_hash FROM audit_entry ORDER BY seq")) {
                while (rs.next()) {
                    nodes.addAll(range.append(rs.getBytes(1)));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_node (lvl, idx, hash) VALUES (?, ?, ?)")) {
                for (CompactRange.CompletedNode n : nodes) {
                    if (KeptLevels.kept(n.level())) {
                        ps.setInt(1, n.level());
                        ps.setLong(2, n.index());
                        ps.setBytes(3, n.hash());
                        ps.executeUpdate();
                    }
                }
            }
        }
    }

    private Object column(String column, long seq) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + column + " FROM audit_entry WHERE seq = ?")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("entry %s exists", seq).isTrue();
                return rs.getObject(1);
            }
        }
    }

    private long count(String table) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void update(String sql, Object... params) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }

    /** Swaps everything stored for two positions except the positions themselves. */
    private void swapRows(long a, long b) throws SQLException {
        String[] columns = {"entry", "leaf_hash", "leaf_key", "exchange_key"};
        Object[] rowA = new Object[columns.length];
        Object[] rowB = new Object[columns.length];
        for (int i = 0; i < columns.length; i++) {
            rowA[i] = column(columns[i], a);
            rowB[i] = column(columns[i], b);
        }
        String set = String.join(" = ?, ", columns) + " = ?";
        update("UPDATE audit_entry SET " + set + " WHERE seq = " + a, rowB);
        update("UPDATE audit_entry SET " + set + " WHERE seq = " + b, rowA);
    }

    /** A data source that can be told to fail every connection, as a database that has gone away does. */
    private static final class FlakyDataSource implements DataSource {
        final AtomicBoolean failing = new AtomicBoolean();
        private final DataSource delegate;

        FlakyDataSource(DataSource delegate) {
            this.delegate = delegate;
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (failing.get()) {
                throw new SQLException("connection refused (simulated)", "08001");
            }
            return delegate.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return delegate.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            delegate.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            delegate.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return delegate.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return delegate.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            return delegate.unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws SQLException {
            return delegate.isWrapperFor(iface);
        }
    }
}
