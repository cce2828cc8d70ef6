package org.bridgeway.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The gateway's relational store: the audit log, the decision log and the idempotency records. An embedded H2
 * database under the data directory by default; PostgreSQL in production. Both run the same Flyway migrations
 * and the same SQL, so whatever is written here must be portable between the two.
 */
public final class Database implements AutoCloseable {
    /** Enough for the audit writer, the dispatch threads and the API; PostgreSQL pays for every idle connection. */
    static final int MAX_CONNECTIONS = 16;
    /**
     * Statements each H2 session keeps parsed. H2's default of 8 is fewer than one notice's audit transaction uses,
     * so every statement was parsed again at every use (6% of the gateway's CPU under load).
     */
    static final int QUERY_CACHE_SIZE = 128;
    /** How long a caller waits for a connection before the database counts as unavailable (503, try again). */
    static final long CONNECTION_TIMEOUT_MILLIS = 5_000;

    static {
        // H2 interns every string value it reads or writes in a hash-keyed cache; for the audit log's long JSON
        // entries, hashing them cost more than the cache ever saves. Read once, when H2's first class loads.
        if (System.getProperty("h2.objectCache") == null) {
            System.setProperty("h2.objectCache", "false");
        }
    }
    private static final String POSTGRES_URL_PREFIX = "jdbc:postgresql:";
    private static final String H2_PRODUCT = "H2";
    /** Where embedded H2's commit journal lives, beside its database file. */
    static final String JOURNAL_DIRECTORY = "journal";
    /** The embedded database's name in its folder: H2 adds {@code .mv.db} for its file. */
    private static final String FILE_NAME = "bridgeway";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Database.class);

    private final DataSource dataSource;
    private final AutoCloseable closer;
    private final String description;

    private Database(DataSource dataSource, AutoCloseable closer, String description) {
        this(dataSource, dataSource, closer, description);
    }

    /** Migrates through {@code migrateThrough} (the schema is not journalled), then serves {@code dataSource}. */
    private Database(DataSource dataSource, DataSource migrateThrough, AutoCloseable closer, String description) {
        this.dataSource = dataSource;
        this.closer = closer;
        this.description = description;
        try {
            Flyway.configure().dataSource(migrateThrough).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            closeAfterFailure(closer, e);
            throw e;
        }
    }

    /**
     * PostgreSQL at {@code jdbcUrl} when one is configured, else embedded H2 in {@code embeddedDirectory}.
     * The password is only read (from the environment, typically) when PostgreSQL is chosen.
     */
    public static Database open(Optional<String> jdbcUrl, String user, DatabasePassword password,
                                Path embeddedDirectory) {
        return jdbcUrl.map(url -> postgres(url, user, password.reveal())).orElseGet(() -> embedded(embeddedDirectory));
    }

    /**
     * An embedded H2 database in {@code directory}, created and migrated on first use, whose commits are made durable
     * by a commit journal beside it ({@link JournalledDataSource}): replayed on open, before the migrations, because
     * it was written against the schema as it was.
     */
    public static Database embedded(Path directory) {
        // H2's background writer off (its delay as long as H2 allows; 0 would store at every commit): it stores while
        // transactions write, and after a kill H2 has reopened such a store with part of a transaction in it. H2 then
        // stores only in the writing transaction's own thread, when its changes in memory grow large, and at the
        // journal's checkpoints, which hold the writer (JournalledDataSource#checkpoint)
        String url = "jdbc:h2:file:" + directory.resolve(FILE_NAME).toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE"
                + ";WRITE_DELAY=" + Integer.MAX_VALUE + ";QUERY_CACHE_SIZE=" + QUERY_CACHE_SIZE;
        HikariConfig config = new HikariConfig();
        config.setPoolName("bridgeway-h2");
        config.setJdbcUrl(url);
        config.setUsername("bridgeway");
        config.setPassword("");
        config.setMaximumPoolSize(MAX_CONNECTIONS);
        // H2 closes the database for good when it cannot write its file (a full disk): the pool drops the dead
        // connections and opens new ones, which reopen the database once the disk has room again
        ClosedH2ConnectionsEvicted evictions = new ClosedH2ConnectionsEvicted();
        config.setExceptionOverride(evictions);
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        HikariDataSource pool = new HikariDataSource(config);
        evictions.evictAllWith(() -> pool.getHikariPoolMXBean().softEvictConnections());
        JournalledDataSource journalled;
        try {
            journalled = JournalledDataSource.open(pool, directory.resolve(JOURNAL_DIRECTORY),
                    directory.resolve(FILE_NAME + ".mv.db"));
        } catch (RuntimeException e) {
            closeAfterFailure(pool::close, e);
            throw e;
        }
        AutoCloseable closer = () -> {
            try (pool) {
                journalled.close();
            }
        };
        Database database = new Database(journalled, pool, closer, "H2 in " + directory.toAbsolutePath());
        try {
            journalled.checkpoint(); // the migrations' changes are on disk before any journalled transaction follows
        } catch (SQLException | java.io.IOException e) {
            IllegalStateException failure = new IllegalStateException("cannot store the migrated database in "
                    + directory.toAbsolutePath() + ": " + e.getMessage(), e);
            closeAfterFailure(closer, failure);
            throw failure;
        }
        journalled.startCheckpoints();
        return database;
    }

    /**
     * A PostgreSQL database through a connection pool that {@link #close()} shuts down; migrated on open. Fails
     * here, not at the first exchange, when the server cannot be reached or refuses the credentials.
     */
    public static Database postgres(String jdbcUrl, String user, String password) {
        if (!jdbcUrl.startsWith(POSTGRES_URL_PREFIX)) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL (" + POSTGRES_URL_PREFIX + "...): "
                    + withoutParameters(jdbcUrl));
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("bridgeway-db");
        config.setDriverClassName("org.postgresql.Driver");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(MAX_CONNECTIONS);
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        // A commit must be on disk before it returns, whatever the server's default: with synchronous_commit off
        // PostgreSQL acknowledges a commit whose WAL is still in memory, and a crash of the server loses it.
        config.setConnectionInitSql("SET synchronous_commit TO on");
        HikariDataSource pool = new HikariDataSource(config);
        warnIfNotSyncedToDisk(pool);
        return new Database(pool, pool::close, "PostgreSQL at " + withoutParameters(jdbcUrl) + " as " + user);
    }

    /** An externally managed data source; migrated on open, not closed by us. */
    public static Database of(DataSource dataSource) {
        return new Database(dataSource, () -> { }, "an external data source");
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Which database this is, for log lines: never a password, nor a URL's parameters (which may hold one). */
    public String describe() {
        return description;
    }

    @Override
    public void close() throws Exception {
        closer.close();
    }

    @Override
    public String toString() {
        return "Database[" + description + "]";
    }

    /**
     * Makes what has been committed durable. PostgreSQL already has: a commit returns once its WAL record is flushed
     * (synchronous_commit, the default). Embedded H2's commits are durable once its commit journal is forced: each
     * committer forces it before answering, and this forces what other committers appended but have not forced yet.
     * An H2 database without the journal (an external data source) keeps commits in memory and writes them in the
     * background every half second; {@code CHECKPOINT SYNC} writes every committed change to the file and forces it.
     */
    public static void syncCommitted(Connection c) throws SQLException {
        if (c instanceof JournalledDataSource.JournalledCommits journalled) {
            journalled.syncJournal();
            return;
        }
        if (!H2_PRODUCT.equals(c.getMetaData().getDatabaseProductName())) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("CHECKPOINT SYNC");
        } catch (SQLException e) {
            // H2 cannot write its file (a full disk): what it holds committed in memory may never reach the disk,
            // and must not be read as if it had. Close the database now, as a crash would; the next connection
            // reopens it from what is on disk, once the disk can be written again.
            try (Statement s = c.createStatement()) {
                s.execute("SHUTDOWN IMMEDIATELY");
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /**
     * What embedded H2 has written since it opened: bytes to its file and stores (each a new version of it), and
     * bytes to its commit journal.
     */
    public record StoreWrites(long bytes, long stores, long journalBytes) {
        public StoreWrites since(StoreWrites earlier) {
            return new StoreWrites(bytes - earlier.bytes, stores - earlier.stores, journalBytes - earlier.journalBytes);
        }

        public StoreWrites plus(StoreWrites other) {
            return new StoreWrites(bytes + other.bytes, stores + other.stores, journalBytes + other.journalBytes);
        }
    }

    /**
     * H2's write counters and the commit journal's, for the benchmarks: the bytes written per notice are the durable
     * path's cost, and unlike a rate they do not swing with the machine's load. Empty on PostgreSQL, whose writes are
     * the server's.
     */
    public Optional<StoreWrites> storeWrites() {
        try (Connection c = dataSource.getConnection()) {
            if (!H2_PRODUCT.equals(c.getMetaData().getDatabaseProductName())) {
                return Optional.empty();
            }
            long bytes = -1;
            long version = -1;
            try (Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery("SELECT SETTING_NAME, "
                    + "SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME IN "
                    + "('info.FILE_WRITE_BYTES', 'info.CURRENT_VERSION')")) {
                while (rs.next()) {
                    long value = Long.parseLong(rs.getString(2));
                    if (rs.getString(1).equals("info.FILE_WRITE_BYTES")) {
                        bytes = value;
                    } else {
                        version = value;
                    }
                }
            }
            long journalBytes = dataSource instanceof JournalledDataSource journalled ? journalled.journalBytes() : 0;
            return bytes < 0 || version < 0 ? Optional.empty()
                    : Optional.of(new StoreWrites(bytes, version, journalBytes));
        } catch (SQLException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * fsync is a server setting no session can change: without it a commit is in the operating system's cache, not
     * on the disk, and a power cut can take back notices already accepted. Said once, at start.
     */
    private static void warnIfNotSyncedToDisk(DataSource pool) {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SHOW fsync")) {
            if (rs.next() && "off".equalsIgnoreCase(rs.getString(1))) {
                LOG.warn("PostgreSQL runs with fsync = off: a power cut can lose notices already accepted and "
                        + "audited (a crash of the gateway or of PostgreSQL alone cannot); turn fsync on in production");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read PostgreSQL's fsync setting: " + e.getMessage(), e);
        }
    }

    /** SQLSTATE class 23, an integrity constraint violation (a duplicate key, say): H2 and PostgreSQL alike. */
    public static boolean isConstraintViolation(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("23");
    }

    private static String withoutParameters(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    }

    private static void closeAfterFailure(AutoCloseable closer, RuntimeException failure) {
        try {
            closer.close();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }
}
