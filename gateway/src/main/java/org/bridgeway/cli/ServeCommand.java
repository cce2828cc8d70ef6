package org.bridgeway.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.bridgeway.audit.sign.WitnessEndpoint;
import org.bridgeway.audit.timestamp.Rfc3161Client;
import org.bridgeway.console.ConsoleServer;
import org.bridgeway.console.ConsoleSettings;
import org.bridgeway.delivery.BrokerCredentials;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.gateway.GatewayConfig;
import org.bridgeway.gateway.SharedServices;
import org.bridgeway.identity.TokenSettings;
import org.bridgeway.model.Organisation;
import org.bridgeway.observability.ManagementSettings;
import org.bridgeway.policy.OpaSettings;
import org.bridgeway.transport.PkiDirectory;
import org.bridgeway.transport.TlsSettings;
import org.bridgeway.warmup.Rehearsal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the gateway until it is stopped; SIGTERM drains in-flight exchanges before exiting. The API is served
 * over mutual TLS: with the PKI folder of {@code --tls-dir}, or with an operator's own key store, roots and CRLs.
 * Plain HTTP only with {@code --insecure-http}, on loopback, for a local demo. Generating a development PKI on
 * first use and the plain-HTTP mode's caller identity come from the development launcher
 * ({@link DevelopmentServing}); the production command line refuses both.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the gateway until stopped (SIGTERM drains in-flight work).",
        footer = {"", "Every option can also be set in the environment, BRIDGEWAY_ and its name in capitals with _ for -"
                + " (BRIDGEWAY_PORT), or in the properties file of --config, its name without the dashes (port = 8443)."
                + " The command line wins over the environment, the environment over the file, the file over the"
                + " default. A repeatable option takes its values comma-separated there. Secrets only from the"
                + " environment. See docs/configuration.md.", ""})
final class ServeCommand implements Callable<Integer> {
    /** The server key store's password for {@code --tls-key-store}: never on the command line, where ps shows it. */
    static final String KEY_STORE_PASSWORD_VARIABLE = "BRIDGEWAY_TLS_KEY_STORE_PASSWORD";
    /** The console client's secret at the realm: from the environment, never an option (it would show in ps). */
    static final String CONSOLE_CLIENT_SECRET_VARIABLE = "BRIDGEWAY_CONSOLE_CLIENT_SECRET";

    private final Optional<DevelopmentServing> development;

    /** The production command. */
    ServeCommand() {
        this(Optional.empty());
    }

    ServeCommand(Optional<DevelopmentServing> development) {
        this.development = development;
    }

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port of the API (default ${DEFAULT-VALUE}).")
    int port;

    @picocli.CommandLine.Mixin
    DataDirectoryOption data;

    @Option(names = "--operator", defaultValue = "local-authority:886",
            description = "The organisation this gateway serves; the responsible authority of returns dropped in its inbox (default ${DEFAULT-VALUE}).")
    String operator;

    @Option(names = "--opa-url", description = "Decide with this OPA server (loaded with `./bridgeway policy bundle`) instead of the embedded decision point.")
    String opaUrl;

    // The OPA client's timeouts, retry and circuit breaker (OpaSettings); the defaults are OpaSettings.defaults()
    @Option(names = "--opa-connect-timeout-ms", defaultValue = "1000", paramLabel = "MS",
            description = "With --opa-url: how long to wait for the connection to OPA (default ${DEFAULT-VALUE}).")
    long opaConnectTimeoutMs;

    @Option(names = "--opa-request-timeout-ms", defaultValue = "2000", paramLabel = "MS",
            description = "With --opa-url: how long to wait for one answer from OPA (default ${DEFAULT-VALUE}).")
    long opaRequestTimeoutMs;

    @Option(names = "--opa-attempts", defaultValue = "3", paramLabel = "N",
            description = "With --opa-url: attempts per decision, the first included; I/O errors, timeouts and 5xx answers are retried (default ${DEFAULT-VALUE}).")
    int opaAttempts;

    @Option(names = "--opa-backoff-ms", defaultValue = "100", paramLabel = "MS",
            description = "With --opa-url: the wait before the second attempt, doubled before each further one, at most 5 s (default ${DEFAULT-VALUE}).")
    long opaBackoffMs;

    @Option(names = "--opa-circuit-window", defaultValue = "5", paramLabel = "N",
            description = "With --opa-url: how many of the latest decisions the circuit breaker judges (default ${DEFAULT-VALUE}).")
    int opaCircuitWindow;

