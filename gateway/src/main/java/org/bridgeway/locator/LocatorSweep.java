package org.bridgeway.locator;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the locator entries past their retention and the access rows whose notices were raised (they name who
 * asked, and the notice now holds it), at start and then every {@link #EVERY}. Queries never answer an expired entry
 * whether or not it has been swept ({@link LocatorIndex#find}); the sweep is so that it is not kept. Access rows not
 * yet raised stay for the relay.
 */
public final class LocatorSweep implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocatorSweep.class);
    static final Duration EVERY = Duration.ofHours(1);

    private final LocatorIndex index;
    private final LocatorAccessRelay relay;
    private final Clock clock;
    private final ScheduledExecutorService passes = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "locator-sweep");
        t.setDaemon(true);
        return t;
    });

    public LocatorSweep(LocatorIndex index, LocatorAccessRelay relay, Clock clock) {
        this.index = index;
        this.relay = relay;
        this.clock = clock;
    }

    public LocatorSweep start() {
        passes.scheduleWithFixedDelay(() -> {
            try {
                pass();
            } catch (RuntimeException e) {
                LOG.warn("locator: not swept in this pass: {}", e.getMessage());
            }
        }, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** One sweep: the expired entries, then the raised access rows. */
    void pass() {
        int swept = index.sweep(clock.instant());
        if (swept > 0) {
            LOG.info("locator: {} entries past their retention deleted", swept);
        }
        int forgotten = relay.forgetRaised();
        if (forgotten > 0) {
            LOG.info("locator: {} raised access rows deleted", forgotten);
        }
    }

    @Override
    public void close() {
        passes.shutdownNow();
    }
}
