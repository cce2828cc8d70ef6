package org.bridgeway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.bridgeway.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signed hash chain against a real embedded H2 database (Flyway-migrated), tampered with in SQL the way
 * someone with write access to the database could: every edit, deletion, reordering or forged signature is
 * detected and located at the first bad entry.
 *
 * <p>Not tested here, deliberately: truncating the tail. Deleting the last k entries leaves a shorter chain that
 * is internally consistent, correctly linked and correctly signed, so no check of the chain alone can tell it
 * from a log that simply had fewer entries. Detecting truncation needs a commitment to the log's size made
 * elsewhere: the signed tree heads (size, root, time) of the Merkle-tree log in a later issue, which senders keep
 * with their receipts and which a verifier checks for consistency with the stored log.
 */
class HashChainAuditLogTest {
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path dir;

    private Database database;
    private SigningKey key;
    private HashChainAuditLog log;

    @BeforeEach
    void open() {
        database = Database.embedded(dir.resolve("db"));
        key = SigningKey.generate();
        log = new HashChainAuditLog(database.dataSource(), key, Clock.systemUTC());
    }

    @AfterEach
    void close() throws Exception {
        database.close();
    }

    @Test
    void appendedEntriesVerify() {
        appendSome(10);
        log.append(List.of(event(100), event(101), event(102)));
        AuditVerification v = log.verify();
        assertThat(v.valid()).as(v.problem()).isTrue();
        assertThat(v.entriesChecked()).isEqualTo(13);
        assertThat(log.size()).isEqualTo(13);
        assertThat(HashChainAuditLog.verify(database.dataSource(), key.publicKeyHex()).valid()).isTrue();
        // a new instance on the same database continues the chain
        HashChainAuditLog reopened = new HashChainAuditLog(database.dataSource(), key, Clock.systemUTC());
        assertThat(reopened.size()).isEqualTo(13);
        assertThat(reopened.append(event(200)).seq()).isEqualTo(13);
        assertThat(reopened.verify().valid()).isTrue();
    }

    @Test
    void anEmptyLogVerifies() {
        assertThat(log.verify()).isEqualTo(AuditVerification.ok(0));
    }

    @Test
    void anEditedEntryIsLocated() throws Exception {
        appendSome(10);
        String json = entryJson(4);
        assertThat(json).contains("\"exchangeId\":\"exchange-4\"");
        update("UPDATE audit_entry SET entry_json = ? WHERE seq = 4",
                json.replace("\"exchangeId\":\"exchange-4\"", "\"exchangeId\":\"exchange-X\""));

        AuditVerification v = log.verify();
        assertThat(v.valid()).isFalse();
        assertThat(v.firstBadSeq()).isEqualTo(4);
        assertThat(v.problem()).contains("edited");
    }

    @Test
    void anEditedEntryWithARecomputedHashIsCaughtByItsSignature() throws Exception {
        appendSome(10);
        String edited = entryJson(4).replace("\"exchangeId\":\"exchange-4\"", "\"exchangeId\":\"exchange-X\"");
        // the forger recomputes the chain from the edit onwards, but cannot sign with the gateway's key
        String prev = storedHash(3);
        for (long seq = 4; seq < 10; seq++) {
            String json = seq == 4 ? edited : entryJson(seq);
            String hash = HashChainAuditLog.chainHash(prev, json);
            update("UPDATE audit_entry SET entry_json = ?, prev_hash = ?, entry_hash = ? WHERE seq = " + seq,
                    json, prev, hash);
            prev = hash;
        }
        AuditVerification v = log.verify();
        assertThat(v.valid()).isFalse();
        assertThat(v.firstBadSeq()).isEqualTo(4);
        assertThat(v.problem()).contains("signature");
    }

    @Test
    void aDeletedMiddleEntryIsLocated() throws Exception {
        appendSome(10);
        update("DELETE FROM audit_entry WHERE seq = 5");

        AuditVerification v = log.verify();
        assertThat(v.valid()).isFalse();
        assertThat(v.firstBadSeq()).isEqualTo(5);
        assertThat(v.problem()).contains("missing");
    }

    @Test
    void aDeletedFirstEntryIsLocated() throws Exception {
        appendSome(3);
        update("DELETE FROM audit_entry WHERE seq = 0");

        AuditVerification v = log.verify();
        assertThat(v.valid()).isFalse();
        assertThat(v.firstBadSeq()).isEqualTo(0);
        assertThat(v.problem()).contains("missing");
    }