    @Option(names = "--opa-circuit-failure-rate", defaultValue = "100", paramLabel = "PERCENT",
            description = "With --opa-url: the percentage of those decisions finding OPA unavailable that opens the circuit; while open, decisions are denied without asking OPA (default ${DEFAULT-VALUE}: the whole window failed in a row).")
    int opaCircuitFailureRate;

    @Option(names = "--opa-circuit-open-seconds", defaultValue = "30", paramLabel = "S",
            description = "With --opa-url: how long the circuit stays open before one trial request (default ${DEFAULT-VALUE}).")
    long opaCircuitOpenSeconds;

    @Option(names = "--tsa-url", description = "An RFC 3161 time-stamping authority for the audit log's signed tree heads.")
    URI tsaUrl;

    @Option(names = "--tsa-cert", description = "The time-stamping authority's certificate (PEM); required with --tsa-url.")
    Path tsaCertificate;

    @Option(names = "--witness", arity = "1..2", split = "[,\\s]+", splitSynopsisLabel = ",", paramLabel = "URL VKEY",
            description = "A witness to submit the log's signed heads to (c2sp.org/tlog-witness): its submission prefix and its verifier key, as `witness serve` prints them. Repeatable.")
    List<String> witnesses = List.of();

    @picocli.CommandLine.Mixin
    DatabaseOptions database;

    @Option(names = "--tls-dir", paramLabel = "DIR",
            description = "A PKI folder as `./bridgeway certs-dev` writes it (default certs-dev/out under the project root; the development launcher generates one there on first use).")
    Path tlsDir;

    @Option(names = "--tls-key-store", paramLabel = "P12",
            description = "Instead of --tls-dir: the gateway's server key store (PKCS#12); its password from " + KEY_STORE_PASSWORD_VARIABLE + ".")
    Path keyStore;

    @Option(names = "--tls-trust-anchor", paramLabel = "PEM", split = ",", description = "With --tls-key-store: a root CA trusted for client certificates (repeatable).")
    List<Path> trustAnchors;

    @Option(names = "--tls-intermediate", paramLabel = "PEM", split = ",", description = "With --tls-key-store: an intermediate CA that may complete a client's chain (repeatable).")
    List<Path> intermediates;

    @Option(names = "--tls-crl", paramLabel = "CRL", split = ",", description = "With --tls-key-store: the CRL of a CA issuing client certificates (repeatable; re-read when it changes).")
    List<Path> crls;

    @Option(names = "--token-issuer", paramLabel = "URL",
            description = "Require a Keycloak access token bound to the client certificate (RFC 8705) from every API caller, issued by this realm (its `iss`, e.g. https://host:8443/realms/bridgeway); roles then come from the token. Needs --token-jwks. Without it: certificate-only identity (development mode).")
    String tokenIssuer;

    @Option(names = "--token-jwks", paramLabel = "URL", description = "The realm's JWKS (HTTPS), e.g. <issuer>/protocol/openid-connect/certs.")
    URI tokenJwks;

    @Option(names = "--token-trust", paramLabel = "PEM", description = "The CA certificate to trust for the JWKS call when the JVM does not (e.g. the development root, certs-dev/out/root-ca.pem).")
    Path tokenTrust;

    @Option(names = "--insecure-http",
            description = "FOR A LOCAL DEMO ONLY: serve plain HTTP on a loopback address, callers named by the X-Bridgeway-Organisation header, which proves nothing.")
    boolean insecureHttp;

    @Option(names = "--console-port", paramLabel = "PORT",
            description = "Serve the console for people on this HTTPS port (docs/console.md); needs --token-issuer, TLS, "
                    + "and the console client's secret in " + CONSOLE_CLIENT_SECRET_VARIABLE + ". Off when not given.")
    Integer consolePort;

    @Option(names = "--console-origin", paramLabel = "URL",
            description = "With --console-port: the origin browsers reach the console at (https://host[:port]), when "
                    + "not https://<host>:<console-port>; Keycloak's redirect URIs must name its /callback.")
    URI consoleOrigin;

    @Option(names = "--console-client-id", defaultValue = "bridgeway-console", paramLabel = "ID",
            description = "With --console-port: the console's client at the realm (default ${DEFAULT-VALUE}).")
    String consoleClientId;

