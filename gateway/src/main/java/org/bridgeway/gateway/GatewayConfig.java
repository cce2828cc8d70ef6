package org.bridgeway.gateway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bridgeway.api.CallerIdentity;
import org.bridgeway.audit.sign.WitnessEndpoint;
import org.bridgeway.audit.timestamp.TimestampAuthority;
import org.bridgeway.identity.TokenSettings;
import org.bridgeway.model.Organisation;
import org.bridgeway.observability.ManagementSettings;
import org.bridgeway.policy.OpaSettings;
import org.bridgeway.store.DatabasePassword;
import org.bridgeway.transport.TlsSettings;
import org.bridgeway.transport.TransportSecurity;

/**
 * Where the gateway keeps its state and finds its definitions, and what it serves.
 *
 * @param projectRoot     the folder holding {@code routes/} and {@code policies/}
 * @param dataDirectory   database, broker journal, keys, inbox and quarantine (default {@code ./data})
 * @param operator        the organisation this gateway serves; the responsible authority of SSDA903 returns
 *                        dropped in its inbox
 * @param httpPort        the API's port on {@code httpHost}; empty for no HTTP server (the demo)
 * @param watchInbox      whether to watch {@code data/inbox/ssda903} for returns
 * @param opaUrl          an OPA server deciding instead of the embedded decision point; empty for the embedded one
 *                        (the agreements are still loaded and validated at start either way)
 * @param databaseUrl     a PostgreSQL JDBC URL; empty for the embedded H2 database under {@code dataDirectory}
 * @param databaseUser    the PostgreSQL user (ignored for H2)
 * @param databasePassword the PostgreSQL password, by default {@value DatabasePassword#ENVIRONMENT_VARIABLE};
 *                        redacted in {@link #toString()}
 * @param timestamps      an RFC 3161 time-stamping authority for the audit log's signed tree heads; empty for none
 * @param transport       how the API is served: mutual TLS, or plain HTTP only by explicit opt-in for a local
 *                        demo; with neither, a gateway with an {@code httpPort} refuses to start
 * @param tokens          where bearer tokens are checked (issue 4): with them, every API caller needs a Keycloak
 *                        token bound to its client certificate, and roles decide; empty for certificate-only
 *                        identity, the development mode
 * @param plainHttpCallers who API callers are in the plain-HTTP demo mode, where no certificate names them: the
 *                        development tooling's header identity, never part of the production gateway; empty
 *                        otherwise (callers are then their verified client certificates, and tokens)
 * @param witnesses        witnesses the gateway submits its signed heads to (c2sp.org/tlog-witness); none by default
 * @param management       the plain-HTTP management listener (health, readiness, metrics): loopback on any free port
 *                         unless set ({@code serve} sets {@code --management-port}, 9090 by default)
 * @param opaSettings      the OPA client's timeouts, retry and circuit breaker (used with {@code opaUrl});
 *                         {@link OpaSettings#defaults()} by default
 * @param shared           what this node shares with the other nodes of its deployment (an external broker, the
 *                         keys); {@link SharedServices#thisNodeOnly()} by default
 */
