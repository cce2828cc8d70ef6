package org.bridgeway.dev.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.bridgeway.cli.Logging;
import org.bridgeway.dev.identity.DevelopmentHeaderIdentity;
import org.bridgeway.api.Ssda903Api;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.gateway.GatewayConfig;
import org.bridgeway.pipeline.Outcome;
import org.bridgeway.warmup.SyntheticNotices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bridgeway bench bulk}: a synthetic SSDA903 return of N episode rows (N/2 placement notices) uploaded in one
 * piece to an embedded gateway over its API, as a council's system sends it, and polled until its batch is done; then,
 * in the same run, as many placement notices through the JSON path (8 submitters, as {@code bench} sends them). Both
 * are first warmed up until the JIT compiler has settled.
 */
@Command(name = "bulk", mixinStandardHelpOptions = true,
        description = {"Benchmark bulk intake: an SSDA903 return of N episode rows (N/2 notices) uploaded as one ZIP "
                + "and polled until done, against the same number of notices through the JSON path.",
                "Prints notices/s, how long the upload's answer took, time to the first notice, per-notice p50/p99 "
                        + "in the pipeline, peak heap and CPU per notice for both, and ends with one summary line "
                        + "whose ratio is the SSDA903 rate over the JSON path's."})
final class BulkBenchCommand implements Callable<Integer> {
    private static final String KENT = "local-authority:886";
    private static final int WARMUP_ROWS = 4_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--rows", defaultValue = "50000", description = "Episode rows in the return (default ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--threads", defaultValue = "8", description = "JSON path submitters (default ${DEFAULT-VALUE}).")
    int threads;

    private final SyntheticReturn returns = new SyntheticReturn(42);
    private final HttpClient http = HttpClient.newHttpClient();
    /** When the first notice of the return being measured reached a mailbox (System.nanoTime), or 0. */
    private final AtomicLong firstDelivered = new AtomicLong();

    @Override
    public Integer call() throws Exception {
        if (rows < 2 || threads < 1) {
            throw new ParameterException(spec.commandLine(), "--rows must be at least 2 and --threads at least 1");
        }
        Logging.quiet();
        GatewayConfig config = BenchCommand.scratchGateway("bench-bulk").withHttp("127.0.0.1", 0)
                .withPlainHttpForDemo(new DevelopmentHeaderIdentity());
        try (Gateway gateway = Gateway.start(config)) {
            URI returns = URI.create("http://127.0.0.1:" + gateway.apiPort().orElseThrow() + Ssda903Api.RETURNS_PATH);
            gateway.outcomes().add(o -> {
                if (o instanceof Outcome.Delivered) {
                    firstDelivered.compareAndSet(0, System.nanoTime());
                }
            });
            SyntheticNotices synthetic = new SyntheticNotices(42);
            SyntheticNotices.Intakes intake = SyntheticNotices.Intakes.of(gateway);
            System.out.printf("bench bulk: SSDA903 return of %,d episode rows (%,d notices), JSON path with %d "
                            + "submitters, %d cores, max heap %,d MiB%n", rows, rows / 2, threads,
                    Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);

            PipelineRuns.Warmup bulkWarmup = PipelineRuns.warmUp(WARMUP_ROWS / 2,
                    round -> upload(returns, WARMUP_ROWS, 1 + round).throughput());
            PipelineRuns.Warmup jsonWarmup = PipelineRuns.warmUp(WARMUP_ROWS / 2, round -> {
                List<SyntheticNotices.Document> docs = synthetic.placements(WARMUP_ROWS / 2, "warm" + round);
                return PipelineRuns.run(docs.size(), threads, i -> gateway.submit(intake.accepted(docs.get(i))))
                        .throughput();
            });
            bulkWarmup.print("ssda903");
            jsonWarmup.print("json   ");

            PipelineRuns.StoreWritesMeter bulkWrites = new PipelineRuns.StoreWritesMeter(gateway.database());
            Bulk bulk = upload(returns, rows, 0);
            bulkWrites.print("ssda903", bulk.notices);
            List<SyntheticNotices.Document> docs = synthetic.placements(bulk.notices, "json");
            PipelineRuns.StoreWritesMeter jsonWrites = new PipelineRuns.StoreWritesMeter(gateway.database());
            PipelineRuns.Result json = PipelineRuns.run(docs.size(), threads,
                    i -> gateway.submit(intake.accepted(docs.get(i))));
            jsonWrites.print("json   ", docs.size());

            bulk.print();
            json.print("json   ");
            System.out.printf("audit   %,d signed entries%n", gateway.auditLog().size());
            System.out.printf("bench bulk: %.0f notices/s (SSDA903, %,d rows), answered in %.0f ms, first notice "
                            + "%.0f ms, p99 %.2f ms, JSON path %.0f notices/s, ratio %.2f%n", bulk.throughput(), rows,
                    bulk.answerMs, bulk.firstNoticeMs, bulk.p99, json.throughput(), bulk.throughput() / json.throughput());
        }
        return 0;
    }

    /** One return of {@code rowCount} rows: uploaded, then polled every 20 ms until its batch is done. */
    private Bulk upload(URI returns, int rowCount, int run) throws Exception {
        byte[] zip = this.returns.zip(rowCount, run);
        JvmUsage.resetPeaks();
        long cpuStart = JvmUsage.processCpuNanos();
        firstDelivered.set(0);
        long start = System.nanoTime();
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(returns)
                .header("Content-Type", "application/zip").header(DevelopmentHeaderIdentity.HEADER, KENT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(zip)).build(), HttpResponse.BodyHandlers.ofString());
        double answerMs = (System.nanoTime() - start) / 1e6;
        if (answer.statusCode() != 202) {
            throw new IllegalStateException("the upload was answered " + answer.statusCode() + ": " + answer.body());
        }
        URI batch = returns.resolve(JSON.readTree(answer.body()).path("batchId").asText());
        JsonNode status;
        do {
            Thread.sleep(20);
            status = JSON.readTree(http.send(HttpRequest.newBuilder(batch).header(DevelopmentHeaderIdentity.HEADER, KENT)
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        } while (!status.path("done").asBoolean() && !status.path("state").asText().equals("failed"));
        double seconds = (System.nanoTime() - start) / 1e9;
        int notices = status.path("noticesSent").asInt();
        if (!status.path("done").asBoolean() || notices != rowCount / 2 || status.path("rowsRejected").asInt() != 0) {
            throw new IllegalStateException("the synthetic return did not go through whole: " + status);
        }
        JsonNode timings = status.path("summary").path("noticeTimings");
        return new Bulk(notices, seconds, answerMs, (firstDelivered.get() - start) / 1e6,
                timings.path("p50Ms").asDouble(), timings.path("p99Ms").asDouble(), JvmUsage.peakHeapMiB(),
                (JvmUsage.processCpuNanos() - cpuStart) / 1e6 / notices);
    }

    private record Bulk(int notices, double seconds, double answerMs, double firstNoticeMs, double p50, double p99,
                        long peakHeapMiB, double cpuMsPerNotice) {
        double throughput() {
            return notices / seconds;
        }

        void print() {
            System.out.printf("ssda903 %,8.0f notices/s   p50 %6.2f ms   p99 %6.2f ms   peak heap %,d MiB   cpu %.2f "
                            + "ms/notice   upload answered in %.0f ms, first notice after %.0f ms, all %,d in %.1f s%n",
                    throughput(), p50, p99, peakHeapMiB, cpuMsPerNotice, answerMs, firstNoticeMs, notices, seconds);
        }
    }
}
