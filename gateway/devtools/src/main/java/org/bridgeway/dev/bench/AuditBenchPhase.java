package org.bridgeway.dev.bench;

/**
 * What one phase of the audit benchmark measured: how many operations in how long, their latency percentiles
 * (NaN where single operations are not timed), the heap's peak during the phase and the process's CPU time per
 * operation — the figure that other work on a shared machine disturbs least.
 */
record AuditBenchPhase(long count, double seconds, double p50Millis, double p99Millis, long peakHeapMiB,
                       double cpuMicrosEach) {

    /** Marks the start of a phase: a fresh heap peak and the CPU time so far. */
    static long start() {
        JvmUsage.resetPeaks();
        return JvmUsage.processCpuNanos();
    }

    static AuditBenchPhase timed(long cpuStart, Latencies latencies, long count, double seconds) {
        return new AuditBenchPhase(count, seconds, latencies.percentileMillis(50), latencies.percentileMillis(99),
                JvmUsage.peakHeapMiB(), cpuMicros(cpuStart, count));
    }

    static AuditBenchPhase untimed(long cpuStart, long count, double seconds) {
        return new AuditBenchPhase(count, seconds, Double.NaN, Double.NaN, JvmUsage.peakHeapMiB(),
                cpuMicros(cpuStart, count));
    }

    private static double cpuMicros(long cpuStart, long count) {
        return (JvmUsage.processCpuNanos() - cpuStart) / 1e3 / count;
    }

    double perSecond() {
        return count / seconds;
    }
}
