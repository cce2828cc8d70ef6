package org.bridgeway.testing;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;

/**
 * A named thread that stays on a core until it has spent a given CPU time, however busy the machine, then waits,
 * alive, until closed: its clocks can be read while it lives (a thread's clock goes with it).
 */
public final class BusyThread implements AutoCloseable {
    private final Thread thread;
    private final CountDownLatch spent = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile long cpuNanos;

    private BusyThread(String name, long nanos) {
        thread = new Thread(() -> {
            var threads = ManagementFactory.getThreadMXBean();
            while (threads.getCurrentThreadCpuTime() < nanos) {
                Thread.onSpinWait();
            }
            cpuNanos = threads.getCurrentThreadCpuTime();
            spent.countDown();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
    }

    /** Starts the thread and returns once it has spent {@code nanos} of CPU. */
    public static BusyThread spending(String name, long nanos) throws InterruptedException {
        BusyThread busy = new BusyThread(name, nanos);
        busy.thread.start();
        busy.spent.await();
        return busy;
    }

    /** The CPU it had spent when it stopped working, by the JVM's clock. */
    public long cpuNanos() {
        return cpuNanos;
    }

    /** Lets the thread end, and waits for it. */
    @Override
    public void close() throws InterruptedException {
        released.countDown();
        thread.join();
    }
}