    @Option(names = "--broker-url", paramLabel = "URL",
            description = "Keep the mailboxes on this external Artemis broker pair (core protocol, both brokers: "
                    + "(tcp://a:61616,tcp://b:61616)?ha=true), shared by every gateway node, instead of a broker "
                    + "embedded in this one. User and password from " + BrokerCredentials.USER_VARIABLE + " and "
                    + BrokerCredentials.PASSWORD_VARIABLE + ". See docs/multi-node.md.")
    void brokerUrl(String value) {
        ConfigurationDefaults.refuseCredentialsInUrl(spec, "broker-url", "the command line", value);
        brokerUrl = value;
    }

    String brokerUrl;

    @Option(names = "--broker-trust-anchor", paramLabel = "PEM",
            description = "With --broker-url: reach the broker pair over TLS, trusting only this root (PEM) and "
                    + "checking each broker's name against its certificate.")
    Path brokerTrustAnchor;

    @Option(names = "--keys", paramLabel = "DIR",
            description = "The audit signing key, its certificate and the keyed digests' secrets (default "
                    + "<data>/keys, created on first start). Every node of one deployment reads the same keys "
                    + "(a mounted secret).")
    Path keys;

    @Option(names = "--management-host", defaultValue = ManagementSettings.DEFAULT_HOST,
            description = "Address of the plain-HTTP management listener: /health/live, /health/ready, /metrics (default ${DEFAULT-VALUE}).")
    String managementHost;