public record GatewayConfig(Path projectRoot, Path dataDirectory, Organisation operator, String httpHost,
                            Optional<Integer> httpPort, boolean watchInbox, Optional<String> opaUrl,
                            Optional<String> databaseUrl, String databaseUser, DatabasePassword databasePassword,
                            Optional<TimestampAuthority> timestamps, TransportSecurity transport,
                            Optional<TokenSettings> tokens, Optional<CallerIdentity> plainHttpCallers,
                            List<WitnessEndpoint> witnesses, ManagementSettings management,
                            OpaSettings opaSettings, SharedServices shared) {
    public static final String DEFAULT_DATABASE_USER = "bridgeway";

    public GatewayConfig {
        Objects.requireNonNull(databaseUrl, "databaseUrl");
        Objects.requireNonNull(databaseUser, "databaseUser");
        Objects.requireNonNull(databasePassword, "databasePassword");
        Objects.requireNonNull(timestamps, "timestamps");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(plainHttpCallers, "plainHttpCallers");
        witnesses = List.copyOf(witnesses);
        Objects.requireNonNull(management, "management");
        Objects.requireNonNull(opaSettings, "opaSettings");
        Objects.requireNonNull(shared, "shared");
        if (plainHttpCallers.isPresent() && !transport.plainHttp()) {
            throw new IllegalArgumentException("only the plain-HTTP demo mode names callers other than by certificate");
        }
    }

    /**
     * The management listener on loopback, any free port (never clashing with another gateway on the machine), and
     * the OPA client with its default settings.
     */
    public GatewayConfig(Path projectRoot, Path dataDirectory, Organisation operator, String httpHost,
                         Optional<Integer> httpPort, boolean watchInbox, Optional<String> opaUrl,
                         Optional<String> databaseUrl, String databaseUser, DatabasePassword databasePassword,
                         Optional<TimestampAuthority> timestamps, TransportSecurity transport,
                         Optional<TokenSettings> tokens, Optional<CallerIdentity> plainHttpCallers,
                         List<WitnessEndpoint> witnesses) {
        this(projectRoot, dataDirectory, operator, httpHost, httpPort, watchInbox, opaUrl, databaseUrl, databaseUser,
                databasePassword, timestamps, transport, tokens, plainHttpCallers, witnesses,
                ManagementSettings.anyFreePort(), OpaSettings.defaults(), SharedServices.thisNodeOnly());
    }

    /** Without witnesses the log's heads are cosigned only by those who fetch them. */
    public GatewayConfig(Path projectRoot, Path dataDirectory, Organisation operator, String httpHost,
                         Optional<Integer> httpPort, boolean watchInbox, Optional<String> opaUrl,
                         Optional<String> databaseUrl, String databaseUser, DatabasePassword databasePassword,
                         Optional<TimestampAuthority> timestamps, TransportSecurity transport,
                         Optional<TokenSettings> tokens, Optional<CallerIdentity> plainHttpCallers) {
        this(projectRoot, dataDirectory, operator, httpHost, httpPort, watchInbox, opaUrl, databaseUrl, databaseUser,
                databasePassword, timestamps, transport, tokens, plainHttpCallers, List.of());
    }

    /** Certificate (and token) identity: how every gateway serving over mutual TLS knows its callers. */
    public GatewayConfig(Path projectRoot, Path dataDirectory, Organisation operator, String httpHost,
                         Optional<Integer> httpPort, boolean watchInbox, Optional<String> opaUrl,
                         Optional<String> databaseUrl, String databaseUser, DatabasePassword databasePassword,
                         Optional<TimestampAuthority> timestamps, TransportSecurity transport,
                         Optional<TokenSettings> tokens) {
        this(projectRoot, dataDirectory, operator, httpHost, httpPort, watchInbox, opaUrl, databaseUrl, databaseUser,
                databasePassword, timestamps, transport, tokens, Optional.empty());
    }

    /** Without token settings: certificate-only identity. */
    public GatewayConfig(Path projectRoot, Path dataDirectory, Organisation operator, String httpHost,
                         Optional<Integer> httpPort, boolean watchInbox, Optional<String> opaUrl,
                         Optional<String> databaseUrl, String databaseUser, DatabasePassword databasePassword,
                         Optional<TimestampAuthority> timestamps, TransportSecurity transport) {
        this(projectRoot, dataDirectory, operator, httpHost, httpPort, watchInbox, opaUrl, databaseUrl, databaseUser,
                databasePassword, timestamps, transport, Optional.empty());
    }

    public GatewayConfig(Path projectRoot, Path dataDirectory, Organisation operator, String httpHost,
                         Optional<Integer> httpPort, boolean watchInbox, Optional<String> opaUrl) {
        this(projectRoot, dataDirectory, operator, httpHost, httpPort, watchInbox, opaUrl, Optional.empty(),
                DEFAULT_DATABASE_USER, DatabasePassword.fromEnvironment(), Optional.empty(), TransportSecurity.unset());
    }

    public GatewayConfig(Path projectRoot, Path dataDirectory, Organisation operator, String httpHost,
                         Optional<Integer> httpPort, boolean watchInbox) {
        this(projectRoot, dataDirectory, operator, httpHost, httpPort, watchInbox, Optional.empty());
    }

    public Path routesDirectory() {
        return projectRoot.resolve("routes");
    }

    public Path agreementsDirectory() {
        return projectRoot.resolve("policies").resolve("agreements");
    }

    /** The early-warning thresholds: policy data, validated at start ({@code policies/early-warnings/}). */
    public Path earlyWarningsDirectory() {
        return projectRoot.resolve("policies").resolve("early-warnings");
    }

    /** The deadlines of tracked work: policy data, validated at start ({@code policies/workflows/}). */
    public Path workflowsDirectory() {
        return projectRoot.resolve("policies").resolve("workflows");
    }

    /** The locator index's retention and limits: policy data, validated at start ({@code policies/locator/}). */
    public Path locatorDirectory() {
        return projectRoot.resolve("policies").resolve("locator");
    }

    /** The council directory and bank-holiday calendar: reference data, validated at start ({@code policies/directory/}). */
    public Path directoryDirectory() {
        return projectRoot.resolve("policies").resolve("directory");
    }

    public Path inbox() {
        return dataDirectory.resolve("inbox").resolve("ssda903");
    }

    public Path quarantine() {
        return dataDirectory.resolve("quarantine");
    }

    public Path embeddedDatabaseDirectory() {
        return dataDirectory.resolve("db");
    }

    public GatewayConfig withHttp(String host, int port) {
        return new GatewayConfig(projectRoot, dataDirectory, operator, host, Optional.of(port), watchInbox, opaUrl,
                databaseUrl, databaseUser, databasePassword, timestamps, transport, tokens, plainHttpCallers,
                witnesses, management, opaSettings, shared);
    }

    public GatewayConfig withInbox(boolean watch) {
        return new GatewayConfig(projectRoot, dataDirectory, operator, httpHost, httpPort, watch, opaUrl,
                databaseUrl, databaseUser, databasePassword, timestamps, transport, tokens, plainHttpCallers,
                witnesses, management, opaSettings, shared);
    }

    public GatewayConfig withOpa(String url) {
        return new GatewayConfig(projectRoot, dataDirectory, operator, httpHost, httpPort, watchInbox, Optional.of(url),
                databaseUrl, databaseUser, databasePassword, timestamps, transport, tokens, plainHttpCallers,
                witnesses, management, opaSettings, shared);
    }

    /** PostgreSQL at {@code jdbcUrl}, with the password from {@value DatabasePassword#ENVIRONMENT_VARIABLE}. */
    public GatewayConfig withDatabase(String jdbcUrl, String user) {
        return withDatabase(jdbcUrl, user, DatabasePassword.fromEnvironment());
    }

    public GatewayConfig withDatabase(String jdbcUrl, String user, DatabasePassword password) {
        return new GatewayConfig(projectRoot, dataDirectory, operator, httpHost, httpPort, watchInbox, opaUrl,
                Optional.of(jdbcUrl), user, password, timestamps, transport, tokens, plainHttpCallers,
                witnesses, management, opaSettings, shared);
    }

    public GatewayConfig withTimestamps(TimestampAuthority authority) {
        return new GatewayConfig(projectRoot, dataDirectory, operator, httpHost, httpPort, watchInbox, opaUrl,
                databaseUrl, databaseUser, databasePassword, Optional.of(authority), transport, tokens,
                plainHttpCallers, witnesses, management, opaSettings, shared);
    }

    public GatewayConfig withTransport(TransportSecurity security) {
        return new GatewayConfig(projectRoot, dataDirectory, operator, httpHost, httpPort, watchInbox, opaUrl,
                databaseUrl, databaseUser, databasePassword, timestamps, security, tokens, plainHttpCallers,
                witnesses, management, opaSettings, shared);
    }

    /** Bearer tokens checked with these settings on top of the client certificate (needs mutual TLS). */
    public GatewayConfig withTokens(TokenSettings settings) {
        return new GatewayConfig(projectRoot, dataDirectory, operator, httpHost, httpPort, watchInbox, opaUrl,
                databaseUrl, databaseUser, databasePassword, timestamps, transport, Optional.of(settings),
                plainHttpCallers, witnesses, management, opaSettings, shared);
    }

    /** Mutual TLS with these settings, keeping the failure limits already configured. */
    public GatewayConfig withTls(TlsSettings tls) {
        return withTransport(TransportSecurity.mutualTls(tls).withFailureLimit(transport.failureLimit()));
    }

    /** Witnesses the gateway submits its signed heads to (c2sp.org/tlog-witness), storing their cosignatures. */
    public GatewayConfig withWitnesses(List<WitnessEndpoint> endpoints) {
        return new GatewayConfig(projectRoot, dataDirectory, operator, httpHost, httpPort, watchInbox, opaUrl,
                databaseUrl, databaseUser, databasePassword, timestamps, transport, tokens, plainHttpCallers,
                endpoints, management, opaSettings, shared);
    }

    /** The services and keys this node shares with the other nodes of its deployment. */
    public GatewayConfig withShared(SharedServices services) {
        return new GatewayConfig(projectRoot, dataDirectory, operator, httpHost, httpPort, watchInbox, opaUrl,
                databaseUrl, databaseUser, databasePassword, timestamps, transport, tokens, plainHttpCallers,
                witnesses, management, opaSettings, services);
    }

    /** The audit signing key, its certificate and the keyed digests' secrets: the same on every node. */
    public Path keysDirectory() {
        return shared.keysDirectory().orElse(dataDirectory.resolve("keys"));
    }

    /** The OPA client's timeouts, retry and circuit breaker. */
    public GatewayConfig withOpaSettings(OpaSettings settings) {
        return new GatewayConfig(projectRoot, dataDirectory, operator, httpHost, httpPort, watchInbox, opaUrl,
                databaseUrl, databaseUser, databasePassword, timestamps, transport, tokens, plainHttpCallers,
                witnesses, management, settings, shared);
    }

    /**
     * FOR A LOCAL DEMO ONLY: plain HTTP on loopback, callers named by {@code callers} (the development tooling's
     * header identity), which proves nothing.
     */
    public GatewayConfig withPlainHttpForDemo(CallerIdentity callers) {
        return new GatewayConfig(projectRoot, dataDirectory, operator, httpHost, httpPort, watchInbox, opaUrl,
                databaseUrl, databaseUser, databasePassword, timestamps,
                TransportSecurity.plainHttpForDemo().withFailureLimit(transport.failureLimit()), tokens,
                Optional.of(callers), witnesses, management, opaSettings, shared);
    }

    /** The plain-HTTP management listener (health, readiness, metrics) on this address. */
    public GatewayConfig withManagement(ManagementSettings settings) {
        return new GatewayConfig(projectRoot, dataDirectory, operator, httpHost, httpPort, watchInbox, opaUrl,
                databaseUrl, databaseUser, databasePassword, timestamps, transport, tokens, plainHttpCallers,
                witnesses, settings, opaSettings, shared);
    }

    /** Embedded defaults: data under {@code ./data}, no HTTP, no inbox watcher, serving Kent County Council. */
    public static GatewayConfig embeddedDefaults(Path projectRoot) {
        return new GatewayConfig(projectRoot, projectRoot.resolve("data"),
                Organisation.parseId("local-authority:886"), "127.0.0.1", Optional.empty(), false);
    }

    /**
     * The project root: {@code BRIDGEWAY_HOME} when set, else the first folder upwards from the working
     * directory that holds both {@code routes/} and {@code policies/}.
     */
    public static Path locateProjectRoot() {
        String home = System.getenv("BRIDGEWAY_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home).toAbsolutePath();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("routes")) && Files.isDirectory(p.resolve("policies"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the Bridgeway project root (a folder with routes/ and policies/); "
                + "run from inside it or set BRIDGEWAY_HOME");
    }
}
