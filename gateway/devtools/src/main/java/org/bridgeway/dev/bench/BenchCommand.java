package org.bridgeway.dev.bench;

import org.bridgeway.cli.CommandFailure;
import org.bridgeway.cli.Logging;
import org.bridgeway.dev.cli.ScratchData;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import java.util.function.ObjIntConsumer;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.bridgeway.adapters.json.JsonNoticeRenderer;
import org.bridgeway.delivery.Delivery;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.gateway.GatewayConfig;
import org.bridgeway.model.Notice;
import org.bridgeway.pipeline.Exchanges;
import org.bridgeway.pipeline.Recipient;
import org.bridgeway.pipeline.RecipientResolver;
import org.bridgeway.pipeline.Renderers;
import org.bridgeway.policy.PolicyInput;
import org.bridgeway.warmup.Rehearsal;
import org.bridgeway.warmup.SyntheticNotices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Pushes N synthetic notices through the whole pipeline (JSON intake, recipients, policy, minimisation, rendering,
 * audit, durable mailboxes) and, in the same run, the same payloads through a bare Camel route that only puts them on
 * the same durable queues, and through a translating route that parses and renders them as the gateway does but
 * governs nothing (what the bare route leaves out that is not governance). The mix is, in every four notices, two
 * placement notices, a force's report of a missing looked-after child (which passes the episode ledger and the
 * repeated-missing watch, and goes to the child's health team as a FHIR message) and a school's exclusion notice
 * (which passes the repeated-suspension watch). Each route is first warmed up until the JIT compiler has settled. Then
 * several measured rounds, each the governed route, the bare route and the translating route, so that a round's ratios
 * compare them under the same load; each round says what disturbed it (other processes, stolen CPU, the JIT compiler).
 * Prints throughput, latency percentiles, CPU and peak heap per round, their spread over the rounds, and ends with the
 * medians: what governance costs.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        subcommands = {AuditBenchCommand.class, BulkBenchCommand.class, DeadlineBenchCommand.class, NodesBenchCommand.class,
                LocatorBenchCommand.class, HandoverBenchCommand.class},
        description = {"Benchmark the governed pipeline against a bare route onto the same durable queues, and a "
                + "route that translates as the gateway does but governs nothing.",
                "'bench audit' benchmarks the audit log alone; 'bench bulk --rows N' an SSDA903 return of N "
                        + "episode rows uploaded in one piece, against the JSON path; 'bench deadlines --tasks N' "
                        + "the return interview deadline ticker with N open tasks; 'bench locator --entries N' the "
                        + "locator index's audited lookups; 'bench handovers --handovers N' custody handovers end to "
                        + "end."})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--notices", defaultValue = "10000", description = "Notices per run (default ${DEFAULT-VALUE}).")
    int notices;

    @Option(names = "--threads", defaultValue = "8", description = "Concurrent submitters (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--rounds", defaultValue = "5", description = "Measured rounds, each the governed, the bare and "
            + "the translating route on notices/rounds notices; the last line gives the medians "
            + "(default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--cold", description = "Start without the rehearsal a served gateway runs before it is ready "
            + "(as serve --warm-up-seconds 0): the warm-up rounds then show a cold gateway's first minute.")
    boolean cold;

    @Option(names = "--audit-entries", defaultValue = "0", description = "First fill the audit log with this many "
            + "entries of synthetic exchanges (as 'bench audit' appends them), to run against a log of that size "
            + "(default: none; the warm-up itself appends about 7 a notice).")
    long auditEntries;

    @Option(names = "--agreements", description = "Load this many agreements: the shipped ones and copies of them each "
            + "in force only in a year far ahead, which the policy engine looks through for every decision (default: "
            + "the shipped ones).")
    Integer agreements;

    @Option(names = "--kind", description = "Only notices of this exchange type (placement-notification, "
            + "exclusion-notice or missing-episode) instead of the mix, for how the costs grow with the recipients a "
            + "notice has.")
    String kind;

    @Option(names = "--recipients", description = "Placement notices only (as --kind placement-notification), the "
            + "start of each told to this many organisations: the rule's first ones, and other police forces besides "
            + "when more (a measured workload: no exchange names ten). Default: as the rule says.")
    Integer recipients;

    /** What a freshly started gateway must reach, and how soon after its first notice (issue 18). */
    private static final double FIRST_MINUTE_SHARE = 0.8;

    @Override
    public Integer call() throws Exception {
        Logging.quiet();
        if (kind != null && !SyntheticNotices.KINDS.contains(kind)) {
            throw new CommandFailure("--kind " + kind + " is not a kind of synthetic notice",
                    "give one of " + String.join(", ", SyntheticNotices.KINDS) + ", or leave it out for the mix");
        }
        if (recipients != null) {
            if (kind != null && !kind.equals(SyntheticNotices.PLACEMENT)) {
                throw new CommandFailure("--recipients fans out placement notices, not " + kind,
                        "leave out --kind, or give --kind " + SyntheticNotices.PLACEMENT);
            }
            if (recipients < 1) {
                throw new CommandFailure("--recipients " + recipients + " leaves a notice nobody to tell",
                        "give --recipients 1 or more");
            }
            kind = SyntheticNotices.PLACEMENT;
        }
        UnaryOperator<Exchanges> carried = recipients == null ? UnaryOperator.identity()
                : FannedOutPlacements.to(recipients);
        Path realRoot = GatewayConfig.locateProjectRoot();
        Path root = agreements == null ? realRoot : SyntheticAgreements.projectRootWith(agreements, realRoot,
                realRoot.resolve("data").resolve("bench-root"));
        GatewayConfig config = scratchGateway("bench", root);
        SyntheticNotices synthetic = new SyntheticNotices(42);
        try (Gateway gateway = Gateway.start(config, carried)) {
            if (auditEntries > 0) {
                long start = System.nanoTime();
                SyntheticAppends.append(gateway.auditLog(), auditEntries, threads);
                System.out.printf("audit log filled with %,d entries of synthetic exchanges in %.1f s%n",
                        gateway.auditLog().size(), (System.nanoTime() - start) / 1e9);
            }
            SyntheticNotices.Intakes intake = SyntheticNotices.Intakes.of(gateway);
            Exchanges exchanges = carried.apply(Exchanges.shipped());
            RecipientResolver resolver = new RecipientResolver(gateway.reference(), exchanges);
            addBareRoute(gateway);
            addTranslatingRoute(gateway, new Translation(intake, resolver,
                    new Renderers(exchanges, new JsonNoticeRenderer())));
            ProducerTemplate routes = gateway.camel().createProducerTemplate();

            System.out.printf("bench: %d notices, %d submitters, %d cores, max heap %d MiB, %d agreements%n", notices,
                    threads, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                    SyntheticAgreements.countIn(config.agreementsDirectory()));
            // the sample's i-th notice is of the same kind as every document whose index is i modulo its size, so the
            // bare route sends each payload to as many recipients as that kind of notice has
            List<Notice> sample = documents(synthetic, SAMPLE, "sample").stream().map(intake::accepted).toList();
            bareRecipients = sample.stream().map(resolver::recipientsOf).toList();
            System.out.printf("%s: %.2f recipients a notice%n", kind == null ? "the mix" : kind,
                    bareRecipients.stream().mapToInt(List::size).average().orElse(0));
            if (cold) {
                System.out.println("rehearsal skipped (--cold): the first warm-up rounds are a cold gateway's");
            } else {
                Rehearsal.Report rehearsal = new Rehearsal(config, Rehearsal.DEFAULT_LIMIT).run();
                System.out.printf("rehearsal at start, as serve runs it before it is ready: %s%n",
                        rehearsal.describe());
            }
            PipelineRuns.Warmup governedWarmup = warmUp(synthetic, (docs, i) -> gateway.submit(intake.accepted(docs.get(i))));
            PipelineRuns.Warmup bareWarmup = warmUp(synthetic,
                    (docs, i) -> routes.sendBodyAndHeader("direct:bare", docs.get(i), BARE_INDEX, i));
            PipelineRuns.Warmup translatedWarmup = warmUp(synthetic,
                    (docs, i) -> routes.sendBody("direct:translated", docs.get(i)));
            governedWarmup.print("governed");
            bareWarmup.print("bare    ");
            translatedWarmup.print("translated");

            int perRound = Math.max(1, notices / rounds);
            PipelineRuns.StoreWritesMeter governedWrites = new PipelineRuns.StoreWritesMeter(gateway.database());
            List<MeasuredRound> measured = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                List<SyntheticNotices.Document> governedDocs = documents(synthetic, perRound, "governed" + round);
                List<SyntheticNotices.Document> bareDocs = documents(synthetic, perRound, "bare" + round);
                List<SyntheticNotices.Document> translatedDocs = documents(synthetic, perRound, "translated" + round);
                governedWrites.resume();
                PipelineRuns.Result governed = run(perRound, i -> gateway.submit(intake.accepted(governedDocs.get(i))));
                governedWrites.pause();
                MeasuredRound measuredRound = new MeasuredRound(governed,
                        run(perRound, i -> routes.sendBodyAndHeader("direct:bare", bareDocs.get(i), BARE_INDEX, i)),
                        run(perRound, i -> routes.sendBody("direct:translated", translatedDocs.get(i))));
                measuredRound.print(round);
                measured.add(measuredRound);
            }
            governedWrites.print("governed", perRound * rounds);
            double decisions = decisionsPerSecond(gateway, sample, resolver);
            System.out.printf("policy  %,.0f decisions/s (embedded engine, one thread)%n", decisions);
            System.out.printf("audit   %,d signed entries%n", gateway.auditLog().size());
            printFirstMinute(governedWarmup, measured);
            MeasuredRound.printSpread(measured);
        }
        return 0;
    }

    /**
     * How the governed route's first traffic went against its steady rate: the warm-up's rounds are the first notices
     * the gateway carried (after its rehearsal, unless {@code --cold}).
     */
    private void printFirstMinute(PipelineRuns.Warmup warmup, List<MeasuredRound> measured) {
        double steady = Spread.of(measured.stream().map(r -> r.governed().throughput()).toList()).median();
        java.util.OptionalDouble reached = warmup.secondsToReach(FIRST_MINUTE_SHARE, steady);
        System.out.printf("first minute (%s): first round %,.0f notices/s, %.0f%% of the steady %,.0f notices/s%s%n",
                cold ? "cold" : "after the rehearsal", warmup.outcome().firstThroughput(),
                warmup.outcome().firstThroughput() * 100 / steady, steady, reached.isPresent()
                        ? "; %.0f%% of it within %.1f s of the first notice".formatted(FIRST_MINUTE_SHARE * 100,
                        reached.getAsDouble())
                        : "; %.0f%% of it not reached in the warm-up's %.1f s".formatted(FIRST_MINUTE_SHARE * 100,
                        warmup.outcome().seconds()));
    }

    /**
     * The governed route, the bare route and the translating route, one after the other, under (nearly) the same
     * machine load.
     */
    record MeasuredRound(PipelineRuns.Result governed, PipelineRuns.Result bare, PipelineRuns.Result translated) {
        /** How many times the bare route's rate is the governed route's. */
        double ratio() {
            return bare.throughput() / governed.throughput();
        }

        /** How many times the bare route's CPU per notice the governed route spends. */
        double cpuRatio() {
            return governed.cpuMsPerNotice() / bare.cpuMsPerNotice();
        }

        /** How many times the bare route's CPU per notice translating alone spends: parsing and rendering. */
        double translationCpuRatio() {
            return translated.cpuMsPerNotice() / bare.cpuMsPerNotice();
        }

        /** How many times the translating route's CPU per notice the governed route spends: governance's own cost. */
        double governanceCpuRatio() {
            return governed.cpuMsPerNotice() / translated.cpuMsPerNotice();
        }

        boolean reliable() {
            return governed.reliable() && bare.reliable() && translated.reliable();
        }

        void print(int round) {
            System.out.printf("round %d: ratio %.2f, cpu ratio %.2f (translated/bare %.2f, governed/translated %.2f)%n",
                    round, ratio(), cpuRatio(), translationCpuRatio(), governanceCpuRatio());
            governed.print("  governed  ");
            bare.print("  bare      ");
            translated.print("  translated");
        }

        static void printSpread(List<MeasuredRound> rounds) {
            System.out.printf("over %d rounds, min / median / max:%n", rounds.size());
            Spread rate = spread(rounds, r -> r.governed().throughput());
            Spread p99 = spread(rounds, r -> r.governed().p99());
            Spread bareRate = spread(rounds, r -> r.bare().throughput());
            Spread ratio = spread(rounds, MeasuredRound::ratio);
            System.out.printf("governed   %s notices/s   p99 %s ms   cpu %s ms/notice%n", rate.describe("%,.0f"),
                    p99.describe("%.2f"), spread(rounds, r -> r.governed().cpuMsPerNotice()).describe("%.2f"));
            System.out.printf("bare       %s notices/s   p99 %s ms   cpu %s ms/notice%n", bareRate.describe("%,.0f"),
                    spread(rounds, r -> r.bare().p99()).describe("%.2f"),
                    spread(rounds, r -> r.bare().cpuMsPerNotice()).describe("%.2f"));
            System.out.printf("translated %s notices/s   p99 %s ms   cpu %s ms/notice%n",
                    spread(rounds, r -> r.translated().throughput()).describe("%,.0f"),
                    spread(rounds, r -> r.translated().p99()).describe("%.2f"),
                    spread(rounds, r -> r.translated().cpuMsPerNotice()).describe("%.2f"));
            Spread cpuRatio = spread(rounds, MeasuredRound::cpuRatio);
            System.out.printf("ratio      %s   cpu ratio %s%n", ratio.describe("%.2f"), cpuRatio.describe("%.2f"));
            System.out.printf("cpu ratio of translating to bare %s, of governed to translating %s%n",
                    spread(rounds, MeasuredRound::translationCpuRatio).describe("%.2f"),
                    spread(rounds, MeasuredRound::governanceCpuRatio).describe("%.2f"));
            printCpuByThread("governed  ", rounds.stream().map(MeasuredRound::governed).toList());
            printCpuByThread("bare      ", rounds.stream().map(MeasuredRound::bare).toList());
            printCpuByThread("translated", rounds.stream().map(MeasuredRound::translated).toList());
            long unreliable = rounds.stream().filter(r -> !r.reliable()).count();
            System.out.printf("unreliable %d of %d rounds (other load, stolen CPU or the JIT compiler: see each round)%n",
                    unreliable, rounds.size());
            System.out.printf("bench: %.0f notices/s, p99 %.2f ms, bare %.0f notices/s, ratio %.2f, cpu ratio %.2f%n",
                    rate.median(), p99.median(), bareRate.median(), ratio.median(), cpuRatio.median());
        }

        /** The median over the rounds of each kind of thread's CPU a notice, when the threads' clocks were read. */
        private static void printCpuByThread(String route, List<PipelineRuns.Result> results) {
            if (results.stream().anyMatch(r -> r.cpuMsByThread().isEmpty())) {
                return;
            }
            Map<CpuByThread.Role, Double> medians = new EnumMap<>(CpuByThread.Role.class);
            for (CpuByThread.Role role : CpuByThread.Role.values()) {
                medians.put(role, Spread.of(results.stream().map(r -> r.cpuMsByThread().get(role)).toList()).median());
            }
            System.out.printf("%s cpu by thread (median ms/notice): %s%n", route,
                    CpuByThread.describe(medians, "%.2f"));
        }

        private static Spread spread(List<MeasuredRound> rounds, ToDoubleFunction<MeasuredRound> figure) {
            return Spread.of(rounds.stream().map(figure::applyAsDouble).toList());
        }
    }

    /** An embedded gateway's configuration on an emptied {@code data/<name>}, without API or inbox. */
    static GatewayConfig scratchGateway(String name) throws java.io.IOException {
        return scratchGateway(name, GatewayConfig.locateProjectRoot());
    }

    /** As {@link #scratchGateway(String)}, with the routes and policies of {@code root}. */
    static GatewayConfig scratchGateway(String name, Path root) throws java.io.IOException {
        Path dataDir = GatewayConfig.locateProjectRoot().resolve("data").resolve(name);
        ScratchData.empty(dataDir);
        GatewayConfig defaults = GatewayConfig.embeddedDefaults(root);
        return new GatewayConfig(root, dataDir, defaults.operator(), defaults.httpHost(), defaults.httpPort(), false);
    }

    /** The mix, or only the notices of {@code --kind}. */
    private List<SyntheticNotices.Document> documents(SyntheticNotices synthetic, int count, String run) {
        return kind == null ? synthetic.documents(count, run) : synthetic.ofKind(kind, count, run);
    }

    private static final int SAMPLE = 1000;
    private static final String BARE_INDEX = "BenchIndex";
    private List<List<Recipient>> bareRecipients = List.of();

    /** The bare route: the same payload, to the same recipients' durable queues, in one broker transaction. */
    private void addBareRoute(Gateway gateway) throws Exception {
        gateway.camel().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:bare").routeId("bench-bare").process(exchange -> {
                    SyntheticNotices.Document document = exchange.getMessage().getBody(SyntheticNotices.Document.class);
                    int index = exchange.getMessage().getHeader(BARE_INDEX, Integer.class);
                    List<Recipient> recipients = bareRecipients.get(index % bareRecipients.size());
                    List<Delivery> deliveries = new ArrayList<>();
                    for (Recipient r : recipients) {
                        deliveries.add(new Delivery(UUID.randomUUID().toString(), "bare", "bare", document.kind(),
                                "bench", r.id(), "json", "application/json", document.json()));
                    }
                    gateway.mailboxes().put(deliveries, Instant.now());
                });
            }
        });
    }

    /**
     * The translating route: each document translated ({@link Translation}) and its messages put in their mailboxes in
     * one broker transaction, as the bare route puts its payloads. Measures how much of the governed route's cost over
     * the bare route's is translation, which any gateway between these systems pays, rather than governance.
     */
    private static void addTranslatingRoute(Gateway gateway, Translation translation) throws Exception {
        gateway.camel().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:translated").routeId("bench-translated").process(exchange -> {
                    Instant now = Instant.now();
                    gateway.mailboxes().put(translation.deliveries(
                            exchange.getMessage().getBody(SyntheticNotices.Document.class), now), now);
                });
            }
        });
    }

    private static double decisionsPerSecond(Gateway gateway, List<Notice> sample, RecipientResolver resolver) {
        List<PolicyInput> inputs = new ArrayList<>();
        java.time.LocalDate today = java.time.LocalDate.now();
        for (Notice n : sample) {
            for (Recipient r : resolver.recipientsOf(n)) {
                inputs.add(PolicyInput.of(n, r.organisation(), r.relation(), today));
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

    /** Documents per warm-up round; each round is a new batch, so no notice of it is a duplicate of another. */
    private static final int WARMUP_ROUND = 1000;

    private PipelineRuns.Warmup warmUp(SyntheticNotices synthetic, ObjIntConsumer<List<SyntheticNotices.Document>> work)
            throws Exception {
        return PipelineRuns.warmUp(WARMUP_ROUND, round -> {
            List<SyntheticNotices.Document> docs = documents(synthetic, WARMUP_ROUND, "warm" + round);
            return run(docs.size(), i -> work.accept(docs, i)).throughput();
        });
    }

    private PipelineRuns.Result run(int count, IntConsumer work) throws Exception {
        return PipelineRuns.run(count, threads, work);
    }
}
