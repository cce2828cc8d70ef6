package org.bridgeway.dev.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.bridgeway.audit.AuditLog;

/**
 * Appends synthetic exchanges' entries ({@link SyntheticAuditEvents}) to a log from several threads, each append one
 * exchange of 1 to {@value SyntheticAuditEvents#MAX_PER_EXCHANGE} entries as the pipeline appends them.
 */
final class SyntheticAppends {
    private SyntheticAppends() {
    }

    /** Appends {@code entries} entries from {@code threads} threads; the latencies of each thread's appends. */
    static List<Latencies> append(AuditLog log, long entries, int threads) throws Exception {
        AtomicLong claimed = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Latencies>> appenders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            SplittableRandom random = new SplittableRandom(42 + t);
            appenders.add(pool.submit(() -> {
                Latencies latencies = new Latencies();
                while (true) {
                    int want = 1 + random.nextInt(SyntheticAuditEvents.MAX_PER_EXCHANGE);
                    long first = claimed.getAndAdd(want);
                    if (first >= entries) {
                        return latencies;
                    }
                    var events = SyntheticAuditEvents.exchange(random, (int) Math.min(want, entries - first));
                    long t0 = System.nanoTime();
                    log.append(events);
                    latencies.add(System.nanoTime() - t0);
                }
            }));
        }
        List<Latencies> all = new ArrayList<>();
        try {
            for (Future<Latencies> f : appenders) {
                all.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        return all;
    }
}
