package org.bridgeway.locator;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the locator entries past their retention, at start and then every {@link #EVERY}. Queries never answer an
 * expired entry whether or not it has been swept ({@link LocatorIndex#find}); the sweep is so that it is not kept.
 */
public final class LocatorSweep implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocatorSweep.class);
    static final Duration EVERY = Duration.ofHours(1);

    private final LocatorIndex index;
    private final Clock clock;
    private final ScheduledExecutorService passes = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "locator-sweep");
        t.setDaemon(true);
        return t;
    });

    public LocatorSweep(LocatorIndex index, Clock clock) {
        this.index = index;
        this.clock = clock;
    }

    public LocatorSweep start() {
        passes.scheduleWithFixedDelay(() -> {
            try {
                int swept = index.sweep(clock.instant());
                if (swept > 0) {
                    LOG.info("locator: {} entries past their retention deleted", swept);
                }
            } catch (RuntimeException e) {
                LOG.warn("locator: expired entries not swept in this pass: {}", e.getMessage());
            }
        }, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public void close() {
        passes.shutdownNow();
    }
}
