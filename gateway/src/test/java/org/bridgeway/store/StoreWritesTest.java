package org.bridgeway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import org.bridgeway.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmarks' measure of the durable path: what embedded H2 writes to its commit journal and to its file. */
class StoreWritesTest {
    @TempDir
    Path data;

    @Test
    void aCommitIsWrittenToTheJournalNotStoredInTheFile() throws Exception {
        try (Database database = Database.embedded(data.resolve("db"))) {
            Database.StoreWrites before = database.storeWrites().orElseThrow();
            try (Connection c = database.dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement(
                         "INSERT INTO processed_input (input_digest, source, processed_at, summary) VALUES (?, ?, ?, ?)")) {
                for (int i = 0; i < 3; i++) {
                    ps.setString(1, "%064d".formatted(i));
                    ps.setString(2, "store-writes-test");
                    ps.setTimestamp(3, java.sql.Timestamp.valueOf("2026-12-03 10:00:00"));
                    ps.setString(4, "{}");
                    ps.executeUpdate();
                    Database.syncCommitted(c);
                }
            }
            Database.StoreWrites run = database.storeWrites().orElseThrow().since(before);
            // each commit's record holds its statement and the digest it bound (64 characters)
            assertThat(run.journalBytes()).isGreaterThan(3 * 64);
            assertThat(run.stores()).isLessThan(3); // H2 stores in the background and at checkpoints, not per commit
        }
    }

    @Test
    void postgresWritesAreTheServersAndAreNotCounted() throws Exception {
        PostgresServer.TestDatabase db = PostgresServer.newDatabase();
        try (Database database = Database.postgres(db.jdbcUrl(), db.user(), db.password())) {
            assertThat(database.storeWrites()).isEmpty();
        }
    }
}
