package org.bridgeway.policy;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a {@link ReloadablePolicy}'s agreements directory and reloads it when an agreement is added, changed or
 * removed. Changes are debounced: the reload runs once the directory has been quiet for the debounce period, so an
 * editor's save (often several events) or a copy of several files is one reload. A refused reload leaves the old
 * set deciding and is logged with its file and field; the next change is tried again.
 */
public final class PolicyWatcher implements AutoCloseable {
    public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(500);
    private static final Logger LOG = LoggerFactory.getLogger(PolicyWatcher.class);

    private final ReloadablePolicy policy;
    private final Duration debounce;
    private final Consumer<ReloadResult> listener;
    private final WatchService watcher;
    private final Thread thread;
    private volatile boolean closed;

    private PolicyWatcher(ReloadablePolicy policy, Duration debounce, Consumer<ReloadResult> listener) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.debounce = Objects.requireNonNull(debounce, "debounce");
        this.listener = listener == null ? r -> { } : listener;
        Path dir = policy.agreementsDirectory();
        try {
            watcher = dir.getFileSystem().newWatchService();
            dir.register(watcher, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch the agreements directory " + dir, e);
        }
        thread = new Thread(this::run, "policy-watcher");
        thread.setDaemon(true);
    }

    /** Starts watching with the default debounce of 500 ms. */
    public static PolicyWatcher start(ReloadablePolicy policy) {
        return start(policy, DEFAULT_DEBOUNCE, null);
    }

    /** Starts watching; {@code listener} (may be null) hears the result of every reload the watcher makes. */
    public static PolicyWatcher start(ReloadablePolicy policy, Duration debounce, Consumer<ReloadResult> listener) {
        PolicyWatcher w = new PolicyWatcher(policy, debounce, listener);
        w.thread.start();
        LOG.info("watching {} for agreement changes", policy.agreementsDirectory());
        return w;
    }

    private void run() {
        try {
            while (!closed) {
                WatchKey key = watcher.take();
                boolean relevant = drain(key);
                // debounce: keep collecting until the directory has been quiet for the whole period
                WatchKey more;
                while ((more = watcher.poll(debounce.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                    relevant |= drain(more);
                }
                if (relevant && !closed) {
                    reload();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        }
    }

    /** Takes the key's events; whether any concerns an agreement file (or events were lost). */
    private static boolean drain(WatchKey key) {
        boolean relevant = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == OVERFLOW
                    || (event.context() instanceof Path p && p.getFileName().toString().endsWith(".yaml"))) {
                relevant = true;
            }
        }
        key.reset();
        return relevant;
    }

    private void reload() {
        try {
            listener.accept(policy.reload());
        } catch (RuntimeException e) {
            LOG.warn("policy reload failed, the current revision keeps deciding: {}", e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            watcher.close();
        } catch (IOException e) {
            LOG.debug("closing the policy watcher: {}", e.toString());
        }
        thread.interrupt();
    }
}
