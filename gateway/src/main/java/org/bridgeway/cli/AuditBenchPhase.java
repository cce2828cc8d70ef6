package org.bridgeway.cli;

/**
 * What one phase of the audit benchmark measured: how many operations in how long, their latency percentiles
 * (NaN where single operations are not timed) and the heap's peak during the phase.
 */
record AuditBenchPhase(long count, double seconds, double p50Millis, double p99Millis, long peakHeapMiB) {

    static AuditBenchPhase timed(Latencies latencies, double seconds) {
        return new AuditBenchPhase(latencies.count(), seconds, latencies.percentileMillis(50),
                latencies.percentileMillis(99), JvmUsage.peakHeapMiB());
    }

    static AuditBenchPhase untimed(long count, double seconds) {
        return new AuditBenchPhase(count, seconds, Double.NaN, Double.NaN, JvmUsage.peakHeapMiB());
    }

    double perSecond() {
        return count / seconds;
    }
}
