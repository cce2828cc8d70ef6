package org.bridgeway.dev.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import org.bridgeway.adapters.custody.CustodyHandoverJsonReader;
import org.bridgeway.adapters.missing.MissingReadResult;
import org.bridgeway.cli.Logging;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.gateway.GatewayConfig;
import org.bridgeway.model.CustodyHandoverNotice;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.OrganisationType;
import org.bridgeway.model.PoliceForceCode;
import org.bridgeway.store.TimeOrderedIds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bridgeway bench handovers}: the custody handover path end to end on the embedded defaults. Each handover is
 * the force's request (the responsible authority found, both authorities asked, deadlines written), the suite
 * authority's acknowledgement and answer (the first-answer claim), and the force's closure: four notices down the
 * one pipeline, each decided, audited and delivered. Requests alone are measured too, since a request is what a
 * custody sergeant waits on at 2 a.m.
 */
@Command(name = "handovers", mixinStandardHelpOptions = true,
        description = "Benchmark custody handovers end to end: requests alone, then whole handovers (request, "
                + "acknowledgement, answer, closure); throughput, latency percentiles, CPU and memory.")
final class HandoverBenchCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Organisation FORCE = new Organisation(OrganisationType.POLICE_FORCE, "avon-and-somerset",
            null);
    private static final Organisation SUITE_AUTHORITY = new Organisation(OrganisationType.LOCAL_AUTHORITY, "803",
            null);

    @Spec
    CommandSpec spec;

    @Option(names = "--handovers", defaultValue = "2000", description = "Handovers per measured run (default "
            + "${DEFAULT-VALUE}).")
    int handovers;

    @Option(names = "--threads", defaultValue = "8", description = "Concurrent custody suites (default "
            + "${DEFAULT-VALUE}).")
    int threads;

    private final CustodyHandoverJsonReader reader = new CustodyHandoverJsonReader();

    @Override
    public Integer call() throws Exception {
        if (handovers < 1 || threads < 1) {
            throw new ParameterException(spec.commandLine(), "--handovers and --threads must be at least 1");
        }
        Logging.quiet();
        GatewayConfig config = BenchCommand.scratchGateway("bench-handovers");
        try (Gateway gateway = Gateway.start(config)) {
            System.out.printf("bench handovers: %,d handovers, %d submitters, %d cores, max heap %,d MiB%n",
                    handovers, threads, Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() >> 20);
            PipelineRuns.Warmup warmup = PipelineRuns.warmUp(handovers,
                    round -> run(gateway, "warm" + round, true).throughput());
            System.out.printf("warm-up %,d handovers in %.1f s (first round %,.0f handovers/s); JIT compiler busy"
                    + " %.0f%% of the last round%n", warmup.notices(), warmup.outcome().seconds(),
                    warmup.outcome().firstThroughput(), warmup.outcome().lastCompilerShare() * 100);
            PipelineRuns.Result requests = run(gateway, "requests", false);
            requests.print("requests ");
            PipelineRuns.Result whole = run(gateway, "handovers", true);
            System.out.printf("handovers %,6.0f handovers/s   p50 %6.2f ms   p99 %6.2f ms   peak heap %,d MiB   cpu %.2f"
                    + " ms/handover%s%n", whole.throughput(), whole.p50(), whole.p99(), whole.peakHeapMiB(),
                    whole.cpuMsPerNotice(), whole.disturbed());
            System.out.printf("a whole handover is 4 notices: %,.0f notices/s; audit %,d signed entries%n",
                    whole.throughput() * 4, gateway.auditLog().size());
        }
        return 0;
    }

    /** {@code handovers} requests, each (when {@code whole}) acknowledged, answered and closed by its own submitter. */
    private PipelineRuns.Result run(Gateway gateway, String batch, boolean whole) throws Exception {
        IntConsumer work = i -> {
            String reference = "AS/BENCH/" + batch + "/" + i;
            Instant now = Instant.now();
            gateway.submit(read(reader.readRequest(request(reference, now), FORCE, now, TimeOrderedIds::next)));
            if (!whole) {
                return;
            }
            String id = gateway.custodyHandovers().byRecord(PoliceForceCode.parse(FORCE.code()), reference)
                    .orElseThrow().handoverId();
            gateway.submit(read(reader.readAcknowledgement(step("handover", "acknowledgedAt", now,
                    "acknowledgedBy", "EDT duty social worker"), id, SUITE_AUTHORITY, Instant.now(),
                    TimeOrderedIds::next)));
            ObjectNode answer = JSON.createObjectNode();
            answer.putObject("handover").put("decision", "ACCEPT_NON_SECURE").put("decisionTime", now.toString())
                    .put("decisionMaker", "EDT duty social worker")
                    .put("collectionTime", now.plus(Duration.ofHours(1)).toString());
            gateway.submit(read(reader.readAnswer(bytes(answer), id, SUITE_AUTHORITY, Instant.now(),
                    TimeOrderedIds::next)));
            ObjectNode closure = JSON.createObjectNode();
            closure.putObject("closure").put("step", "TRANSFERRED");
            closure.putObject("transfer").put("handedOverAt", now.toString()).put("handedOverTo", "EDT worker");
            gateway.submit(read(reader.readClosure(bytes(closure), id, FORCE, Instant.now(), TimeOrderedIds::next)));
        };
        return PipelineRuns.run(handovers, threads, work);
    }

    /** A request of a made-up child of 15, charged a minute ago at Patchway, living in Bristol. */
    private static byte[] request(String reference, Instant now) {
        ObjectNode r = JSON.createObjectNode();
        r.putObject("custody").put("reference", reference).put("suite", "Patchway custody suite")
                .put("contactOfficer", "PS 0000 Benchmark");
        r.putObject("handover").put("suiteAuthority", SUITE_AUTHORITY.code());
        r.putObject("child").put("givenName", "Bench").put("familyName", "Child")
                .put("dateOfBirth", "2011-06-14").put("homePostcode", "BS7 8AA");
        r.putObject("charge").put("time", now.minus(Duration.ofMinutes(1)).toString())
                .putArray("bailRefusalReason").add("JUVENILE_OWN_INTERESTS");
        r.putObject("transfer").put("requestTime", now.toString()).put("accommodationType", "NON_SECURE")
                .put("courtAppearance", "Bristol Magistrates' Court")
                .put("courtSittingAt", now.plus(Duration.ofHours(8)).toString());
        return bytes(r);
    }

    private static byte[] step(String object, String timeField, Instant at, String byField, String by) {
        ObjectNode s = JSON.createObjectNode();
        s.putObject(object).put(timeField, at.toString()).put(byField, by);
        return bytes(s);
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CustodyHandoverNotice read(MissingReadResult<CustodyHandoverNotice> read) {
        if (read instanceof MissingReadResult.Accepted<CustodyHandoverNotice> accepted) {
            return accepted.notice();
        }
        throw new IllegalStateException("the bench's synthetic handover was refused: "
                + ((MissingReadResult.Refused<CustodyHandoverNotice>) read).violations());
    }
}