    @Option(names = "--management-port", defaultValue = "" + ManagementSettings.DEFAULT_PORT,
            description = "Port of the management listener, separate from the mutual-TLS API; 0 for any free port (default ${DEFAULT-VALUE}).")
    int managementPort;
    // Configuration (helper "config"): the file the options left off the command line and the environment come from
    @Option(names = ConfigurationDefaults.CONFIG_OPTION, paramLabel = "FILE",
            description = "A properties file of options (key: the option's long name without the dashes); also "
                    + ConfigurationDefaults.CONFIG_VARIABLE + ". Unknown keys and secrets in it are refused.")
    Path config;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--warm-up-seconds", defaultValue = "60", paramLabel = "S",
            description = "Before it reports ready, rehearse the pipeline on synthetic notices in a scratch gateway of "
                    + "its own (under <data>/rehearsal, removed after) for at most S seconds, until the JIT compiler "
                    + "has settled, so that the first real notices run at full speed; 0 for no rehearsal "
                    + "(default ${DEFAULT-VALUE}). docs/benchmarks.md#first-minute.")
    int warmUpSeconds;

    @Option(names = "--log-format", defaultValue = "json", paramLabel = "json|text",
            description = "Log lines on stderr as JSON objects, one a line, for a log shipper; or as text for a person "
                    + "at a terminal (default ${DEFAULT-VALUE}). Fields and correlation ids: docs/logging.md.")
    Logging.Format logFormat;

    @Override
    public Integer call() throws Exception {
        if (warmUpSeconds < 0) {
            throw usage("--warm-up-seconds is a number of seconds: 0 for no rehearsal, or more");
        }
        Path root = GatewayConfig.locateProjectRoot();
        GatewayConfig base = GatewayConfig.embeddedDefaults(root);
        GatewayConfig config = new GatewayConfig(root, data.resolve(base),
                Organisation.parseId(operator), host, java.util.Optional.of(port), true,
                java.util.Optional.ofNullable(opaUrl));
        config = config.withOpaSettings(opaSettings());
        if (tsaUrl != null) {
            if (tsaCertificate == null) {
                throw usage("--tsa-url needs --tsa-cert: a token is only worth what its signer's certificate proves");
            }
            config = config.withTimestamps(new Rfc3161Client(tsaUrl, Certificates.readX509(tsaCertificate)));
        }
        config = config.withWitnesses(witnessEndpoints());
        try {
            config = config.withManagement(new ManagementSettings(managementHost, managementPort));
        } catch (IllegalArgumentException e) {
            throw usage("--management-port: " + e.getMessage());
        }
        config = database.applyTo(config);
        config = config.withShared(sharedServices());
        if (tokenIssuer != null || tokenJwks != null || tokenTrust != null) {
            if (tokenIssuer == null || tokenJwks == null) {
                throw usage("--token-issuer and --token-jwks go together");
            }
            if (insecureHttp) {
                throw usage("tokens are bound to client certificates: they need mutual TLS, not --insecure-http");
            }
            config = config.withTokens(TokenSettings.of(tokenIssuer, tokenJwks,
                    java.util.Optional.ofNullable(tokenTrust).map(Path::toAbsolutePath)));
        }
        checkConsoleOptions(config);
        String scheme;
        if (insecureHttp) {
            if (tlsDir != null || keyStore != null) {
                throw usage("--insecure-http serves without TLS: drop the --tls-* options, or drop --insecure-http");
            }
            DevelopmentServing demo = development.orElseThrow(() -> usage("--insecure-http is a development mode: "
                    + "run it with the development launcher (./bridgeway), not the production jar"));
            config = config.withPlainHttpForDemo(demo.plainHttpCallers());
            scheme = "http";
        } else {
            config = config.withTls(tls(root));
            scheme = "https";
        }
        Optional<ConsoleSettings> console = consoleSettings(config);
        Logging.use(logFormat); // once the command line is known good: its refusals stay plain text
        Gateway gateway;
        try {
            gateway = Gateway.start(config);
        } catch (IllegalStateException e) {
            // the JDK's file exceptions say only the path: say what is wrong with it
            throw e.getCause() instanceof java.io.IOException io
                    ? new CommandFailure("could not start: " + org.bridgeway.verifier.FileProblems.describe(io),
                            "check --data and the files the options name", e)
                    : new CommandFailure(e.getMessage(), "check the options it names", e);
        }
        if (insecureHttp) {
            System.err.println("WARNING: plain HTTP, no authentication: any local process may claim to be any "
                    + "organisation with the X-Bridgeway-Organisation header. For a local demo only.");
        }
        Optional<ConsoleServer> consoleServer;
        try {
            consoleServer = console.map(settings -> ConsoleServer.start(settings, gateway));
        } catch (RuntimeException e) {
            gateway.close();
            throw new CommandFailure("could not start the console: " + e.getMessage(),
                    "check --console-* and that the realm at --token-issuer answers", e);
        }
        Optional<Rehearsal> rehearsal = warmUpSeconds > 0
                ? Optional.of(new Rehearsal(config, Duration.ofSeconds(warmUpSeconds)))
                : Optional.empty();
        rehearsal.ifPresent(gateway::addHealthCheck); // not ready until it has run
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Bridgeway stopping: draining in-flight exchanges");
            rehearsal.ifPresent(Rehearsal::stop);
            consoleServer.ifPresent(ConsoleServer::close);
            gateway.close();
            stopped.countDown();
        }, "bridgeway-shutdown"));
        System.out.printf("Bridgeway serving %s on %s://%s:%d/api/v1%s ; SSDA903 inbox %s ; audit log %d entries%n",
                config.operator().id(), scheme, host, port, insecureHttp ? " (PLAIN HTTP)"
                        : config.tokens().isPresent() ? " (mutual TLS and certificate-bound tokens)"
                        : " (mutual TLS, certificate-only identity: development mode)",
                config.inbox(), gateway.auditLog().size());
        System.out.printf("Management (health, readiness, metrics) on http://%s:%d%n", managementHost,
                gateway.managementPort());
        consoleServer.ifPresent(c -> System.out.printf("Console for people on %s%n", c.origin()));
        rehearsal.ifPresent(r -> {
            System.out.printf("Rehearsing the pipeline on synthetic notices for at most %d s before reporting ready%n",
                    warmUpSeconds);
            System.out.printf("Rehearsal done: %s%n", r.run().describe());
        });
        stopped.await();
        return 0;
    }

    /** An external broker and shared keys when given; a node on its own otherwise. */
    private SharedServices sharedServices() {
        SharedServices shared = SharedServices.thisNodeOnly();
        if (brokerUrl != null) {
            BrokerCredentials credentials = BrokerCredentials.fromEnvironment();
            try {
                credentials.password();
            } catch (IllegalStateException e) {
                throw usage("--broker-url: " + e.getMessage());
            }
            if (!brokerUrl.startsWith("tcp://") && !brokerUrl.startsWith("(tcp://")) {
                throw usage("--broker-url takes an Artemis core URL, tcp://host:port or (tcp://a:port,tcp://b:port)"
                        + "?ha=true for a pair, not " + brokerUrl.replaceAll("\\?.*", ""));
            }
            shared = shared.withBroker(brokerUrl, credentials,
                    java.util.Optional.ofNullable(brokerTrustAnchor).map(Path::toAbsolutePath));
        } else if (brokerTrustAnchor != null) {
            throw usage("--broker-trust-anchor goes with --broker-url");
        }
        return keys == null ? shared : shared.withKeys(keys.toAbsolutePath());
    }

    /** Refuses, before anything is read or started, console options that cannot work together. */
    private void checkConsoleOptions(GatewayConfig config) {
        if (consolePort == null) {
            if (consoleOrigin != null) {
                throw usage("--console-origin goes with --console-port");
            }
            return;
        }
        if (config.tokens().isEmpty()) {
            throw usage("--console-port signs people in through the realm: give --token-issuer and --token-jwks");
        }
        if (insecureHttp) {
            throw usage("--console-port serves over HTTPS with the gateway's key store: it needs TLS, not "
                    + "--insecure-http");
        }
    }

    /** The console's settings when --console-port is given, refused as a usage error when they cannot work. */
    Optional<ConsoleSettings> consoleSettings(GatewayConfig config) {
        if (consolePort == null) {
            return Optional.empty();
        }
        String secret = System.getenv(CONSOLE_CLIENT_SECRET_VARIABLE);
        if (secret == null || secret.isBlank()) {
            throw usage("--console-port needs the console client's secret in " + CONSOLE_CLIENT_SECRET_VARIABLE);
        }
        TlsSettings tls = config.transport().tls().get();
        try {
            return Optional.of(new ConsoleSettings(host, consolePort, tls.keyStore(), tls.keyStorePassword(),
                    consoleOrigin, URI.create(config.tokens().get().issuer()), consoleClientId, secret,
                    config.tokens().get().realmTls(), ConsoleSettings.DEFAULT_IDLE_TIMEOUT));
        } catch (IllegalArgumentException e) {
            throw usage("--console-*: " + e.getMessage());
        }
    }

    private TlsSettings tls(Path root) {
        if (keyStore != null) {
            if (tlsDir != null) {
                throw usage("give --tls-dir or --tls-key-store, not both");
            }
            String password = System.getenv(KEY_STORE_PASSWORD_VARIABLE);
            if (password == null || trustAnchors == null || crls == null) {
                throw usage("--tls-key-store needs --tls-trust-anchor, --tls-crl and the password in "
                        + KEY_STORE_PASSWORD_VARIABLE);
            }
            return new TlsSettings(keyStore, password, trustAnchors, intermediates == null ? List.of() : intermediates,
                    crls, TlsSettings.DEFAULT_CRL_RECHECK);
        }
        Path dir = tlsDir != null ? tlsDir.toAbsolutePath() : root.resolve("certs-dev").resolve("out");
        boolean empty = !Files.exists(dir.resolve(PkiDirectory.SERVER + ".p12"));
        if (empty && development.isPresent() && development.get().ensurePki(dir)) {
            System.out.printf("Development PKI generated in %s (client certificates for the demo organisations in "
                    + "%s; passwords in %s)%n", dir, dir.resolve(PkiDirectory.CLIENTS), dir.resolve(PkiDirectory.PASSWORDS));
        }
        return TlsSettings.developmentPki(dir);
    }

    /** The --opa-* settings, refused as a usage error when out of range. */
    OpaSettings opaSettings() {
        try {
            return new OpaSettings(Duration.ofMillis(opaConnectTimeoutMs), Duration.ofMillis(opaRequestTimeoutMs),
                    opaAttempts, Duration.ofMillis(opaBackoffMs), opaCircuitWindow, opaCircuitFailureRate,
                    Duration.ofSeconds(opaCircuitOpenSeconds));
        } catch (IllegalArgumentException e) {
            throw usage("--opa-*: " + e.getMessage());
        }
    }

    private picocli.CommandLine.ParameterException usage(String message) {
        return new picocli.CommandLine.ParameterException(spec != null ? spec.commandLine() : new picocli.CommandLine(this),
                message);
    }

    /** The --witness pairs: a submission prefix, then the witness's verifier key. */
    List<WitnessEndpoint> witnessEndpoints() {
        if (witnesses.size() % 2 != 0) {
            throw usage("--witness takes a submission prefix and a verifier key: " + witnesses.get(witnesses.size() - 1)
                    + " has no pair");
        }
        List<WitnessEndpoint> endpoints = new ArrayList<>();
        for (int i = 0; i + 1 < witnesses.size(); i += 2) {
            try {
                endpoints.add(WitnessEndpoint.of(witnesses.get(i), witnesses.get(i + 1)));
            } catch (IllegalArgumentException e) {
                throw usage("--witness " + witnesses.get(i) + ": " + e.getMessage());
            }
        }
        return endpoints;
    }
}
