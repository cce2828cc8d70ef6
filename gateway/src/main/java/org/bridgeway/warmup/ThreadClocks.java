package org.bridgeway.warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The CPU time each live thread of this JVM has used, from the thread's own clock ({@code /proc/self/task/TID/stat}
 * on Linux), which runs only while the thread is on a core: a sampling profiler counts a thread that waits for a core
 * in Java code as if it ran, and never sees the collector's and the compiler's threads.
 */
public final class ThreadClocks {
    /** USER_HZ, the unit of a thread's CPU times in {@code stat}: 100 on every Linux the gateway runs on. */
    private static final long MILLIS_PER_TICK = 10;
    private static final Path TASKS = Path.of("/proc/self/task");

    private ThreadClocks() {
    }

    /**
     * One thread's clock: {@code key} names the thread for good (its id and start time, as the kernel reuses ids);
     * {@code name} is as the kernel keeps it, at most 15 characters.
     */
    public record ThreadClock(String key, String name, long cpuMillis) {
    }

    /**
     * Every thread that could be read; empty where the threads cannot be listed (not Linux). A thread that ends
     * between the listing and its reading is left out.
     */
    public static Optional<List<ThreadClock>> read() {
        if (!Files.isDirectory(TASKS)) {
            return Optional.empty();
        }
        List<ThreadClock> clocks = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(TASKS)) {
            for (Path task : tasks.toList()) {
                ThreadTicks ticks;
                try {
                    ticks = ThreadTicks.parse(Files.readString(task.resolve("stat")));
                } catch (IOException | IllegalArgumentException ended) {
                    continue; // the thread ended between the listing and the read, or left a line not whole
                }
                clocks.add(new ThreadClock(task.getFileName() + "@" + ticks.started(), ticks.name(),
                        ticks.cpu() * MILLIS_PER_TICK));
            }
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
        return Optional.of(clocks);
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
