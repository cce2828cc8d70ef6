package org.bridgeway.warmup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Rounds of work until the JIT compiler has settled: the warm-up of the rehearsal at start and of the benchmarks
 * alike. On a small machine the C2 compiler takes most of a core for the first minute of traffic; once it has been
 * busy for less than a tenth of the wall time over several seconds of rounds, the compiled pipeline runs them, not
 * the compiler.
 */
public final class JitSettling {
    /** Settled when, over one round, the JIT compiler threads were busy for less than this share of the wall time. */
    public static final double SETTLED_COMPILER_SHARE = 0.10;
    /** How much of the latest rounds the compiler's share is measured over. */
    public static final Duration WINDOW = Duration.ofSeconds(5);

    private JitSettling() {
    }

    /** One round of work: runs round {@code round} and returns its throughput (notices/s). */
    @FunctionalInterface
    public interface Round {
        double run(int round) throws Exception;
    }

    /** A round's throughput, when it ended (seconds from the first round's start) and the compiler's share of it. */
    public record RoundResult(double throughput, double endSeconds, double compilerShare) {
    }

    /** The rounds run, and whether the compiler settled before the limit or the stop. */
    public record Outcome(List<RoundResult> rounds, boolean settled) {
        public Outcome {
            rounds = List.copyOf(rounds);
        }

        public double seconds() {
            return rounds.isEmpty() ? 0 : rounds.get(rounds.size() - 1).endSeconds();
        }

        public double firstThroughput() {
            return rounds.isEmpty() ? 0 : rounds.get(0).throughput();
        }

        public double lastThroughput() {
            return rounds.isEmpty() ? 0 : rounds.get(rounds.size() - 1).throughput();
        }

        public double lastCompilerShare() {
            return rounds.isEmpty() ? 0 : rounds.get(rounds.size() - 1).compilerShare();
        }
    }

    /**
     * Runs rounds until the compiler has been settled over the last {@link #WINDOW} of them (one short round can fall
     * between two bursts of compilation), the time limit has passed, or {@code stop} says so (checked before each
     * round).
     */
    public static Outcome run(Round round, Duration limit, BooleanSupplier stop) throws Exception {
        long start = System.nanoTime();
        List<RoundResult> rounds = new ArrayList<>();
        List<long[]> marks = new ArrayList<>(); // {nanos, compiler millis} at the start and after each round
        marks.add(new long[] {start, compilerBusyMillis()});
        boolean settled = false;
        while (!settled && !stop.getAsBoolean() && System.nanoTime() - start < limit.toNanos()) {
            long roundStart = System.nanoTime();
            long compileStart = compilerBusyMillis();
            double throughput = round.run(rounds.size());
            long end = System.nanoTime();
            long compiled = compilerBusyMillis();
            rounds.add(new RoundResult(throughput, (end - start) / 1e9,
                    (compiled - compileStart) * 1e6 / (end - roundStart)));
            marks.add(new long[] {end, compiled});
            settled = settledOver(marks, WINDOW.toNanos());
        }
        return new Outcome(rounds, settled);
    }

    /** Whether the compiler was busy less than its settled share over the latest rounds spanning {@code window}. */
    private static boolean settledOver(List<long[]> marks, long windowNanos) {
        long[] last = marks.get(marks.size() - 1);
        for (int i = marks.size() - 2; i >= 0; i--) {
            long[] from = marks.get(i);
            if (last[0] - from[0] >= windowNanos) {
                return (last[1] - from[1]) * 1e6 / (last[0] - from[0]) < SETTLED_COMPILER_SHARE;
            }
        }
        return false;
    }

    /** Milliseconds of CPU the JIT compiler threads have used since the JVM started ({@link CompilerThreads}). */
    public static long compilerBusyMillis() {
        return CompilerThreads.cpuMillis();
    }
}
