package org.bridgeway.workflow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.bridgeway.store.NodeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claims through which a timer table's due timers fire once, however many gateway nodes share the database: the
 * one implementation the deadline tickers share (return home interviews, custody handovers). A timer table has
 * {@code timer_id}, {@code due_at}, {@code state} (PENDING, FIRED, CANCELLED), {@code fired_at}, {@code exchange_id},
 * {@code lease_owner} and {@code lease_until}.
 *
 * <p>A claim is a conditional UPDATE that succeeds only on a timer that is still pending and not leased by another
 * node (so two nodes never both claim it), preceded on PostgreSQL by {@code SELECT ... FOR UPDATE SKIP LOCKED}, so
 * that nodes ticking at once take different timers instead of waiting on each other. (H2 2.x accepts SKIP LOCKED but
 * applies the row limit before skipping, so it would hand a second node nothing; there the conditional UPDATE alone
 * decides.) A node that dies before {@link #finish} leaves its lease to run out; another node then fires the timer
 * again, under the same idempotency key, so the pipeline answers with the notice it already accepted.
 */
public final class TimerLeases {
    private static final Logger LOG = LoggerFactory.getLogger(TimerLeases.class);

    private final DataSource dataSource;
    private final String table;
    private final String mayFire;
    private final String node;
    private final Duration lease;
    private final int batch;
    private final boolean skipLocked;

    /** How a claimed timer ended: FIRED with the exchange id of its notice, or CANCELLED (exchange id null). */
    public record Finished(String timerId, String state, String exchangeId) {
    }

    /**
     * @param table   the timer table (a constant of the caller's, never input)
     * @param mayFire a further SQL condition on the timer, aliased {@code t}, that must hold for it to be claimed
     *                ({@code ""} for none)
     */
    public TimerLeases(DataSource dataSource, String table, String mayFire, Duration lease, int batch) {
        this.dataSource = dataSource;
        this.table = table;
        this.mayFire = mayFire;
        this.node = NodeId.thisProcess();
        this.lease = lease;
        this.batch = batch;
        this.skipLocked = isPostgres(dataSource, table);
    }

    /** This node's name ({@link NodeId}), as {@code lease_owner} of the timers it claimed. */
    public String node() {
        return node;
    }

    /** Claims up to a batch of the timers due at {@code now} for this node; returns their ids. */
    public List<String> claim(Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<String> candidates = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT t.timer_id FROM " + table + " t"
                        + " WHERE t.state = 'PENDING' AND t.due_at <= ?"
                        + " AND (t.lease_until IS NULL OR t.lease_until < ?)" + mayFire
                        + " ORDER BY t.due_at FETCH FIRST ? ROWS ONLY" + (skipLocked ? " FOR UPDATE SKIP LOCKED" : ""))) {
                    ps.setTimestamp(1, Timestamp.from(now));
                    ps.setTimestamp(2, Timestamp.from(now));
                    ps.setInt(3, batch);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            candidates.add(rs.getString(1));
                        }
                    }
                }
                if (candidates.isEmpty()) {
                    c.rollback();
                    return candidates;
                }
                List<String> claimed = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET lease_owner = ?,"
                        + " lease_until = ? WHERE timer_id = ? AND state = 'PENDING'"
                        + " AND (lease_until IS NULL OR lease_until < ?)")) {
                    for (String id : candidates) {
                        ps.setString(1, node);
                        ps.setTimestamp(2, Timestamp.from(now.plus(lease)));
                        ps.setString(3, id);
                        ps.setTimestamp(4, Timestamp.from(now));
                        ps.addBatch();
                    }
                    int[] counts = ps.executeBatch();
                    for (int i = 0; i < counts.length; i++) {
                        if (counts[i] == 1) {
                            claimed.add(candidates.get(i));
                        }
                    }
                }
                c.commit();
                return claimed;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Marks the claimed timers fired or cancelled, in one transaction, and releases their leases. */
    public void finish(List<Finished> done, Instant now) throws SQLException {
        if (done.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET state = ?, fired_at = ?,"
                    + " exchange_id = ?, lease_owner = NULL, lease_until = NULL WHERE timer_id = ? AND state = 'PENDING'")) {
                for (Finished d : done) {
                    ps.setString(1, d.state());
                    ps.setTimestamp(2, Timestamp.from(now));
                    ps.setString(3, d.exchangeId());
                    ps.setString(4, d.timerId());
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Runs {@code tick} every {@code interval} on a daemon thread named {@code thread}; a failed tick is retried. */
    public static ScheduledExecutorService every(Duration interval, String thread, Runnable tick) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, thread);
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                tick.run();
            } catch (RuntimeException e) {
                // the database is away: the timers stay pending and the next tick tries again
                LOG.warn("{} tick failed: {}", thread, e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return scheduler;
    }

    /** Stops a scheduler from {@link #every}, letting a tick under way finish (an interrupted one would leave its
     * timers leased until the lease runs out). */
    public static void stop(ScheduledExecutorService scheduler) {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static boolean isPostgres(DataSource dataSource, String table) {
        try (Connection c = dataSource.getConnection()) {
            return c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell which database holds the timers of " + table, e);
        }
    }
}
