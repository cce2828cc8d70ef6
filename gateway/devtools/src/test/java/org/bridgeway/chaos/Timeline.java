package org.bridgeway.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * When the suite did what to the gateway, as the client threads need it to judge an answer: which gateway process
 * (a new generation at every start) is serving, how many times it has been killed (a request in flight across a
 * {@code kill -9} is cut by the fault itself, not by a careless gateway), whether it is alive now, and each fault's
 * end and the first 202 after it (the time to recover).
 */
final class Timeline {
    private final AtomicInteger generation = new AtomicInteger();
    private final AtomicInteger kills = new AtomicInteger();
    private final List<Fault> faults = new ArrayList<>();
    private volatile BooleanSupplier gatewayAlive = () -> false;
    /** Between a {@code kill -9} and the next start: the process may look alive while its sockets are torn down. */
    private volatile boolean killed;

    /** A fault the suite injected: what, and (once it ended) from when recovery is timed. */
    static final class Fault {
        final String what;
        private long endedAt = -1;
        private long firstAcceptedAt = -1;
        private boolean abandoned;

        Fault(String what) {
            this.what = what;
        }

        synchronized OptionalLong recovery() {
            return endedAt < 0 || firstAcceptedAt < 0 ? OptionalLong.empty()
                    : OptionalLong.of(firstAcceptedAt - endedAt);
        }

        /** The gateway did not recover by itself and the suite restarted it: no later 202 counts as recovery. */
        synchronized void abandon() {
            if (firstAcceptedAt < 0) {
                abandoned = true;
            }
        }

        synchronized boolean settled() {
            return firstAcceptedAt >= 0 || abandoned;
        }

        @Override
        public synchronized String toString() {
            OptionalLong r = recovery();
            return what + ": " + (r.isPresent() ? String.format("%.1f s", r.getAsLong() / 1e9)
                    : abandoned ? "not recovered without a restart" : "not recovered");
        }
    }

    void gatewayAlive(BooleanSupplier alive) {
        this.gatewayAlive = alive;
    }

    boolean gatewayAlive() {
        return gatewayAlive.getAsBoolean();
    }

    int generation() {
        return generation.get();
    }

    int kills() {
        return kills.get();
    }

    /** A new gateway process is being started. */
    void started() {
        generation.incrementAndGet();
        killed = false;
    }

    /** Called just before a {@code kill -9}. */
    void killing() {
        killed = true;
        kills.incrementAndGet();
    }

    /** True from a {@code kill -9} until the next start. */
    boolean killed() {
        return killed;
    }

    Fault begin(String what) {
        Fault fault = new Fault(what);
        synchronized (faults) {
            faults.add(fault);
        }
        return fault;
    }

    /** The fault's cause is gone (the gateway relaunched, the database back, the disk freed): recovery starts. */
    void end(Fault fault) {
        synchronized (fault) {
            fault.endedAt = System.nanoTime();
        }
    }

    /** A 202 was received at {@code at}: it ends the recovery of every ended fault not yet recovered. */
    void accepted(long at) {
        synchronized (faults) {
            for (Fault f : faults) {
                synchronized (f) {
                    if (f.endedAt >= 0 && f.firstAcceptedAt < 0 && !f.abandoned && at > f.endedAt) {
                        f.firstAcceptedAt = at;
                    }
                }
            }
        }
    }

    /** Waits until the fault has been recovered from (a 202 after its end), at most {@code patience}. */
    boolean awaitRecovery(Fault fault, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (fault.recovery().isEmpty() && System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
            Pause.of(Duration.ofMillis(50));
        }
        return fault.recovery().isPresent();
    }

    /** Where the run is, for a failure answer's label: during a fault, recovering from it, or steady. */
    String phase() {
        Fault last;
        synchronized (faults) {
            if (faults.isEmpty()) {
                return "starting";
            }
            last = faults.get(faults.size() - 1);
        }
        synchronized (last) {
            return last.endedAt < 0 ? "during " + last.what
                    : last.firstAcceptedAt < 0 ? "recovering from " + last.what : "steady";
        }
    }

    List<Fault> faults() {
        synchronized (faults) {
            return List.copyOf(faults);
        }
    }
}
