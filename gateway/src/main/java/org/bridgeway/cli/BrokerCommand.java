package org.bridgeway.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.bridgeway.delivery.BrokerCredentials;
import org.bridgeway.delivery.BrokerNode;
import org.bridgeway.delivery.BrokerQueues;
import org.bridgeway.delivery.BrokerTls;
import org.bridgeway.delivery.push.PushEndpoints;
import org.bridgeway.observability.HealthCheck;
import org.bridgeway.observability.HealthChecks;
import org.bridgeway.observability.MailboxGauges;
import org.bridgeway.observability.ManagementServer;
import org.bridgeway.observability.ManagementSettings;
import org.bridgeway.observability.Readiness;
import org.bridgeway.reference.ReferenceData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Runs one broker of the replicated Artemis pair that several gateway nodes share ({@code serve --broker-url}): the
 * mailboxes' settings are the gateway's own, so the pair needs no broker.xml to keep in step with it.
 */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run one broker of the replicated Artemis pair that holds the mailboxes of a multi-node "
                + "deployment (docs/multi-node.md). Clients and the other broker authenticate with "
                + BrokerCredentials.USER_VARIABLE + " and " + BrokerCredentials.PASSWORD_VARIABLE + ".")
final class BrokerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--role", required = true, paramLabel = "primary|backup",
            description = "primary serves and replicates to the backup; backup takes over when the primary is lost.")
    String role;

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "The broker's journal, and push-endpoints.yaml when forces take push delivery (the same "
                    + "file as the gateway nodes').")
    Path data;

    @Option(names = "--bind", defaultValue = "0.0.0.0:61616", paramLabel = "HOST:PORT",
            description = "Where the broker accepts core-protocol connections (default ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--advertise", required = true, paramLabel = "HOST:PORT",
            description = "How the other broker and the gateway nodes reach this one.")
    String advertise;

    @Option(names = "--peer", required = true, paramLabel = "HOST:PORT",
            description = "How this broker reaches the other broker of the pair.")
    String peer;

    @Option(names = "--network-check", defaultValue = "", paramLabel = "HOST[,HOST]",
            description = "Addresses this broker must reach to serve, e.g. the network's gateway: a pair has no third "
                    + "member to vote, so a broker cut off from the network stops by itself rather than stay active "
                    + "beside the other (docs/multi-node.md).")
    String networkCheck;

    @Option(names = "--tls-key-store", paramLabel = "P12",
            description = "Accept clients and the peer over TLS with this key store (PKCS#12; password from "
                    + BrokerTls.KEY_STORE_PASSWORD_VARIABLE + "); needs --tls-trust-anchor.")
    Path keyStore;

    @Option(names = "--tls-trust-anchor", paramLabel = "PEM",
            description = "With --tls-key-store: the root (PEM) the peer broker's certificate must chain to.")
    Path trustAnchor;

    @Option(names = "--management-host", defaultValue = ManagementSettings.DEFAULT_HOST,
            description = "Address of the plain-HTTP management listener: /health/live, /health/ready (active, or a "
                    + "backup in sync), /metrics with the mailbox depths (default ${DEFAULT-VALUE}).")
    String managementHost;

    @Option(names = "--management-port", defaultValue = "9091",
            description = "Port of the management listener; 0 for any free port (default ${DEFAULT-VALUE}).")
    int managementPort;

    @Option(names = "--log-format", defaultValue = "json", paramLabel = "json|text",
            description = "Log lines as JSON objects or as text (default ${DEFAULT-VALUE}).")
    Logging.Format logFormat;

    @Override
    public Integer call() throws Exception {
        BrokerNode.PairRole pairRole = switch (role) {
            case "primary" -> BrokerNode.PairRole.PRIMARY;
            case "backup" -> BrokerNode.PairRole.BACKUP;
            default -> throw usage("--role is primary or backup, not " + role);
        };
        BrokerCredentials credentials = BrokerCredentials.fromEnvironment();
        try {
            credentials.password();
        } catch (IllegalStateException e) {
            throw usage(e.getMessage());
        }
        Optional<BrokerNode.Tls> tls = tls();
        ManagementSettings management;
        try {
            management = new ManagementSettings(managementHost, managementPort);
        } catch (IllegalArgumentException e) {
            throw usage("--management-port: " + e.getMessage());
        }
        Path directory = data.toAbsolutePath();
        Files.createDirectories(directory);
        PushEndpoints push = PushEndpoints.load(directory, ReferenceData.shipped());
        Logging.use(logFormat);
        BrokerNode node = new BrokerNode(new BrokerNode.Settings(pairRole, directory, bind, advertise, peer, push,
                credentials, networkCheck, tls)).start();
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MailboxGauges gauges = new MailboxGauges(BrokerQueues.of(node::server), meters, Clock.systemUTC());
        Readiness readiness = new Readiness(meters).add(HealthChecks.check("broker", () ->
                "active".equals(node.state()) || "backup in sync".equals(node.state()) ? HealthCheck.Status.ok()
                        : HealthCheck.Status.down(node.state())));
        ManagementServer server = ManagementServer.start(management, meters, readiness, List.of(gauges::refresh));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            readiness.stopping();
            try (server; node) {
                System.out.println("Bridgeway broker stopping");
            } catch (Exception e) {
                System.err.println("the broker did not stop cleanly: " + e);
            }
            stopped.countDown();
        }, "bridgeway-broker-shutdown"));
        System.out.printf("Bridgeway %s broker on %s (peer %s); management on http://%s:%d%n", role, bind, peer,
                managementHost, server.port());
        stopped.await();
        return 0;
    }

    private Optional<BrokerNode.Tls> tls() {
        if (keyStore == null && trustAnchor == null) {
            return Optional.empty();
        }
        if (keyStore == null || trustAnchor == null) {
            throw usage("--tls-key-store and --tls-trust-anchor go together");
        }
        String password = System.getenv(BrokerTls.KEY_STORE_PASSWORD_VARIABLE);
        if (password == null || password.isEmpty()) {
            throw usage("--tls-key-store needs its password in " + BrokerTls.KEY_STORE_PASSWORD_VARIABLE);
        }
        return Optional.of(new BrokerNode.Tls(keyStore.toAbsolutePath(), password, trustAnchor.toAbsolutePath()));
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
