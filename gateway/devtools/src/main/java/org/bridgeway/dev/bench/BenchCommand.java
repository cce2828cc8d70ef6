package org.bridgeway.dev.bench;

import org.bridgeway.cli.Logging;
import org.bridgeway.dev.cli.ScratchData;
import org.bridgeway.store.TimeOrderedIds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import java.util.function.ObjIntConsumer;
import java.util.function.ToDoubleFunction;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.bridgeway.delivery.Delivery;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.gateway.GatewayConfig;
import org.bridgeway.intake.ExclusionIntake;
import org.bridgeway.intake.JsonIntakeResult;
import org.bridgeway.intake.PlacementJsonIntake;
import org.bridgeway.model.Notice;
import org.bridgeway.model.Upn;
import org.bridgeway.adapters.missing.MissingEpisodeJsonReader;
import org.bridgeway.adapters.missing.MissingReadResult;
import org.bridgeway.model.MissingEpisodeNotice;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.OrganisationType;
import org.bridgeway.pipeline.Recipient;
import org.bridgeway.pipeline.RecipientResolver;
import org.bridgeway.policy.PolicyInput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Pushes N synthetic notices through the whole pipeline (JSON intake, recipients, policy, minimisation, rendering,
 * audit, durable mailboxes) and, in the same run, the same payloads through a bare Camel route that only puts them on
 * the same durable queues. The mix is, in every four notices, two placement notices, a force's report of a missing
 * looked-after child (which passes the episode ledger and the repeated-missing watch, and goes to the child's health
 * team as a FHIR message) and a school's exclusion notice (which passes the repeated-suspension watch). Each route is
 * first warmed up until the JIT compiler has settled. Then several measured rounds, each the governed route and then
 * the bare route, so that a round's ratio compares the two under the same load; each round says what disturbed it
 * (other processes, stolen CPU, the JIT compiler). Prints throughput, latency percentiles, CPU and peak heap per
 * round, their spread over the rounds, and ends with the medians: what governance costs.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        subcommands = {AuditBenchCommand.class, BulkBenchCommand.class, DeadlineBenchCommand.class, NodesBenchCommand.class,
                LocatorBenchCommand.class, HandoverBenchCommand.class},
        description = {"Benchmark the governed pipeline against a bare route onto the same durable queues.",
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

    @Option(names = "--rounds", defaultValue = "5", description = "Measured rounds, each the governed route then the "
            + "bare route on notices/rounds notices; the last line gives the medians (default ${DEFAULT-VALUE}).")
    int rounds;

    @Override
    public Integer call() throws Exception {
        Logging.quiet();
        GatewayConfig config = scratchGateway("bench");
        SyntheticPlacements synthetic = new SyntheticPlacements(42);
        try (Gateway gateway = Gateway.start(config)) {
            PlacementJsonIntake placements = new PlacementJsonIntake(gateway.reference(), TimeOrderedIds::next);
            Intakes intake = new Intakes(placements, gateway.exclusionIntake(), new MissingEpisodeJsonReader());
            RecipientResolver resolver = new RecipientResolver(gateway.reference());
            addBareRoute(gateway);
            ProducerTemplate bare = gateway.camel().createProducerTemplate();

            System.out.printf("bench: %d notices, %d submitters, %d cores, max heap %d MiB%n", notices, threads,
                    Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
            // the sample's i-th notice is of the same kind as every document whose index is i modulo its size, so the
            // bare route sends each payload to as many recipients as that kind of notice has
            List<Notice> sample = synthetic.documents(SAMPLE, "sample").stream().map(intake::accepted).toList();
            bareRecipients = sample.stream().map(resolver::recipientsOf).toList();
            PipelineRuns.Warmup governedWarmup = warmUp(synthetic, (docs, i) -> gateway.submit(intake.accepted(docs.get(i))));
            PipelineRuns.Warmup bareWarmup = warmUp(synthetic,
                    (docs, i) -> bare.sendBodyAndHeader("direct:bare", docs.get(i), BARE_INDEX, i));
            governedWarmup.print("governed");
            bareWarmup.print("bare    ");

            int perRound = Math.max(1, notices / rounds);
            PipelineRuns.StoreWritesMeter governedWrites = new PipelineRuns.StoreWritesMeter(gateway.database());
            List<MeasuredRound> measured = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                List<Document> governedDocs = synthetic.documents(perRound, "governed" + round);
                List<Document> bareDocs = synthetic.documents(perRound, "bare" + round);
                governedWrites.resume();
                PipelineRuns.Result governed = run(perRound, i -> gateway.submit(intake.accepted(governedDocs.get(i))));
                governedWrites.pause();
                MeasuredRound pair = new MeasuredRound(governed,
                        run(perRound, i -> bare.sendBodyAndHeader("direct:bare", bareDocs.get(i), BARE_INDEX, i)));
                pair.print(round);
                measured.add(pair);
            }
            governedWrites.print("governed", perRound * rounds);
            double decisions = decisionsPerSecond(gateway, sample, resolver);
            System.out.printf("policy  %,.0f decisions/s (embedded engine, one thread)%n", decisions);
            System.out.printf("audit   %,d signed entries%n", gateway.auditLog().size());
            MeasuredRound.printSpread(measured);
        }
        return 0;
    }

    /** The governed route and the bare route, one after the other, under (nearly) the same machine load. */
    record MeasuredRound(PipelineRuns.Result governed, PipelineRuns.Result bare) {
        /** How many times the bare route's rate is the governed route's. */
        double ratio() {
            return bare.throughput() / governed.throughput();
        }

        /** How many times the bare route's CPU per notice the governed route spends. */
        double cpuRatio() {
            return governed.cpuMsPerNotice() / bare.cpuMsPerNotice();
        }

        boolean reliable() {
            return governed.reliable() && bare.reliable();
        }

        void print(int round) {
            System.out.printf("round %d: ratio %.2f, cpu ratio %.2f%n", round, ratio(), cpuRatio());
            governed.print("  governed");
            bare.print("  bare    ");
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
            Spread cpuRatio = spread(rounds, MeasuredRound::cpuRatio);
            System.out.printf("ratio      %s   cpu ratio %s%n", ratio.describe("%.2f"), cpuRatio.describe("%.2f"));
            long unreliable = rounds.stream().filter(r -> !r.reliable()).count();
            System.out.printf("unreliable %d of %d rounds (other load, stolen CPU or the JIT compiler: see each round)%n",
                    unreliable, rounds.size());
            System.out.printf("bench: %.0f notices/s, p99 %.2f ms, bare %.0f notices/s, ratio %.2f, cpu ratio %.2f%n",
                    rate.median(), p99.median(), bareRate.median(), ratio.median(), cpuRatio.median());
        }

        private static Spread spread(List<MeasuredRound> rounds, ToDoubleFunction<MeasuredRound> figure) {
            return Spread.of(rounds.stream().map(figure::applyAsDouble).toList());
        }
    }

    /** An embedded gateway's configuration on an emptied {@code data/<name>}, without API or inbox. */
    static GatewayConfig scratchGateway(String name) throws java.io.IOException {
        Path root = GatewayConfig.locateProjectRoot();
        Path dataDir = root.resolve("data").resolve(name);
        ScratchData.empty(dataDir);
        GatewayConfig defaults = GatewayConfig.embeddedDefaults(root);
        return new GatewayConfig(root, dataDir, defaults.operator(), defaults.httpHost(), defaults.httpPort(), false);
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
                    Document document = exchange.getMessage().getBody(Document.class);
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

    /** One synthetic JSON document and the exchange type it is a notice of. */
    record Document(String kind, byte[] json) {
    }

    /** Each kind of document through its own intake, as the API would read it. */
    record Intakes(PlacementJsonIntake placements, ExclusionIntake exclusions, MissingEpisodeJsonReader missing) {
        Notice accepted(Document document) {
            if (document.kind().equals(MISSING)) {
                MissingReadResult<MissingEpisodeNotice> read = missing.read(document.json(), REPORTING_FORCE,
                        Instant.now(), TimeOrderedIds::next);
                if (read instanceof MissingReadResult.Accepted<MissingEpisodeNotice> a) {
                    return a.notice();
                }
                throw new IllegalStateException("synthetic missing report refused: "
                        + ((MissingReadResult.Refused<MissingEpisodeNotice>) read).violations());
            }
            JsonIntakeResult result = document.kind().equals(EXCLUSION) ? exclusions.fromJson(document.json())
                    : placements.parse(document.json());
            if (result instanceof JsonIntakeResult.Accepted a) {
                return a.notice();
            }
            throw new IllegalStateException("synthetic notice refused: " + ((JsonIntakeResult.Refused) result).violations());
        }
    }

    static final String PLACEMENT = "placement-notification";
    private static final String EXCLUSION = "exclusion-notice";
    private static final String MISSING = "missing-episode";
    /** The force that reports the synthetic missing children: Manchester, where they are placed. */
    private static final Organisation REPORTING_FORCE =
            new Organisation(OrganisationType.POLICE_FORCE, "greater-manchester", null);

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
    private static final int WARMUP_ROUND = 2000;

    private PipelineRuns.Warmup warmUp(SyntheticPlacements synthetic, ObjIntConsumer<List<Document>> work)
            throws Exception {
        return PipelineRuns.warmUp(WARMUP_ROUND, round -> {
            List<Document> docs = synthetic.documents(WARMUP_ROUND, "warm" + round);
            return run(docs.size(), i -> work.accept(docs, i)).throughput();
        });
    }

    private PipelineRuns.Result run(int count, IntConsumer work) throws Exception {
        return PipelineRuns.run(count, threads, work);
    }

    /**
     * Synthetic notices as JSON: placement notices (made-up children, NHS numbers from the 999 test range); every
     * fourth, a school's exclusion notice (UPNs with valid check letters) of a kind that goes to the local authority
     * only, or to the police as well; and every fourth, a force's report of a looked-after child missing from a
     * placement in Manchester, each a different child and report.
     */
    static final class SyntheticPlacements {
        private static final String[][] PLACEMENTS = {
                {"887", "ME4 4AA"}, {"352", "M13 9PL"}, {"846", "BN3 2AA"}, {"330", "B5 4BU"},
                {"383", "LS6 2AA"}, {"888", "L39 2AA"}, {"210", "SE16 2AA"}};
        private final java.util.Random random;

        SyntheticPlacements(long seed) {
            random = new java.util.Random(seed);
        }

        /** Kent and Devon schools; a non-criminal suspension, a permanent exclusion, a drug-related suspension. */
        private static final String[][] SCHOOLS = {{"886", "148812"}, {"878", "113456"}};
        private static final String[][] EXCLUSIONS = {
                {"SUSP", ",\"sessions\":8", "\"VA\",\"PD\""}, {"PERM", "", "\"PD\""},
                {"SUSP", ",\"sessions\":4", "\"DR\""}};
        private static final int EXCLUSION_EVERY = 4;
        private static final int MISSING_AT = 1;

        /** Each call's documents are a new batch: their UPNs (and so their notices) are never another batch's. */
        private int batch;

        List<Document> documents(int count, String run) {
            batch++;
            List<Document> docs = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                if (i % EXCLUSION_EVERY == EXCLUSION_EVERY - 1) {
                    docs.add(exclusion(i, run));
                    continue;
                }
                if (i % EXCLUSION_EVERY == MISSING_AT) {
                    docs.add(missingReport(i, run));
                    continue;
                }
                String[] where = PLACEMENTS[i % PLACEMENTS.length];
                String json = """
                        {"placingAuthority":"886","sourceReference":"bench/%s/%d",
                         "child":{"localId":"BENCH%07d","nhsNumber":"%s","sex":"%s","dateOfBirth":"2010-0%d-1%d",
                                  "ethnicity":"WBRI","givenName":"Test","familyName":"%s"},
                         "placement":{"startDate":"2025-06-0%d","reasonForNewEpisode":"P","legalStatus":"C2",
                                      "categoryOfNeed":"N1","type":"U4","provider":"PR4","postcode":"%s"},
                         "risks":["MISSING_HISTORY"]}
                        """.formatted(run, i, i, nhsNumber(), i % 2 == 0 ? "male" : "female", 1 + i % 9, i % 10,
                        familyName("Child", i), 1 + i % 9, where[1]);
                docs.add(new Document(PLACEMENT, json.getBytes(StandardCharsets.UTF_8)));
            }
            return docs;
        }

        private Document exclusion(int i, String run) {
            String[] school = SCHOOLS[i % SCHOOLS.length];
            String[] kind = EXCLUSIONS[(i / EXCLUSION_EVERY) % EXCLUSIONS.length];
            // a UPN unique to this batch and document: 3-digit LA, then 9 digits of batch and index
            String upn = Upn.withCheckLetter(school[0] + "%02d%07d".formatted(batch, i)).value();
            String json = """
                    {"school":{"urn":"%s","localAuthority":"%s"},
                     "child":{"upn":"%s","givenName":"Test","familyName":"%s","dateOfBirth":"2011-0%d-1%d"},
                     "exclusion":{"category":"%s","startDate":"2025-10-0%d"%s,"reasons":[%s]}}
                    """.formatted(school[1], school[0], upn, familyName("Pupil", i), 1 + i % 9, i % 10, kind[0], 1 + i % 9, kind[1], kind[2]);
            return new Document(EXCLUSION, json.getBytes(StandardCharsets.UTF_8));
        }

        private Document missingReport(int i, String run) {
            String json = """
                    {"episode":{"update":"REPORTED","updatedAt":"2026-10-0%dT21:05:00Z","reportedBy":"POLICE",
                                "reportingForce":"greater-manchester","policeReference":"BENCH/%s/%d/%d","type":"M",
                                "start":"2026-10-0%dT18:30:00Z","riskLevel":"MEDIUM","missingFromPostcode":"M13 9PL",
                                "hostAuthority":"352","concerns":"CCE"},
                     "child":{"localId":"BENCHM%07d","nhsNumber":"%s","givenName":"Test","familyName":"%s",
                              "dateOfBirth":"2010-0%d-1%d","sex":"female","homePostcode":"ME14 2LP",
                              "lookedAfter":true,"placingAuthority":"886"}}
                    """.formatted(1 + i % 9, run, batch, i, 1 + i % 9, i, nhsNumber(), familyName("Missing", i), 1 + i % 9,
                            i % 10);
            return new Document(MISSING, json.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * A family name of letters only, different for each document of each batch: the watches fold names to their
         * letters, so "Missing12" and "Missing13" would be one child with thousands of episodes.
         */
        String familyName(String stem, int i) {
            StringBuilder name = new StringBuilder(stem);
            for (long n = (long) batch * 1_000_000 + i; n > 0; n /= 26) {
                name.append((char) ('a' + n % 26));
            }
            return name.toString();
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
