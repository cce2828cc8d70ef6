package org.bridgeway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Embedded H2's commit journal: what was committed survives H2 losing everything it held in memory (a crash, or H2
 * closing itself), and nothing else comes back.
 */
class CommitJournalTest {
    private static final String INSERT = "INSERT INTO processed_input (input_digest, source, processed_at, summary) "
            + "VALUES (?, ?, ?, ?)";

    @TempDir
    Path data;

    @Test
    void everyCommittedTransactionSurvivesACrashThatLosesTheDatabasesMemory() throws Exception {
        Database database = Database.embedded(data);
        try (Connection c = database.dataSource().getConnection()) {
            insert(c, "one"); // auto-commit: a transaction of its own
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                for (String digest : List.of("two", "three")) {
                    bind(ps, digest);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE processed_input SET summary = 'changed' WHERE input_digest = '" + digest("two")
                        + "'");
            }
            c.commit();
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM processed_input WHERE input_digest = ?")) {
                ps.setString(1, digest("three"));
                ps.executeUpdate();
            }
            c.commit();
            insert(c, "never"); // rolled back: must not come back
            c.rollback();
        }
        crash(database);

        try (Database reopened = Database.embedded(data)) {
            assertThat(rows(reopened)).containsExactly(digest("one") + " {}", digest("two") + " changed");
        }
    }

    @Test
    void aRecordTornByTheCrashIsDroppedAndWhatCameBeforeItStands() throws Exception {
        Database database = Database.embedded(data);
        try (Connection c = database.dataSource().getConnection()) {
            insert(c, "whole");
        }
        crash(database);
        Path last;
        try (Stream<Path> segments = Files.list(data.resolve(Database.JOURNAL_DIRECTORY))) {
            last = segments.sorted().reduce((a, b) -> b).orElseThrow();
        }
        // half a frame: a length promising more than follows, as an append cut short by a crash leaves it
        Files.write(last, new byte[] {0, 0, 1, 0, 42, 42}, StandardOpenOption.APPEND);

        try (Database reopened = Database.embedded(data)) {
            assertThat(rows(reopened)).containsExactly(digest("whole") + " {}");
            try (Connection c = reopened.dataSource().getConnection()) {
                insert(c, "after"); // appends continue after the last whole record
            }
        }
        try (Database again = Database.embedded(data)) {
            assertThat(rows(again)).containsExactly(digest("after") + " {}", digest("whole") + " {}");
        }
    }

    @Test
    void whenH2ClosesItselfTheNextConnectionFindsEverythingCommittedWithoutARestart() throws Exception {
        try (Database database = Database.embedded(data)) {
            try (Connection c = database.dataSource().getConnection()) {
                insert(c, "kept");
            }
            // as H2 does when it cannot write its file: closed without storing what it holds in memory
            closeWithoutStoring(database.dataSource().getConnection());
            ((HikariDataSource) database.dataSource().unwrap(HikariDataSource.class)).getHikariPoolMXBean()
                    .softEvictConnections();
            assertThat(rows(database)).containsExactly(digest("kept") + " {}");
        }
    }

    @Test
    void aCheckpointStoresTheDatabaseAndDeletesTheSegmentsItCovers() throws Exception {
        Database database = Database.embedded(data);
        try (Connection c = database.dataSource().getConnection()) {
            insert(c, "checkpointed");
        }
        JournalledDataSource journalled = (JournalledDataSource) database.dataSource();
        assertThat(segments()).hasSize(1);
        assertThat(Files.size(segments().get(0))).isPositive();
        journalled.checkpoint();
        assertThat(segments()).hasSize(1);
        assertThat(Files.size(segments().get(0))).isZero();
        crash(database);

        try (Database reopened = Database.embedded(data)) {
            assertThat(rows(reopened)).containsExactly(digest("checkpointed") + " {}");
        }
    }

    @Test
    void aTransactionWritingWhenACheckpointIsAskedForIsStoredWhole() throws Exception {
        Database database = Database.embedded(data);
        JournalledDataSource journalled = (JournalledDataSource) database.dataSource();
        CompletableFuture<Void> checkpoint;
        try (Connection c = journalled.getConnection()) {
            c.setAutoCommit(false);
            insert(c, "first half");
            checkpoint = CompletableFuture.runAsync(() -> {
                try {
                    journalled.checkpoint();
                } catch (SQLException | IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            assertThat(checkpoint).as("the checkpoint waits for the transaction that is writing").isNotDone();
            insert(c, "second half");
            c.commit();
        }
        checkpoint.get(10, TimeUnit.SECONDS);
        assertThat(segments()).hasSize(1); // the transaction's record went with the segment the checkpoint stored
        crash(database);

        try (Database reopened = Database.embedded(data)) {
            assertThat(rows(reopened)).containsExactly(digest("first half") + " {}", digest("second half") + " {}");
        }
    }

    @Test
    void h2StoresNothingOfItsOwnAccordInTheBackground() throws Exception {
        try (Database database = Database.embedded(data)) {
            try (Connection c = database.dataSource().getConnection()) {
                insert(c, "in memory until the checkpoint");
            }
            long written = fileWrites(database);
            Thread.sleep(1_500); // three times H2's default delay before it stores what was committed
            assertThat(fileWrites(database)).isEqualTo(written);
            ((JournalledDataSource) database.dataSource()).checkpoint();
            assertThat(fileWrites(database)).isGreaterThan(written);
        }
    }

    private static long fileWrites(Database database) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS "
                     + "WHERE SETTING_NAME = 'info.FILE_WRITE'")) {
            assertThat(rs.next()).isTrue();
            return Long.parseLong(rs.getString(1));
        }
    }

    @Test
    void aJournalThatDoesNotFollowTheDatabaseBesideItStopsTheStartInsteadOfBeingReplayed() throws Exception {
        Path other = data.resolve("other");
        Database.embedded(other).close(); // a database whose last journalled transaction is none
        Database database = Database.embedded(data.resolve("db"));
        try (Connection c = database.dataSource().getConnection()) {
            insert(c, "first");
            ((JournalledDataSource) database.dataSource()).checkpoint();
            insert(c, "second"); // the only record left in the journal: transaction 2
        }
        crash(database);
        Path journal = other.resolve(Database.JOURNAL_DIRECTORY);
        try (Stream<Path> stale = Files.list(journal)) {
            for (Path p : stale.toList()) {
                Files.delete(p);
            }
        }
        try (Stream<Path> segments = Files.list(data.resolve("db").resolve(Database.JOURNAL_DIRECTORY))) {
            for (Path p : segments.toList()) {
                Files.copy(p, journal.resolve(p.getFileName()));
            }
        }

        assertThatThrownBy(() -> Database.embedded(other))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("holds transaction 2 but the database holds up to 0")
                .hasMessageContaining("do not belong together");
    }

    @Test
    void aValueTheJournalCouldNotReplayIsRefusedWhenItIsBound() throws Exception {
        try (Database database = Database.embedded(data);
             Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(INSERT)) {
            assertThatThrownBy(() -> ps.setObject(1, UUID.randomUUID()))
                    .isInstanceOf(SQLFeatureNotSupportedException.class)
                    .hasMessageContaining("java.util.UUID");
        }
    }

    @Test
    void aRecordReadsBackAsItWasWritten() throws Exception {
        Object[] values = {"text", 7L, 3, (short) 2, true, Timestamp.valueOf("2026-12-04 08:30:00.123456789"),
            java.sql.Date.valueOf("2026-12-04"), LocalDate.of(2026, 12, 4), 1.5, new java.math.BigDecimal("12.30"),
            new byte[] {1, 2}, java.time.LocalDateTime.of(2026, 12, 4, 8, 30),
            java.time.OffsetDateTime.parse("2026-12-04T08:30Z"), java.time.Instant.ofEpochSecond(1, 2),
            new JournalRecord.Null(java.sql.Types.VARCHAR), null};
        JournalRecord record = new JournalRecord(41, List.of(new JournalRecord.Write("INSERT INTO t VALUES (?)",
                List.<Object[]>of(values)), new JournalRecord.Write("DELETE FROM t", List.of())));
        byte[] body = record.encode();
        assertThat(JournalRecord.decode(java.nio.ByteBuffer.wrap(body))).isEqualTo(record);
    }

    @Test
    void onlyStatementsThatChangeRowsAreJournalled() {
        assertThat(JournalRecord.isWrite(" /* why */ INSERT INTO t VALUES (1)")).isTrue();
        assertThat(JournalRecord.isWrite("-- note\nupdate t set x = 1")).isTrue();
        assertThat(JournalRecord.isWrite("MERGE INTO t KEY (id) VALUES (1)")).isTrue();
        assertThat(JournalRecord.isWrite("DELETE FROM t")).isTrue();
        assertThat(JournalRecord.isWrite("SELECT * FROM t")).isFalse();
        assertThat(JournalRecord.isWrite("CHECKPOINT SYNC")).isFalse();
        assertThat(JournalRecord.locksRows("SELECT tree_size FROM s WHERE id = 1 FOR UPDATE")).isTrue();
    }

    private static void crash(Database database) throws SQLException, IOException {
        JournalledDataSource journalled = (JournalledDataSource) database.dataSource();
        journalled.haltAsCrashWould();
        journalled.unwrap(HikariDataSource.class).close();
    }

    /** H2 closes at once; the statement and the connection then report it closed, which is the point. */
    private static void closeWithoutStoring(Connection c) {
        try (c; Statement s = c.createStatement()) {
            s.execute("SHUTDOWN IMMEDIATELY");
        } catch (SQLException expected) {
            assertThat(expected.getErrorCode()).isEqualTo(org.h2.api.ErrorCode.DATABASE_CALLED_AT_SHUTDOWN);
        }
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> segments = Files.list(data.resolve(Database.JOURNAL_DIRECTORY))) {
            return segments.sorted().toList();
        }
    }

    private static void insert(Connection c, String digest) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            bind(ps, digest);
            ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, String digest) throws SQLException {
        ps.setString(1, digest(digest));
        ps.setString(2, "commit-journal-test");
        ps.setTimestamp(3, Timestamp.valueOf("2026-12-04 08:00:00"));
        ps.setString(4, "{}");
    }

    private static String digest(String name) {
        return String.format("%-64s", name).replace(' ', '0');
    }

    private static List<String> rows(Database database) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT input_digest, summary FROM processed_input ORDER BY input_digest")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getString(2));
            }
        }
        return rows;
    }
}
