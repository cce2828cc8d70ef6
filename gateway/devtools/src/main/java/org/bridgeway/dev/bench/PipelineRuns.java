package org.bridgeway.dev.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.bridgeway.store.Database;
import org.bridgeway.warmup.JitSettling;

/** How the benchmarks drive the pipeline: submitters in parallel, timed; and a warm-up until the JIT has settled. */
final class PipelineRuns {
    private static final Duration MAX_WARMUP = Duration.ofMinutes(2);

    private PipelineRuns() {
    }

    /**
     * Runs rounds until the JIT compiler has settled, or for at most two minutes. A gateway runs for weeks: the
     * benchmarks measure its steady state, not the first seconds in which the compiler (on a small machine, a whole
     * core of it) is still turning the pipeline into machine code. The rounds' rates are how a gateway's first
     * minute of traffic goes.
     */
    static Warmup warmUp(int noticesPerRound, JitSettling.Round round) throws Exception {
        return new Warmup(noticesPerRound, JitSettling.run(round, MAX_WARMUP, () -> false));
    }

    record Warmup(int noticesPerRound, JitSettling.Outcome outcome) {
        int notices() {
            return noticesPerRound * outcome.rounds().size();
        }

        void print(String name) {
            System.out.printf("warm-up %s %,d notices in %.1f s (first round %,.0f notices/s); JIT compiler busy "
                            + "%.0f%% of the last round%n", name, notices(), outcome.seconds(),
                    outcome.firstThroughput(), outcome.lastCompilerShare() * 100);
            StringBuilder rounds = new StringBuilder();
            for (JitSettling.RoundResult r : outcome.rounds()) {
                rounds.append(" %,.0f@%.1fs".formatted(r.throughput(), r.endSeconds()));
            }
            System.out.printf("        %s rounds (notices/s @ end, from the first notice):%s%n", name, rounds);
        }

        /**
         * When the warm-up's rounds first ran at {@code share} of {@code steady}: the seconds from the first notice to
         * the end of that round (the rate was reached within it), or empty when no round did.
         */
        java.util.OptionalDouble secondsToReach(double share, double steady) {
            return outcome.rounds().stream().filter(r -> r.throughput() >= share * steady)
                    .mapToDouble(JitSettling.RoundResult::endSeconds).findFirst();
        }
    }

    /** {@code count} pieces of work on {@code threads} submitters, each timed. */
    static Result run(int count, int threads, IntConsumer work) throws Exception {
        JvmUsage.resetPeaks();
        long cpuStart = JvmUsage.processCpuNanos();
        long compileStart = JitSettling.compilerBusyMillis();
        Optional<MachineLoad.Counters> machineStart = MachineLoad.now();
        Optional<CpuByThread.Reading> threadsStart = CpuByThread.Reading.now();
        long[] latencies = new long[count];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, task -> new Thread(task, CpuByThread.SUBMITTER));
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
        double cpuSeconds = (JvmUsage.processCpuNanos() - cpuStart) / 1e9;
        // read before the pool ends: a submitter's clock goes with its thread
        Map<CpuByThread.Role, Double> byThread = threadsStart.flatMap(from -> CpuByThread.Reading.now()
                .map(to -> from.until(to, cpuSeconds * 1e3))).orElse(Map.of());
        double compilerShare = (JitSettling.compilerBusyMillis() - compileStart) / 1e3 / seconds;
        Optional<MachineLoad.Share> load = machineStart.flatMap(from -> MachineLoad.now()
                .map(to -> MachineLoad.between(from, to, seconds, cpuSeconds)));
        pool.shutdown();
        Arrays.sort(latencies);
        return new Result(count / seconds, Latencies.percentile(latencies, 50), Latencies.percentile(latencies, 99),
                JvmUsage.peakHeapMiB(), cpuSeconds * 1e3 / count, perNotice(byThread, count),
                MachineLoad.disturbances(compilerShare, load));
    }

    private static Map<CpuByThread.Role, Double> perNotice(Map<CpuByThread.Role, Double> millis, int count) {
        Map<CpuByThread.Role, Double> perNotice = new EnumMap<>(CpuByThread.Role.class);
        millis.forEach((role, ms) -> perNotice.put(role, ms / count));
        return perNotice;
    }

    /**
     * One timed run, and what (if anything) disturbed it: the JIT compiler still at work, or other load. The CPU a
     * notice is also given by the threads that spent it, where their clocks can be read (else the map is empty).
     */
    record Result(double throughput, double p50, double p99, long peakHeapMiB, double cpuMsPerNotice,
                  Map<CpuByThread.Role, Double> cpuMsByThread, List<String> disturbances) {
        void print(String name) {
            System.out.printf("%s %,8.0f notices/s   p50 %6.2f ms   p99 %6.2f ms   peak heap %,d MiB   cpu %.2f ms/notice%s%n",
                    name, throughput, p50, p99, peakHeapMiB, cpuMsPerNotice, disturbed());
        }

        boolean reliable() {
            return disturbances.isEmpty();
        }

        /** Empty, or the disturbances after "unreliable:". */
        String disturbed() {
            return reliable() ? "" : "   unreliable: " + String.join(", ", disturbances);
        }
    }

    /**
     * The database's writes while the governed route runs, per notice (embedded H2 only; PostgreSQL writes in its
     * server): measuring from construction, paused while another route runs.
     */
    static final class StoreWritesMeter {
        private final Database database;
        private Optional<Database.StoreWrites> since;
        private Optional<Database.StoreWrites> total = Optional.of(new Database.StoreWrites(0, 0, 0));

        StoreWritesMeter(Database database) {
            this.database = database;
            this.since = database.storeWrites();
        }

        /** Adds what was written since the meter started or resumed, and stops counting. */
        void pause() {
            Optional<Database.StoreWrites> now = database.storeWrites();
            total = total.flatMap(t -> since.flatMap(from -> now.map(to -> t.plus(to.since(from)))));
            since = Optional.empty();
        }

        void resume() {
            since = database.storeWrites();
        }

        void print(String name, int notices) {
            if (since.isPresent()) {
                pause();
            }
            if (total.isEmpty() || notices == 0) {
                return;
            }
            Database.StoreWrites run = total.get();
            System.out.printf("%s database writes %.1f KiB per notice (%.1f KiB to the file, %.1f notices per store "
                            + "(%,d stores); %.1f KiB to the commit journal)%n", name,
                    (run.bytes() + run.journalBytes()) / 1024.0 / notices, run.bytes() / 1024.0 / notices,
                    (double) notices / Math.max(1, run.stores()), run.stores(), run.journalBytes() / 1024.0 / notices);
        }
    }
}
