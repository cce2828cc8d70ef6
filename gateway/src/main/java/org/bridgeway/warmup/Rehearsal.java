package org.bridgeway.warmup;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.gateway.GatewayConfig;
import org.bridgeway.logging.QuietThreads;
import org.bridgeway.observability.HealthCheck;
import org.bridgeway.store.Folders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A freshly started gateway's rehearsal: synthetic notices through the whole pipeline (intake, recipients, policy,
 * minimisation, rendering, audit, durable mailboxes) of a scratch gateway of its own, until the JIT compiler has
 * settled or the time allowed has passed, so that the first real notice meets compiled code instead of a compiler
 * busy with a core for a minute.
 *
 * <p>Nothing of it reaches anyone or touches the gateway that serves: the scratch gateway has its own embedded
 * database and broker under {@code <data>/rehearsal} (emptied before, deleted after), no API, no inbox, and none of
 * the serving gateway's push endpoints (they are read from its own data directory), witnesses or time-stamping
 * authority; its notices, audit log and mailboxes are thrown away with it. Only the compiled code stays, shared by every instance
 * of the same classes. Until it ends the serving gateway reports itself not ready ({@link #NAME}), so a load balancer
 * sends it nothing yet.
 */
public final class Rehearsal implements HealthCheck {
    public static final String NAME = "warm-up";
    /** How long a rehearsal may take at most by default: on two cores the compiler settles in about a minute. */
    public static final Duration DEFAULT_LIMIT = Duration.ofSeconds(60);
    /** Notices a round; a round is also how often a stop is noticed. */
    static final int ROUND = 500;
    /**
     * Notices in flight at once: two run every stage side by side and leave the compiler threads a core; eight (as
     * the bench's traffic) took longer to settle on two cores (a minute and more, against 47 s).
     */
    static final int SUBMITTERS = 2;
    /** The most scratch data a rehearsal may write before it stops. */
    static final long MAX_SCRATCH_BYTES = 1L << 30;
    /** Free space below which the rehearsal stops (or a tenth of the volume, when that is more). */
    static final long MIN_FREE_BYTES = 2L << 30;
    private static final String THREAD_NAME = "bridgeway-rehearsal";
    private static final Logger LOG = LoggerFactory.getLogger(Rehearsal.class);

    private final Path scratch;
    private final GatewayConfig scratchConfig;
    private final Duration limit;
    private volatile boolean stopping;
    private volatile boolean over;

    /** A rehearsal for a gateway of {@code config}, for at most {@code limit}. */
    public Rehearsal(GatewayConfig config, Duration limit) {
        this.scratch = config.dataDirectory().resolve("rehearsal");
        this.scratchConfig = new GatewayConfig(config.projectRoot(), scratch, config.operator(), "127.0.0.1",
                Optional.empty(), false);
        this.limit = limit;
    }

    /** How it went: the rounds run, and why they ended. */
    public record Report(int notices, JitSettling.Outcome outcome, String ended) {
        public String describe() {
            return ("%,d synthetic notices in %.1f s, %s (first round %,.0f notices/s, last %,.0f; JIT compiler busy "
                    + "%.0f%% of the last round)").formatted(notices, outcome.seconds(), ended,
                    outcome.firstThroughput(), outcome.lastThroughput(), outcome.lastCompilerShare() * 100);
        }
    }

    /**
     * Rehearses on a thread of its own (whose routine log lines are kept out of the log), then removes the scratch
     * gateway and its data. A failure of the rehearsal is logged and ends it: the gateway that serves is warmed less,
     * never stopped by it.
     */
    public Report run() {
        QuietThreads.install(THREAD_NAME);
        AtomicReference<Report> report = new AtomicReference<>();
        Thread rehearsing = new Thread(() -> report.set(rehearse()), THREAD_NAME);
        rehearsing.start();
        try {
            rehearsing.join();
        } catch (InterruptedException e) {
            stop();
            Thread.currentThread().interrupt();
        }
        return report.get() == null ? new Report(0, new JitSettling.Outcome(List.of(), false), "interrupted")
                : report.get();
    }

    private Report rehearse() {
        AtomicInteger notices = new AtomicInteger();
        JitSettling.Outcome outcome = new JitSettling.Outcome(List.of(), false);
        AtomicReference<String> stoppedFor = new AtomicReference<>();
        String ended;
        try {
            Folders.deleteTree(scratch); // what a rehearsal cut off by a crash left
            try (Gateway gateway = Gateway.start(scratchConfig)) {
                SyntheticNotices synthetic = new SyntheticNotices(System.nanoTime());
                SyntheticNotices.Intakes intakes = SyntheticNotices.Intakes.of(gateway);
                AtomicInteger submitterNumber = new AtomicInteger();
                ExecutorService pool = Executors.newFixedThreadPool(SUBMITTERS, r -> {
                    Thread t = new Thread(r, THREAD_NAME + "-" + submitterNumber.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
                try {
                    outcome = JitSettling.run(round -> {
                        List<SyntheticNotices.Document> docs = synthetic.documents(ROUND, "rehearsal" + round);
                        double throughput = submitAll(pool, docs, d -> gateway.submit(intakes.accepted(d)));
                        notices.addAndGet(docs.size());
                        return throughput;
                    }, limit, () -> {
                        Optional<String> reason = stopReason();
                        reason.ifPresent(stoppedFor::set);
                        return reason.isPresent();
                    });
                } finally {
                    pool.shutdownNow();
                }
            }
            ended = outcome.settled() ? "the JIT compiler settled"
                    : stoppedFor.get() != null ? stoppedFor.get()
                    : "the time allowed ran out before the JIT compiler settled";
        } catch (Exception e) {
            LOG.warn("the rehearsal stopped early ({}): the first notices may be slower", e.toString());
            ended = "failed: " + e.getClass().getSimpleName();
        } finally {
            try {
                Folders.deleteTree(scratch);
            } catch (IOException e) {
                LOG.warn("could not remove the rehearsal's scratch data in {}: {}", scratch, e.toString());
            }
            over = true;
        }
        return new Report(notices.get(), outcome, ended);
    }

    /** Why the rehearsal must end before its next round, if it must. */
    private Optional<String> stopReason() {
        if (stopping) {
            return Optional.of("stopped: the gateway is stopping");
        }
        return lowOnDisk() ? Optional.of("stopped: the data volume is short of space") : Optional.empty();
    }

    /**
     * Whether the rehearsal should stop for space: its scratch data has grown to {@link #MAX_SCRATCH_BYTES} (some
     * 50 KiB a notice while it runs), or the volume it shares with the serving gateway's own data has less than
     * {@link #MIN_FREE_BYTES} or a tenth of it left. The rehearsal must never be what fills the disk the audit log
     * needs, nor a volume with a size limit of its own (a Kubernetes emptyDir).
     */
    private boolean lowOnDisk() {
        try {
            FileStore store = Files.getFileStore(Files.exists(scratch) ? scratch : scratch.getParent());
            if (store.getUsableSpace() < Math.max(MIN_FREE_BYTES, store.getTotalSpace() / 10)) {
                return true;
            }
        } catch (IOException e) {
            return true; // a volume that cannot say what it has left is no place to write a gigabyte
        }
        try {
            return Folders.size(scratch) >= MAX_SCRATCH_BYTES;
        } catch (IOException | java.io.UncheckedIOException e) {
            return false; // a journal file the broker removed while it was counted: the next round counts again
        }
    }

    /** Ends the rehearsal after its current round (the gateway is stopping). */
    public void stop() {
        stopping = true;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status check() {
        return over ? Status.ok() : Status.down("rehearsing the pipeline on synthetic notices (JIT warm-up)");
    }

    private interface Submission {
        void submit(SyntheticNotices.Document document) throws Exception;
    }

    /** The documents on the pool's submitters; returns notices/s. */
    private double submitAll(ExecutorService pool, List<SyntheticNotices.Document> docs, Submission submission)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < SUBMITTERS; t++) {
            running.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < docs.size() && !stopping; i = next.getAndIncrement()) {
                    submission.submit(docs.get(i));
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        return docs.size() / ((System.nanoTime() - start) / 1e9);
    }
}
