package org.bridgeway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.gateway.GatewayConfig;
import org.bridgeway.pipeline.Outcome;
import org.bridgeway.store.DatabasePassword;

/**
 * Starts real gateways for tests: embedded Artemis, H2 (or a {@link PostgresServer} database) and the embedded
 * policy decision point, on a data directory the test owns (a JUnit {@code @TempDir}), with the project's own
 * routes and policies. Records every outcome the gateway publishes. Gateways serving their API over mutual TLS
 * need the development PKI, so their fixture lives with the development tooling (gateway/devtools).
 */
public final class GatewayFixture implements AutoCloseable {
    private final Gateway gateway;
    private final List<Outcome> outcomes = new ArrayList<>();
    private final Integer httpPort;

    private GatewayFixture(GatewayConfig config) {
        this(config, Clock.systemUTC());
    }

    private GatewayFixture(GatewayConfig config, Clock clock) {
        this.gateway = Gateway.start(config, clock);
        this.httpPort = gateway.apiPort().isPresent() ? gateway.apiPort().getAsInt() : null;
        gateway.outcomes().add(o -> {
            synchronized (outcomes) {
                outcomes.add(o);
            }
        });
    }

    /**
     * What the sample return (samples/ssda903/kent-2025) delivers: its seven out-of-area placements, each to the host
     * authority and the placement area's health team. The host forces are told of none: the return carries no risk
     * and no high-risk judgement, and ISA-PN-2025 2.0 tells a force only of those (issue 19).
     */
    public static final int SAMPLE_RETURN_DELIVERIES = 7 * 2;

    /** A gateway with no HTTP server and no inbox watcher, serving Kent (886). */
    public static GatewayFixture start(Path dataDirectory) {
        return new GatewayFixture(config(dataDirectory));
    }

    /** A gateway with any configuration, e.g. {@link #config(Path, PostgresServer.TestDatabase)}. */
    public static GatewayFixture start(GatewayConfig config) {
        return new GatewayFixture(config);
    }

    /** A gateway with any configuration and its own clock (e.g. a {@link MovableClock}). */
    public static GatewayFixture start(GatewayConfig config, Clock clock) {
        return new GatewayFixture(config, clock);
    }

    /** A gateway like {@link #start(Path)} keeping its records in a PostgreSQL database instead of H2. */
    public static GatewayFixture startOnPostgres(Path dataDirectory, PostgresServer.TestDatabase database) {
        return start(config(dataDirectory, database));
    }

    /** {@link #config(Path)} with its records in {@code database}, logging in with the database's password. */
    public static GatewayConfig config(Path dataDirectory, PostgresServer.TestDatabase database) {
        return config(dataDirectory).withDatabase(database.jdbcUrl(), database.user(),
                DatabasePassword.of(database.password()));
    }

    public static GatewayConfig config(Path dataDirectory) {
        GatewayConfig defaults = GatewayConfig.embeddedDefaults(projectRoot());
        return new GatewayConfig(defaults.projectRoot(), dataDirectory, defaults.operator(), defaults.httpHost(),
                defaults.httpPort(), false);
    }

    public static Path projectRoot() {
        return GatewayConfig.locateProjectRoot();
    }

    public static Path samples() {
        return projectRoot().resolve("samples");
    }

    public Gateway gateway() {
        return gateway;
    }

    /** The API's base URL, e.g. https://127.0.0.1:41234/api/v1 (http:// in the plain-HTTP demo mode). */
    public String apiBase() {
        if (httpPort == null) {
            throw new IllegalStateException("this gateway has no HTTP server");
        }
        String scheme = gateway.config().transport().tls().isPresent() ? "https" : "http";
        return scheme + "://127.0.0.1:" + httpPort + "/api/v1";
    }

    public List<Outcome> outcomes() {
        synchronized (outcomes) {
            return List.copyOf(outcomes);
        }
    }

    public <T extends Outcome> List<T> outcomes(Class<T> type) {
        return outcomes().stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Override
    public void close() {
        gateway.close();
    }

    /**
     * The port a gateway's own listeners are given in tests: the OS picks a free one as it binds, so no other process
     * (a browser, a driver, a parallel build) can take it between choosing and binding, as it can a
     * {@link #freePort()}; {@link #apiBase()} reads the port actually bound.
     */
    public static final int ANY_FREE_PORT = 0;

    /** A port nothing listens on now (the OS's next free one), for a server to take or a client to find closed. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
