package org.bridgeway.dev.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.reference.ReferenceData;
import org.bridgeway.store.Database;
import org.bridgeway.workflow.DeadlineTicker;
import org.bridgeway.workflow.EpisodeReturned;
import org.bridgeway.workflow.JdbcReturnInterviewTasks;
import org.bridgeway.workflow.ReturnInterviewDeadlines;
import org.bridgeway.workflow.TaskFiring;

/**
 * The deadline benchmark: {@code tasks} return interview tasks opened as the gateway opens them (with the shipped
 * deadline data, over a spread of responsible authorities), their returns placed so that their deadlines fall
 * evenly at random across the window after set-up. The timers due before that (each task's OPENED and its
 * reminders, which on a real gateway fired long ago) are marked fired, so the window holds {@code tasks} OVERDUE
 * timers among {@code tasks} open tasks and twice as many spent timer rows. The ticker then runs on the real clock at
 * its interval, and every firing's delay past its due time is recorded.
 *
 * <p>The ticker's notices go to a sink that only records them: a notice's trip down the pipeline is what
 * {@code bench} measures, and with it here the figure would be the pipeline's throughput, not the ticker's delay.
 */
final class DeadlineBench {
    private static final int AUTHORITIES = 40;
    /** Time to settle between set-up and the first deadline, so that the first ticks are not set-up's tail. */
    private static final Duration LEAD = Duration.ofSeconds(5);
    /** How long past the window's end the run waits for stragglers before reporting what it has. */
    private static final Duration GRACE = Duration.ofSeconds(30);

    private final int tasks;
    private final Duration window;
    private final Duration tick;

    DeadlineBench(int tasks, Duration window, Duration tick) {
        this.tasks = tasks;
        this.window = window;
        this.tick = tick;
    }

    record Report(int tasks, double setupSeconds, long fired, long cancelled, long failed, Latencies delays,
                  long maxDelayNanos, Latencies busyTicks, Latencies idleTicks, long ticks, long maxPerTick, double busySeconds,
                  double seconds, long peakHeapMiB, long timerRows) {

        void print(PrintWriter out) {
            out.printf("set-up: %,d tasks opened (%,d timer rows) in %.1fs%n", tasks, timerRows, setupSeconds);
            out.printf("%-28s %11s %10s %10s %10s%n", "", "count", "p50 ms", "p99 ms", "max ms");
            out.printf("%-28s %,11d %10.1f %10.1f %10.1f%n", "firing delay past due", delays.count(),
                    delays.percentileMillis(50), delays.percentileMillis(99), maxDelayNanos / 1e6);
            out.printf("%-28s %,11d %10.2f %10.2f %10.2f%n", "tick firing timers", busyTicks.count(),
                    busyTicks.percentileMillis(50), busyTicks.percentileMillis(99), busyTicks.percentileMillis(100));
            out.printf("%-28s %,11d %10.2f %10.2f %10.2f%n", "tick with nothing due", idleTicks.count(),
                    idleTicks.percentileMillis(50), idleTicks.percentileMillis(99), idleTicks.percentileMillis(100));
            out.printf("ticks: %,d, timers per firing tick %.1f on average, %,d at most; %,d fired, %,d cancelled, "
                    + "%,d failed in %.1fs; while firing, %,.0f timers/s (the ticker's capacity, one node); peak heap "
                    + "%,d MiB%n", ticks, busyTicks.count() == 0 ? 0.0 : (double) fired / busyTicks.count(), maxPerTick,
                    fired, cancelled, failed, seconds, busySeconds == 0 ? 0.0 : fired / busySeconds, peakHeapMiB);
            out.printf("bench-deadlines: %,d open tasks, delay p50 %.0f ms, p99 %.0f ms, max %.0f ms; tick p99 %.2f ms%n",
                    tasks, delays.percentileMillis(50), delays.percentileMillis(99), maxDelayNanos / 1e6,
                    busyTicks.percentileMillis(99));
            out.flush();
        }
    }

