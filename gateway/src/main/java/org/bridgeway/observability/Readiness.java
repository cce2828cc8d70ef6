package org.bridgeway.observability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Runs the health checks side by side, each bounded in time (a database that does not answer must not hang the
 * probe: the pool would wait its full connection timeout), and keeps each check's last state as a gauge
 * ({@code bridgeway.health.check}, 1 up, 0 down) so that alerts see what the probes see.
 *
 * <p>At most one run of a check is in flight: a probe or scrape that comes while the last run has not finished
 * waits for that run (within the timeout) instead of starting another. Interrupting a check does not stop a JDBC or
 * broker call stuck in I/O, so starting one per probe would strand a thread per probe while a dependency hangs; this
 * way the threads are bounded by the number of checks.
 */
public final class Readiness implements AutoCloseable {
    /** Longer than a healthy check ever takes, shorter than a probe's usual timeout. */
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(3);
    static final String THREAD_NAME = "health-check";

    private final List<HealthCheck> checks = new CopyOnWriteArrayList<>();
    private final Map<String, Boolean> lastUp = new java.util.concurrent.ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private volatile boolean stopping;
    /** Each check's current run, finished or not: a new one starts only once it has finished. */
    private final Map<String, Future<HealthCheck.Status>> inFlight = new java.util.concurrent.ConcurrentHashMap<>();
    private final ExecutorService runner = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, THREAD_NAME);
        t.setDaemon(true);
        return t;
    });

    public Readiness(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("bridgeway.health.ready", this, r -> r.lastReady() ? 1 : 0)
                .description("1 while every readiness check passed at its last run, else 0").register(registry);
    }

    /** Adds a check; its state is reported from the next run on. */
    public Readiness add(HealthCheck check) {
        checks.add(check);
        lastUp.put(check.name(), true);
        Gauge.builder("bridgeway.health.check", lastUp, states -> states.getOrDefault(check.name(), false) ? 1 : 0)
                .tag("check", check.name())
                .description("1 while the check passed at its last run (readiness probe or scrape), else 0")
                .register(registry);
        return this;
    }

    /**
     * The gateway is stopping: from now on it is not ready whatever its dependencies say, so that a load balancer
     * stops sending it requests while it drains those it has.
     */
    public void stopping() {
        stopping = true;
    }

    /** One check's state at a run. */
    public record Result(String name, HealthCheck.Status status) {
    }

    /** Every check's state now, in the order they were added. */
    public List<Result> run() {
        List<HealthCheck> now = List.copyOf(checks);
        List<Future<HealthCheck.Status>> running = new ArrayList<>();
        for (HealthCheck check : now) {
            running.add(inFlight.compute(check.name(),
                    (name, last) -> last == null || last.isDone() ? runner.submit(check::check) : last));
        }
        List<Result> results = new ArrayList<>();
        if (stopping) {
            results.add(new Result("gateway", HealthCheck.Status.down("stopping")));
        }
        long deadline = System.nanoTime() + CHECK_TIMEOUT.toNanos();
        for (int i = 0; i < running.size(); i++) {
            HealthCheck check = now.get(i);
            HealthCheck.Status status;
            try {
                status = running.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // left running: the next probe waits for this run rather than start another
                status = HealthCheck.Status.down(
                        "no answer within " + CHECK_TIMEOUT.toSeconds() + " s (still running)");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                status = HealthCheck.Status.down("interrupted");
            } catch (Exception e) {
                status = HealthCheck.Status.down(e.getClass().getSimpleName());
            }
            lastUp.put(check.name(), status.up());
            results.add(new Result(check.name(), status));
        }
        return results;
    }

    private boolean lastReady() {
        return !stopping && lastUp.values().stream().allMatch(Boolean::booleanValue);
    }

    /** The readiness answer's body: {@code {"status":"UP","checks":[{"name":..,"status":..,"reason":..}]}}. */
    public static Map<String, Object> body(List<Result> results) {
        boolean ready = results.stream().allMatch(r -> r.status().up());
        List<Map<String, Object>> each = new ArrayList<>();
        for (Result r : results) {
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("name", r.name());
            check.put("status", r.status().up() ? "UP" : "DOWN");
            if (!r.status().up()) {
                check.put("reason", r.status().reason());
            }
            each.add(check);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? "UP" : "DOWN");
        body.put("checks", each);
        return body;
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
