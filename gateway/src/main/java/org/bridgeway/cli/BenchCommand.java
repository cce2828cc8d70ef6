package org.bridgeway.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.bridgeway.delivery.Delivery;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.gateway.GatewayConfig;
import org.bridgeway.intake.JsonIntakeResult;
import org.bridgeway.intake.PlacementJsonIntake;
import org.bridgeway.model.Notice;
import org.bridgeway.model.Organisation;
import org.bridgeway.pipeline.RecipientResolver;
import org.bridgeway.policy.PolicyInput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Pushes N synthetic placement notices through the whole pipeline (JSON intake, recipients, policy,
 * minimisation, rendering, audit, durable mailboxes) and, in the same run, the same payloads through a bare
 * Camel route that only puts them on the same durable queues. Prints throughput, latency percentiles and peak
 * heap for both, and the ratio: what governance costs.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = AuditBenchCommand.class,
        description = {"Benchmark the governed pipeline against a bare route onto the same durable queues.",
                "'bench audit' benchmarks the audit log alone."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--notices", defaultValue = "10000", description = "Notices per run (default ${DEFAULT-VALUE}).")
    int notices;

    @Option(names = "--threads", defaultValue = "8", description = "Concurrent submitters (default ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() throws Exception {
        Logging.quiet();
        Path root = GatewayConfig.locateProjectRoot();
        Path dataDir = root.resolve("data").resolve("bench");
        ScratchData.empty(dataDir);
        GatewayConfig defaults = GatewayConfig.embeddedDefaults(root);
        GatewayConfig config = new GatewayConfig(root, dataDir, defaults.operator(), defaults.httpHost(),
                defaults.httpPort(), false);
        SyntheticPlacements synthetic = new SyntheticPlacements(42);
        try (Gateway gateway = Gateway.start(config)) {
            PlacementJsonIntake intake = new PlacementJsonIntake(gateway.reference(), () -> UUID.randomUUID().toString());
            RecipientResolver resolver = new RecipientResolver(gateway.reference());
            addBareRoute(gateway);
            ProducerTemplate bare = gateway.camel().createProducerTemplate();

            System.out.printf("bench: %d notices, %d submitters, %d cores, max heap %d MiB%n", notices, threads,
                    Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
            int warmup = Math.max(2000, notices / 5);
            List<byte[]> warm = synthetic.documents(warmup, "warm");
            List<Notice> sample = synthetic.documents(1000, "sample").stream().map(d -> accepted(intake, d)).toList();
            bareRecipients = sample.stream().map(resolver::recipientsOf).toList();
            run(warm.size(), i -> gateway.submit(accepted(intake, warm.get(i))));
            run(warm.size(), i -> bare.sendBody("direct:bare", warm.get(i)));

            List<byte[]> governedDocs = synthetic.documents(notices, "governed");
            List<byte[]> bareDocs = synthetic.documents(notices, "bare");

            Result governed = run(notices, i -> gateway.submit(accepted(intake, governedDocs.get(i))));
            Result bareResult = run(notices, i -> bare.sendBody("direct:bare", bareDocs.get(i)));
            double decisions = decisionsPerSecond(gateway, sample, resolver);

            governed.print("governed");
            bareResult.print("bare    ");
            System.out.printf("policy  %,.0f decisions/s (embedded engine, one thread)%n", decisions);
            System.out.printf("audit   %,d signed entries%n", gateway.auditLog().size());
            double ratio = bareResult.throughput / governed.throughput;
            System.out.printf("bench: %.0f notices/s, p99 %.2f ms, bare %.0f notices/s, ratio %.2f%n",
                    governed.throughput, governed.p99, bareResult.throughput, ratio);
        }
        return 0;
    }

    private List<List<Organisation>> bareRecipients = List.of();

    /** The bare route: the same payload, to the same recipients' durable queues, in one broker transaction. */
    private void addBareRoute(Gateway gateway) throws Exception {
        AtomicInteger next = new AtomicInteger();
        gateway.camel().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:bare").routeId("bench-bare").process(exchange -> {
                    byte[] payload = exchange.getMessage().getBody(byte[].class);
                    List<Organisation> recipients = bareRecipients.get(next.getAndIncrement() % bareRecipients.size());
                    List<Delivery> deliveries = new ArrayList<>();
                    for (Organisation r : recipients) {
                        deliveries.add(new Delivery(UUID.randomUUID().toString(), "bare", "bare", "placement-notification",
                                "bench", r.id(), "json", "application/json", payload));
                    }
                    gateway.mailboxes().put(deliveries, Instant.now());
                });
            }
        });
    }

    private static Notice accepted(PlacementJsonIntake intake, byte[] document) {
        JsonIntakeResult result = intake.parse(document);
        if (result instanceof JsonIntakeResult.Accepted a) {
            return a.notice();
        }
        throw new IllegalStateException("synthetic notice refused: " + ((JsonIntakeResult.Refused) result).violations());
    }

    private static double decisionsPerSecond(Gateway gateway, List<Notice> sample, RecipientResolver resolver) {
        List<PolicyInput> inputs = new ArrayList<>();
        java.time.LocalDate today = java.time.LocalDate.now();
        for (Notice n : sample) {
            for (Organisation r : resolver.recipientsOf(n)) {
                inputs.add(PolicyInput.of(n, r, today));
            }
        }
        int rounds = Math.max(1, 200_000 / inputs.size());
        long start = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            for (PolicyInput input : inputs) {
                gateway.decisionPoint().decide(input);
            }
        }
        return (double) rounds * inputs.size() / ((System.nanoTime() - start) / 1e9);
    }

    private Result run(int count, IntConsumer work) throws Exception {
        JvmUsage.resetPeaks();
        long cpuStart = JvmUsage.processCpuNanos();
        long[] latencies = new long[count];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    work.accept(i);
                    latencies[i] = System.nanoTime() - t0;
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuMsPerNotice = (JvmUsage.processCpuNanos() - cpuStart) / 1e6 / count;
        pool.shutdown();
        Arrays.sort(latencies);
        return new Result(count / seconds, Latencies.percentile(latencies, 50), Latencies.percentile(latencies, 99),
                JvmUsage.peakHeapMiB(), cpuMsPerNotice);
    }

    private record Result(double throughput, double p50, double p99, long peakHeapMiB, double cpuMsPerNotice) {
        void print(String name) {
            System.out.printf("%s %,8.0f notices/s   p50 %6.2f ms   p99 %6.2f ms   peak heap %,d MiB   cpu %.2f ms/notice%n",
                    name, throughput, p50, p99, peakHeapMiB, cpuMsPerNotice);
        }
    }

    /** Synthetic placement notices as JSON: made-up children, NHS numbers from the 999 test range. */
    static final class SyntheticPlacements {
        private static final String[][] PLACEMENTS = {
                {"887", "ME4 4AA"}, {"352", "M13 9PL"}, {"846", "BN3 2AA"}, {"330", "B5 4BU"},
                {"383", "LS6 2AA"}, {"888", "L39 2AA"}, {"210", "SE16 2AA"}};
        private final java.util.Random random;

        SyntheticPlacements(long seed) {
            random = new java.util.Random(seed);
        }

        List<byte[]> documents(int count, String run) {
            List<byte[]> docs = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String[] where = PLACEMENTS[i % PLACEMENTS.length];
                String json = """
                        {"placingAuthority":"886","sourceReference":"bench/%s/%d",
                         "child":{"localId":"BENCH%07d","nhsNumber":"%s","sex":"%s","dateOfBirth":"2010-0%d-1%d",
                                  "ethnicity":"WBRI","givenName":"Test","familyName":"Child%d"},
                         "placement":{"startDate":"2025-06-0%d","reasonForNewEpisode":"P","legalStatus":"C2",
                                      "categoryOfNeed":"N1","type":"U4","provider":"PR4","postcode":"%s"},
                         "risks":["MISSING_HISTORY"]}
                        """.formatted(run, i, i, nhsNumber(), i % 2 == 0 ? "male" : "female", 1 + i % 9, i % 10, i,
                        1 + i % 9, where[1]);
                docs.add(json.getBytes(StandardCharsets.UTF_8));
            }
            return docs;
        }

        /** A valid NHS number from the 999 test range (modulus-11 check digit). */
        String nhsNumber() {
            while (true) {
                StringBuilder digits = new StringBuilder("999");
                for (int i = 0; i < 6; i++) {
                    digits.append(random.nextInt(10));
                }
                int sum = 0;
                for (int i = 0; i < 9; i++) {
                    sum += (digits.charAt(i) - '0') * (10 - i);
                }
                int check = 11 - sum % 11;
                if (check == 10) {
                    continue;
                }
                return digits.append(check == 11 ? 0 : check).toString();
            }
        }
    }
}
