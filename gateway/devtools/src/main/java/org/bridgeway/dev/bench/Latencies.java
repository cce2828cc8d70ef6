package org.bridgeway.dev.bench;

import java.util.Arrays;

/**
 * Latencies in nanoseconds, one per operation, kept by one thread without locking (a benchmark thread must not
 * contend on its own bookkeeping) and merged once the threads are done.
 */
final class Latencies {
    private long[] nanos = new long[1024];
    private int count;

    void add(long latencyNanos) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = latencyNanos;
    }

    int count() {
        return count;
    }

    static Latencies merge(Iterable<Latencies> parts) {
        Latencies all = new Latencies();
        for (Latencies part : parts) {
            for (int i = 0; i < part.count; i++) {
                all.add(part.nanos[i]);
            }
        }
        return all;
    }

    /** The p-th percentile (nearest rank) in milliseconds. */
    double percentileMillis(int p) {
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        return percentile(sorted, p);
    }

    /** The p-th percentile (nearest rank) of sorted nanoseconds, in milliseconds; 0 for no samples. */
    static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