    @Test
    void twoSwappedEntriesAreLocatedAtTheFirst() throws Exception {
        appendSome(10);
        swapRows(3, 7);

        AuditVerification v = log.verify();
        assertThat(v.valid()).isFalse();
        assertThat(v.firstBadSeq()).isEqualTo(3);
        assertThat(v.problem()).isNotBlank();
    }

    @Test
    void swappedEntriesWithARelinkedChainAreCaughtByThePositionInTheirBody() throws Exception {
        appendSome(10);
        swapRows(3, 7);
        // the forger re-links prev/entry hashes over the swapped order (the signatures then fail too, but the
        // position named inside each signed body is checked first)
        String prev = storedHash(2);
        for (long seq = 3; seq < 10; seq++) {
            String hash = HashChainAuditLog.chainHash(prev, entryJson(seq));
            update("UPDATE audit_entry SET prev_hash = ?, entry_hash = ? WHERE seq = " + seq, prev, hash);
            prev = hash;
        }
        AuditVerification v = log.verify();
        assertThat(v.valid()).isFalse();
        assertThat(v.firstBadSeq()).isEqualTo(3);
        assertThat(v.problem()).contains("moved");
    }

    @Test
    void aSignatureFromAnotherKeyIsLocated() throws Exception {
        appendSome(10);
        SigningKey other = SigningKey.generate();
        update("UPDATE audit_entry SET signature = ? WHERE seq = 2",
                HEX.formatHex(other.sign(HEX.parseHex(storedHash(2)))));

        AuditVerification v = log.verify();
        assertThat(v.valid()).isFalse();
        assertThat(v.firstBadSeq()).isEqualTo(2);
        assertThat(v.problem()).contains("signature");
    }

    @Test
    void aChainResignedWithAnotherKeyVerifiesOnlyUnderThatKey() throws Exception {
        appendSome(10);
        SigningKey other = SigningKey.generate();
        for (long seq = 0; seq < 10; seq++) {
            update("UPDATE audit_entry SET signature = ? WHERE seq = " + seq,
                    HEX.formatHex(other.sign(HEX.parseHex(storedHash(seq)))));
        }

        assertThat(HashChainAuditLog.verify(database.dataSource(), other.publicKeyHex()).valid()).isTrue();
        AuditVerification underGatewayKey = HashChainAuditLog.verify(database.dataSource(), key.publicKeyHex());
        assertThat(underGatewayKey.valid()).isFalse();
        assertThat(underGatewayKey.firstBadSeq()).isEqualTo(0);
        assertThat(underGatewayKey.problem()).contains("signature");
        assertThat(log.verify()).isEqualTo(underGatewayKey);
    }

