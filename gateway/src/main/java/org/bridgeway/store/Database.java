package org.bridgeway.store;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The gateway's relational store: the audit log and the idempotency records. An embedded H2 database under the
 * data directory by default; any JDBC data source (PostgreSQL in production) through the same Flyway migrations.
 */
public final class Database implements AutoCloseable {
    private final DataSource dataSource;
    private final AutoCloseable closer;

    private Database(DataSource dataSource, AutoCloseable closer) {
        this.dataSource = dataSource;
        this.closer = closer;
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }

    /** An embedded H2 database in {@code directory}, created and migrated on first use. */
    public static Database embedded(Path directory) {
        String url = "jdbc:h2:file:" + directory.resolve("bridgeway").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "bridgeway", "");
        pool.setMaxConnections(16);
        return new Database(pool, pool::dispose);
    }

    /** An externally managed data source, e.g. a PostgreSQL pool; migrated on open, not closed by us. */
    public static Database of(DataSource dataSource) {
        return new Database(dataSource, () -> { });
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() throws Exception {
        closer.close();
    }
}
