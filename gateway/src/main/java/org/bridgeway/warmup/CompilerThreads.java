package org.bridgeway.warmup;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The CPU time this JVM's JIT compiler threads have used. HotSpot's own count ({@code CompilationMXBean}) adds a
 * compilation's whole elapsed time when it ends, its waits for a core included: a long compilation that ends in a
 * short round counted there as several cores on a two-core machine. On Linux each compiler thread's own CPU clock
 * ({@code /proc/self/task/TID/stat}) runs only while it compiles, and is read as it goes.
 */
final class CompilerThreads {
    /** USER_HZ, the unit of a thread's CPU times in {@code stat}: 100 on every Linux the gateway runs on. */
    private static final long MILLIS_PER_TICK = 10;
    private static final Path TASKS = Path.of("/proc/self/task");
    /** HotSpot names them "C1 CompilerThread0", "C2 CompilerThread1"…; the kernel keeps 15 characters. */
    private static final String COMPILER_THREAD = "CompilerThre";

    /**
     * The latest CPU time seen of each compiler thread, by thread id and start time (the kernel reuses ids): HotSpot
     * stops compiler threads it no longer needs, and what a stopped one used still counts.
     */
    private static final Map<String, Long> TICKS_BY_THREAD = new ConcurrentHashMap<>();

    private CompilerThreads() {
    }

    /** Milliseconds of CPU the compiler threads have used since the JVM started. */
    static long cpuMillis() {
        OptionalLong fromThreads = fromThreadClocks();
        return fromThreads.isPresent() ? fromThreads.getAsLong()
                : ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    /**
     * From the compiler threads' own clocks; empty where they cannot be read. Once read, a later reading that fails
     * gives what was read last, never the MXBean's other clock: callers take differences between readings.
     */
    static OptionalLong fromThreadClocks() {
        if (!Files.isDirectory(TASKS)) {
            return OptionalLong.empty();
        }
        try (Stream<Path> tasks = Files.list(TASKS)) {
            for (Path task : tasks.toList()) {
                ThreadTicks ticks;
                try {
                    ticks = ThreadTicks.parse(Files.readString(task.resolve("stat")));
                } catch (IOException | IllegalArgumentException ended) {
                    continue; // the thread ended between the listing and the read, or left a line not whole
                }
                if (ticks.name().contains(COMPILER_THREAD)) {
                    TICKS_BY_THREAD.merge(task.getFileName() + "@" + ticks.started(), ticks.cpu(), Math::max);
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // the threads read before, if any, still count
        }
        if (TICKS_BY_THREAD.isEmpty()) {
            return OptionalLong.empty(); // a JVM that names its compiler threads otherwise
        }
        return OptionalLong.of(TICKS_BY_THREAD.values().stream().mapToLong(Long::longValue).sum() * MILLIS_PER_TICK);
    }

    /**
     * A thread's name, the CPU it has used (user and system) and when it started, in ticks, from its {@code stat}
     * line.
     */
    record ThreadTicks(String name, long cpu, long started) {
        /**
         * {@code tid (name) state ppid …}: the name may hold spaces and parentheses, so the fields are counted from
         * the last ')'; user and system time are the 14th and 15th fields of the line, the start time the 22nd.
         */
        static ThreadTicks parse(String stat) {
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            if (open < 0 || close < open) {
                throw new IllegalArgumentException("not a /proc stat line");
            }
            List<String> after = List.of(stat.substring(close + 1).trim().split("\\s+"));
            if (after.size() < 20) {
                throw new IllegalArgumentException("a /proc stat line of " + after.size() + " fields after the name");
            }
            return new ThreadTicks(stat.substring(open + 1, close),
                    Long.parseLong(after.get(11)) + Long.parseLong(after.get(12)), Long.parseLong(after.get(19)));
        }
    }
}
