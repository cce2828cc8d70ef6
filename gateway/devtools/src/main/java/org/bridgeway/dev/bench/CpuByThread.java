package org.bridgeway.dev.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.bridgeway.warmup.ThreadClocks;

/**
 * Where a run's CPU went, by what the threads that spent it do, from each thread's own clock: the JVM's for its Java
 * threads (to the nanosecond), the kernel's for the collector's, the compiler's and the VM's own ({@link
 * ThreadClocks}, in 10 ms ticks). A sampling profiler (JFR) samples threads that are in Java code, whether on a core or
 * waiting for one, and never the collector's or the compiler's threads: on two busy cores it made the database's
 * threads look four to seven times as costly as their clocks say (docs/benchmarks.md).
 */
final class CpuByThread {
    /** The name of the bench's submitter threads. */
    static final String SUBMITTER = "bench-submitter";

    /**
     * What a thread does, by its name: the gateway's, H2's and Artemis's threads as Java names them, HotSpot's own
     * as the kernel keeps their names (15 characters).
     */
    enum Role {
        SUBMITTERS("submitters"),
        AUDIT_WRITER("audit writer"),
        DATABASE("database"),
        BROKER("broker"),
        /** The outbox's relay thread: the relayed rows' deletions and the sweep, in the embedded database. */
        RELAY("mailbox relay"),
        JIT("JIT compiler"),
        GC("GC and VM"),
        OTHER("other threads");

        private final String label;

        Role(String label) {
            this.label = label;
        }

        static Role of(String threadName) {
            if (threadName.startsWith(SUBMITTER)) {
                return SUBMITTERS;
            } else if (threadName.startsWith("audit-")) {
                return AUDIT_WRITER;
            } else if (threadName.startsWith("H2-") || threadName.startsWith("MVStore") || threadName.startsWith(
                    "bridgeway-h2") || threadName.startsWith("commit-journal")) {
                return DATABASE;
            } else if (threadName.startsWith("mailbox-")) {
                return RELAY;
            } else if (threadName.toLowerCase(Locale.ROOT).contains("activemq")) {
                return BROKER;
            } else if (threadName.contains("CompilerThre")) {
                return JIT;
            } else if (threadName.startsWith("GC Thread") || threadName.startsWith("G1 ")
                    || threadName.equals("VM Thread")) {
                return GC;
            }
            return OTHER;
        }
    }

    /** A thread's name and the CPU it has used. */
    record Clock(String name, long cpuNanos) {
    }

    /** The threads' clocks at one instant, by a key that names each thread for good. */
    record Reading(Map<String, Clock> clocks) {
        /**
         * Every Java thread's clock, and the kernel's clocks of the JVM's own threads (which are not Java threads);
         * empty where a thread's CPU time cannot be had.
         */
        static Optional<Reading> now() {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            if (!threads.isThreadCpuTimeSupported() || !threads.isThreadCpuTimeEnabled()) {
                return Optional.empty();
            }
            Optional<List<ThreadClocks.ThreadClock>> kernel = ThreadClocks.read();
            if (kernel.isEmpty()) {
                return Optional.empty();
            }
            Map<String, Clock> clocks = new HashMap<>();
            for (ThreadInfo thread : threads.getThreadInfo(threads.getAllThreadIds())) {
                long nanos = thread == null ? -1 : threads.getThreadCpuTime(thread.getThreadId());
                if (nanos >= 0) { // -1: it ended meanwhile
                    clocks.put("java-" + thread.getThreadId(), new Clock(thread.getThreadName(), nanos));
                }
            }
            for (ThreadClocks.ThreadClock clock : kernel.get()) {
                Role role = Role.of(clock.name());
                if (role == Role.JIT || role == Role.GC) { // never Java threads: the JVM hides its compiler threads
                    clocks.put(clock.key(), new Clock(clock.name(), clock.cpuMillis() * 1_000_000));
                }
            }
            return Optional.of(new Reading(clocks));
        }

        /**
         * CPU milliseconds by role between this reading and a later one; what the process spent beyond its live
         * threads' clocks (threads that ended in between) counts as {@link Role#OTHER}.
         */
        Map<Role, Double> until(Reading later, double processCpuMillis) {
            Map<Role, Double> spent = new EnumMap<>(Role.class);
            for (Role role : Role.values()) {
                spent.put(role, 0.0);
            }
            double counted = 0;
            for (Map.Entry<String, Clock> thread : later.clocks.entrySet()) {
                Clock before = clocks.get(thread.getKey());
                double millis = (thread.getValue().cpuNanos() - (before == null ? 0 : before.cpuNanos())) / 1e6;
                spent.merge(Role.of(thread.getValue().name()), millis, Double::sum);
                counted += millis;
            }
            spent.merge(Role.OTHER, Math.max(0, processCpuMillis - counted), Double::sum);
            return spent;
        }
    }

    /** "submitters 0.21, audit writer 0.36, …" for each role's figure, in {@code format}. */
    static String describe(Map<Role, Double> figures, String format) {
        return List.of(Role.values()).stream().map(r -> r.label + " " + format.formatted(figures.getOrDefault(r, 0.0)))
                .collect(Collectors.joining(", "));
    }

    private CpuByThread() {
    }
}
