package org.bridgeway.dev.bench;

import java.io.PrintWriter;

/** The figures of one audit benchmark run, printed as a table and one summary line. */
record AuditBenchReport(AuditBench.Settings settings, String storage, AuditBenchPhase appends, long appendCalls,
                        long headsSigned, AuditBenchPhase proofs, AuditBenchPhase verifications,
                        AuditBenchPhase offlineVerify, long headsVerified, AuditBenchPhase floor, long bytesUsed,
                        long compactedBytes) {

    void print(PrintWriter out) {
        out.printf("%-30s %11s %12s %10s %10s %9s %10s %11s%n", "phase", "count", "per second", "p50 ms", "p99 ms",
                "time", "peak heap", "cpu us each");
        row(out, "append, " + settings.threads() + " threads (entries)", appends);
        row(out, "inclusion proof, 1 thread", proofs);
        row(out, "verify proof, 1 thread", verifications);
        row(out, "verify whole log (entries)", offlineVerify);
        row(out, "floor: hash + sign (entries)", floor);
        out.printf("appends: %,d calls of 1-%d entries; %,d tree heads signed while appending (every %d ms) and "
                        + "verified offline: %,d%n", appendCalls, SyntheticAuditEvents.MAX_PER_EXCHANGE, headsSigned,
                settings.headInterval().toMillis(), headsVerified);
        out.printf("floor: SHA-256 leaf hash of each entry's canonical JSON and %,d Ed25519 signatures%n", headsSigned);
        long entries = appends.count();
        if (settings.postgres()) {
            out.printf("storage (%s): audit tables with their indexes %,d MiB, %,d bytes per entry%n", storage,
                    bytesUsed >> 20, bytesUsed / entries);
        } else {
            out.printf("storage (%s): %,d MiB on disk after the run, %,d bytes per entry; its data (compacted "
                    + "offline) %,d MiB, %,d bytes per entry%n", storage, bytesUsed >> 20, bytesUsed / entries,
                    compactedBytes >> 20, compactedBytes / entries);
        }
        out.printf("bench-audit: %.0f appends/s, proof p99 %.3f ms, floor %.0f appends/s%n", appends.perSecond(),
                proofs.p99Millis(), floor.perSecond());
        out.flush();
    }

    private static void row(PrintWriter out, String name, AuditBenchPhase phase) {
        out.printf("%-30s %,11d %,12.0f %10s %10s %8.1fs %,6d MiB %11.1f%n", name, phase.count(), phase.perSecond(),
                millis(phase.p50Millis()), millis(phase.p99Millis()), phase.seconds(), phase.peakHeapMiB(),
                phase.cpuMicrosEach());
    }

    private static String millis(double ms) {
        return Double.isNaN(ms) ? "-" : String.format("%.3f", ms);
    }
}