    Report run(Path projectRoot, Path dataDir) throws Exception {
        ReferenceData reference = ReferenceData.shipped();
        ReturnInterviewDeadlines deadlines = ReturnInterviewDeadlines.load(
                projectRoot.resolve("policies").resolve("workflows"), reference);
        DfeLaCode[] authorities = reference.localAuthorities().stream().limit(AUTHORITIES)
                .map(la -> la.dfeCode()).toArray(DfeLaCode[]::new);
        try (Database database = Database.embedded(dataDir.resolve("db"))) {
            DataSource db = database.dataSource();
            // set-up takes as long as it takes: the tasks open at an anchor instant, and the ticker's clock is the real
            // clock set back by however long set-up took, so the window starts LEAD after set-up ends whatever its pace
            Instant anchor = Instant.now();
            JdbcReturnInterviewTasks rhi = new JdbcReturnInterviewTasks(db, deadlines, Clock.fixed(anchor,
                    java.time.ZoneOffset.UTC));
            Instant windowStart = anchor.plus(LEAD);
            SplittableRandom random = new SplittableRandom(42);
            for (int i = 0; i < tasks; i++) {
                DfeLaCode la = authorities[i % authorities.length];
                Instant due = windowStart.plusNanos((long) (random.nextDouble() * window.toNanos()));
                Instant returned = due.minus(deadlines.forAuthority(la).due());
                String source = "bench-found:" + i;
                accepted(db, source, i);
                rhi.opened(new EpisodeReturned("ME-bench-" + i, la, Optional.empty(), returned, source,
                        Optional.of("BENCH/" + i), Optional.of("devon-and-cornwall"), Optional.of("C" + i)));
            }
            long timerRows = spendTimersBefore(db, windowStart);
            Duration setup = Duration.between(anchor, Instant.now());
            Clock clock = Clock.offset(Clock.systemUTC(), setup.negated());

            Latencies delays = new Latencies();
            AtomicLong maxDelay = new AtomicLong();
            DeadlineTicker ticker = new DeadlineTicker(db, firing -> record(firing, clock, delays, maxDelay), clock);
            Latencies busy = new Latencies();
            Latencies idle = new Latencies();
            long[] totals = new long[6]; // fired, cancelled, failed, ticks, max per tick, busy tick nanos
            JvmUsage.resetPeaks();
            long start = System.nanoTime();
            Instant end = windowStart.plus(window).plus(GRACE).plus(setup);
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
            scheduler.scheduleWithFixedDelay(() -> {
                DeadlineTicker.Tick t = ticker.tick();
                (t.claimed() == 0 ? idle : busy).add(t.nanos());
                totals[0] += t.fired();
                totals[1] += t.cancelled();
                totals[2] += t.failed();
                totals[3]++;
                totals[4] = Math.max(totals[4], t.claimed());
                totals[5] += t.claimed() == 0 ? 0 : t.nanos();
            }, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
            while (Instant.now().isBefore(end)) {
                Thread.sleep(200);
                synchronized (delays) {
                    if (delays.count() >= tasks) {
                        break;
                    }
                }
            }
            scheduler.shutdown();
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - start) / 1e9;
            synchronized (delays) {
                return new Report(tasks, setup.toMillis() / 1e3, totals[0], totals[1], totals[2], delays, maxDelay.get(), busy,
                        idle, totals[3], totals[4], totals[5] / 1e9, seconds, JvmUsage.peakHeapMiB(), timerRows);
            }
        }
    }

    private static String record(TaskFiring firing, Clock clock, Latencies delays, AtomicLong max) {
        long late = Duration.between(firing.firesAt(), clock.instant()).toNanos();
        synchronized (delays) {
            delays.add(Math.max(0, late));
        }
        max.accumulateAndGet(late, Math::max);
        return "bench-" + firing.timerId();
    }

    /** The FOUND update that opened a task was accepted: its key is in notice_key, so the task's timers may fire. */
    private static void accepted(DataSource db, String key, int i) throws Exception {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO notice_key (idempotency_key, exchange_id,"
                     + " received_at, state) VALUES (?, ?, ?, 'accepted')")) {
            ps.setString(1, key);
            ps.setString(2, "bench-exchange-" + i);
            ps.setTimestamp(3, Timestamp.from(Instant.now()));
            ps.executeUpdate();
        }
    }

    /** Marks fired what a real gateway would have fired before the window; returns how many timer rows there are. */
    private static long spendTimersBefore(DataSource db, Instant windowStart) throws Exception {
        try (Connection c = db.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE rhi_timer SET state = 'FIRED', fired_at = due_at"
                    + " WHERE state = 'PENDING' AND due_at < ?")) {
                ps.setTimestamp(1, Timestamp.from(windowStart));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM rhi_timer");
                 var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
