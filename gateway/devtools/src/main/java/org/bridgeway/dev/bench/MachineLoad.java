package org.bridgeway.dev.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What else the machine did while a round ran, so that a round measured on a shared machine can say it was not
 * alone: the CPU time the kernel counts for the whole machine ({@code /proc/stat}) less this process's own, and the
 * time the hypervisor gave this machine's CPUs to another guest (steal). Empty where there is no {@code /proc/stat}.
 */
final class MachineLoad {
    /** USER_HZ: the unit of {@code /proc/stat}, 100 on every Linux the benchmarks run on. */
    private static final double TICKS_PER_SECOND = 100;
    private static final Path PROC_STAT = Path.of("/proc/stat");

    /** The machine's CPU counters at one instant, in seconds summed over all CPUs. */
    record Counters(double busy, double steal, double total) {
    }

    /** Over one round: cores' worth of CPU other processes used, and the share of CPU time stolen. */
    record Share(double otherCores, double stealShare) {
    }

    private MachineLoad() {
    }

    static Optional<Counters> now() {
        try {
            return Optional.of(parse(Files.readAllLines(PROC_STAT).get(0)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The first line of {@code /proc/stat}: {@code cpu user nice system idle iowait irq softirq steal guest
     * guest_nice}. Busy is everything but idle, iowait and steal; guest time is already inside user time.
     */
    static Counters parse(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        if (!f[0].equals("cpu") || f.length < 9) {
            throw new IllegalArgumentException("not the all-CPU line of /proc/stat");
        }
        long[] v = new long[8];
        for (int i = 0; i < v.length; i++) {
            v[i] = Long.parseLong(f[i + 1]);
        }
        long busy = v[0] + v[1] + v[2] + v[5] + v[6];
        long total = busy + v[3] + v[4] + v[7];
        return new Counters(busy / TICKS_PER_SECOND, v[7] / TICKS_PER_SECOND, total / TICKS_PER_SECOND);
    }

    /** Between two readings, over {@code wallSeconds}, given this process's CPU seconds in that time. */
    static Share between(Counters start, Counters end, double wallSeconds, double processCpuSeconds) {
        double busy = end.busy() - start.busy();
        double total = end.total() - start.total();
        double other = Math.max(0, busy - processCpuSeconds) / wallSeconds;
        return new Share(other, total <= 0 ? 0 : (end.steal() - start.steal()) / total);
    }

    /** Why a round's figures should not be trusted, in words; empty when nothing disturbed it. */
    static List<String> disturbances(double compilerShare, Optional<Share> load) {
        List<String> why = new ArrayList<>();
        if (compilerShare >= org.bridgeway.warmup.JitSettling.SETTLED_COMPILER_SHARE) {
            why.add("the JIT compiler used %.2f cores".formatted(compilerShare));
        }
        load.ifPresent(share -> {
            if (share.otherCores() >= OTHER_LOAD_CORES) {
                why.add("other processes used %.2f cores".formatted(share.otherCores()));
            }
            if (share.stealShare() >= STEAL_SHARE) {
                why.add("%.0f%% of CPU time stolen by the hypervisor".formatted(share.stealShare() * 100));
            }
        });
        return why;
    }

    /** A quarter of a core used by others, or 5% stolen: on two cores, enough to move a rate by a tenth or more. */
    static final double OTHER_LOAD_CORES = 0.25;
    static final double STEAL_SHARE = 0.05;
}
