package org.bridgeway.warmup;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CPU time this JVM's JIT compiler threads have used. HotSpot's own count ({@code CompilationMXBean}) adds a
 * compilation's whole elapsed time when it ends, its waits for a core included: a long compilation that ends in a
 * short round counted there as several cores on a two-core machine. On Linux each compiler thread's own CPU clock
 * ({@link ThreadClocks}) runs only while it compiles, and is read as it goes.
 */
final class CompilerThreads {
    /** HotSpot names them "C1 CompilerThread0", "C2 CompilerThread1"…; the kernel keeps 15 characters. */
    private static final String COMPILER_THREAD = "CompilerThre";

    /**
     * The latest CPU time seen of each compiler thread, by thread id and start time (the kernel reuses ids): HotSpot
     * stops compiler threads it no longer needs, and what a stopped one used still counts.
     */
    private static final Map<String, Long> MILLIS_BY_THREAD = new ConcurrentHashMap<>();

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
        ThreadClocks.read().ifPresent(clocks -> clocks.stream().filter(c -> c.name().contains(COMPILER_THREAD))
                .forEach(c -> MILLIS_BY_THREAD.merge(c.key(), c.cpuMillis(), Math::max)));
        if (MILLIS_BY_THREAD.isEmpty()) {
            return OptionalLong.empty(); // a JVM that names its compiler threads otherwise, or not Linux
        }
        return OptionalLong.of(MILLIS_BY_THREAD.values().stream().mapToLong(Long::longValue).sum());
    }
}