    @Test
    void concurrentAppendsFromEightThreadsMakeOneGapFreeValidChain() throws Exception {
        int threads = 8;
        int batchesPerThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<List<AuditRecord>>>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    List<List<AuditRecord>> batches = new ArrayList<>();
                    for (int b = 0; b < batchesPerThread; b++) {
                        int size = 1 + (b % 3);
                        List<AuditEvent> events = new ArrayList<>();
                        for (int i = 0; i < size; i++) {
                            events.add(event(thread * 10_000 + b * 10 + i));
                        }
                        batches.add(log.append(events));
                    }
                    return batches;
                }));
            }
            start.countDown();
            long total = 0;
            for (Future<List<List<AuditRecord>>> f : futures) {
                for (List<AuditRecord> batch : f.get(60, TimeUnit.SECONDS)) {
                    // a batch is atomic and contiguous: nothing from another thread lands inside it
                    for (int i = 1; i < batch.size(); i++) {
                        assertThat(batch.get(i).seq()).isEqualTo(batch.get(0).seq() + i);
                        assertThat(batch.get(i).prevHash()).isEqualTo(batch.get(i - 1).entryHash());
                    }
                    total += batch.size();
                }
            }
            assertThat(total).isEqualTo(threads * (long) (batchesPerThread / 3 * 6 + (batchesPerThread % 3 == 0 ? 0
                    : batchesPerThread % 3 == 1 ? 1 : 3)));
            assertThat(log.size()).isEqualTo(total);
            try (Connection c = database.dataSource().getConnection();
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*), MIN(seq), MAX(seq) FROM audit_entry")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(total);
                assertThat(rs.getLong(2)).isEqualTo(0);
                assertThat(rs.getLong(3)).isEqualTo(total - 1);
            }
            AuditVerification v = log.verify();
            assertThat(v.valid()).as(v.problem()).isTrue();
            assertThat(v.entriesChecked()).isEqualTo(total);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedAppendThrowsAndDoesNotAdvanceTheHead() throws Exception {
        FlakyDataSource flaky = new FlakyDataSource(database.dataSource());
        HashChainAuditLog flakyLog = new HashChainAuditLog(flaky, key, Clock.systemUTC());
        flakyLog.append(List.of(event(0), event(1), event(2)));
        String head = storedHash(2);

        flaky.failing.set(true);
        assertThatThrownBy(() -> flakyLog.append(List.of(event(3), event(4))))
                .isInstanceOf(AuditUnavailableException.class);
        assertThat(flakyLog.size()).isEqualTo(3);

        flaky.failing.set(false);
        List<AuditRecord> after = flakyLog.append(List.of(event(5)));
        assertThat(after).singleElement().satisfies(r -> {
            assertThat(r.seq()).isEqualTo(3);
            assertThat(r.prevHash()).isEqualTo(head);
        });
        assertThat(flakyLog.size()).isEqualTo(4);
        AuditVerification v = flakyLog.verify();
        assertThat(v.valid()).as(v.problem()).isTrue();
        assertThat(v.entriesChecked()).isEqualTo(4);
    }

    @Test
    void anAppendFailingInsideItsTransactionLeavesNothingAndTheChainContinues() throws Exception {
        log.append(List.of(event(0), event(1)));
        // a row already at the next position makes the batch's first insert fail (a second writer, say)
        update("INSERT INTO audit_entry (seq, recorded_at, event_type, exchange_id, entry_json, prev_hash, "
                + "entry_hash, signature) VALUES (3, 'x', 'RECEIVED', null, '{}', ?, ?, 'ab')", "0".repeat(64),
                "0".repeat(64));
        assertThatThrownBy(() -> log.append(List.of(event(2), event(3), event(4))))
                .isInstanceOf(AuditUnavailableException.class);
        // all or nothing: seq 2 (which could be written) was rolled back with the rest
        assertThat(count()).isEqualTo(3);
        update("DELETE FROM audit_entry WHERE seq = 3");

        // the head was reloaded from the database: seq 2 follows seq 1
        HashChainAuditLog reopened = new HashChainAuditLog(database.dataSource(), key, Clock.systemUTC());
        assertThat(reopened.size()).isEqualTo(2);
        assertThat(reopened.append(event(5)).seq()).isEqualTo(2);
        assertThat(reopened.verify().valid()).isTrue();
    }

    @Test
    void anAppendToAClosedDatabaseThrowsAuditUnavailable() throws Exception {
        log.append(event(0));
        database.close();
        assertThatThrownBy(() -> log.append(event(1))).isInstanceOf(AuditUnavailableException.class);
        assertThat(log.size()).isEqualTo(1);
        database = Database.embedded(dir.resolve("db")); // for close(), and to show nothing was half-written
        HashChainAuditLog reopened = new HashChainAuditLog(database.dataSource(), key, Clock.systemUTC());
        assertThat(reopened.size()).isEqualTo(1);
        assertThat(reopened.append(event(2)).seq()).isEqualTo(1);
        assertThat(reopened.verify().valid()).isTrue();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void appendSome(int n) {
        for (int i = 0; i < n; i++) {
            assertThat(log.append(event(i)).seq()).isEqualTo(i);
        }
    }

    private static AuditEvent event(int i) {
        return new AuditEvent(AuditEventType.values()[i % AuditEventType.values().length], "exchange-" + i,
                "local-authority:886", "police:kent", Map.of("n", i, "payloadDigest", "ab".repeat(32)));
    }

    private String entryJson(long seq) throws SQLException {
        return column("entry_json", seq);
    }

    private String storedHash(long seq) throws SQLException {
        return column("entry_hash", seq);
    }

    private String column(String column, long seq) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + column + " FROM audit_entry WHERE seq = ?")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("entry %s exists", seq).isTrue();
                return rs.getString(1);
            }
        }
    }

    private long count() throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM audit_entry")) {
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
        String[] columns = {"recorded_at", "event_type", "exchange_id", "entry_json", "prev_hash", "entry_hash",
                "signature"};
        Object[] rowA = new Object[columns.length];
        Object[] rowB = new Object[columns.length];
        for (int i = 0; i < columns.length; i++) {
            rowA[i] = column(columns[i], a);
            rowB[i] = column(columns[i], b);
        }
        String set = String.join(" = ?, ", columns) + " = ?";
        update("UPDATE audit_entry SET " + set + " WHERE seq = " + a, rowB);
        update("UPDATE audit_entry SET " + set + " WHERE seq = " + b, rowA);
        assertThat(entryJson(a)).contains("\"seq\":" + b + ",");
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
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
