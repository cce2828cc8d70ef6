package org.bridgeway.dev.bench;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.bridgeway.warmup.ThreadClocks;

/**
 * Where a run's CPU went, by what the threads that spent it do, from each thread's own clock
 * ({@link ThreadClocks}). A sampling profiler (JFR) samples threads that are in Java code, whether on a core or
 * waiting for one, and never the collector's or the compiler's threads: on two busy cores it made the database's
 * page-writing thread look seven times as costly as its clock says.
 */
final class CpuByThread {
    /** The bench names its submitter threads so; the kernel keeps 15 characters of a name. */
    static final String SUBMITTER = "bench-submitter";

    /** What a thread does, by its name (the gateway's, H2's, Artemis's and HotSpot's names, as the kernel keeps them). */
    enum Role {
        SUBMITTERS("submitters"),
        AUDIT_WRITER("audit writer"),
        DATABASE("database"),
        BROKER("broker and relay"),
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
            } else if (threadName.contains("(acti") || threadName.startsWith("activemq")
                    || threadName.startsWith("mailbox-")) {
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

    /** The threads' clocks at one instant, by thread key. */
    record Reading(Map<String, ThreadClocks.ThreadClock> clocks) {
        static Optional<Reading> now() {
            return ThreadClocks.read().map(list -> new Reading(list.stream()
                    .collect(Collectors.toMap(ThreadClocks.ThreadClock::key, Function.identity(), (a, b) -> b))));
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
            for (ThreadClocks.ThreadClock clock : later.clocks.values()) {
                ThreadClocks.ThreadClock before = clocks.get(clock.key());
                long millis = clock.cpuMillis() - (before == null ? 0 : before.cpuMillis());
                spent.merge(Role.of(clock.name()), (double) millis, Double::sum);
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
