package org.bridgeway.workflow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.TaskEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires the return home interview timers that are due, each once, however many gateway nodes share the database.
 *
 * <p>A tick claims due timers for this node with a lease ({@link TimerLeases}, shared with the custody handover
 * ticker). The claimed timers' notices then go down the pipeline ({@link TaskNotices}), and each timer is marked
 * fired. A node that dies in between leaves its lease to run out; another node fires the timer again under the same
 * idempotency key, and the pipeline answers with the notice it already accepted, so nothing is delivered twice. A timer fires only once the notice it follows from was accepted
 * (its gate key is in {@code notice_key}).
 */
public final class DeadlineTicker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeadlineTicker.class);
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(250);
    /** Longer than the pipeline takes to accept a notice through all its retries (about 8 s). */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);
    public static final int DEFAULT_BATCH = 500;
    /** The system property that sets the interval between ticks (an ISO-8601 duration, PT0.25S). */
    public static final String INTERVAL_PROPERTY = "bridgeway.deadlines.tick";

    private final DataSource dataSource;
    private final TaskNotices notices;
    private final Clock clock;
    private final TimerLeases leases;
    private ScheduledExecutorService scheduler;

    /** What one tick did. */
    public record Tick(int claimed, int fired, int cancelled, int failed, long nanos) {
    }

    public DeadlineTicker(DataSource dataSource, TaskNotices notices, Clock clock) {
        this(dataSource, notices, clock, DEFAULT_LEASE, DEFAULT_BATCH);
    }

    public DeadlineTicker(DataSource dataSource, TaskNotices notices, Clock clock, Duration lease, int batch) {
        this.dataSource = dataSource;
        this.notices = notices;
        this.clock = clock;
        this.leases = new TimerLeases(dataSource, "rhi_timer", " AND EXISTS (SELECT 1 FROM notice_key k"
                + " WHERE k.idempotency_key = t.gate_key AND k.state <> 'held')", lease, batch);
    }

    /** The interval from {@value #INTERVAL_PROPERTY}, else {@link #DEFAULT_INTERVAL}. */
    public static Duration configuredInterval() {
        String configured = System.getProperty(INTERVAL_PROPERTY);
        if (configured == null || configured.isBlank()) {
            return DEFAULT_INTERVAL;
        }
        Duration d = Duration.parse(configured.trim());
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(INTERVAL_PROPERTY + " must be a positive duration: " + configured);
        }
        return d;
    }

    /** Ticks every {@code interval} on a daemon thread until closed. */
    public DeadlineTicker start(Duration interval) {
        scheduler = TimerLeases.every(interval, "rhi-deadlines", this::tick);
        return this;
    }

    /**
     * Claims and fires the timers due now, up to a batch; whatever is left is for the next tick. The claimed timers
     * are read in one query and marked in one transaction at the end: a crash before that leaves them to fire again
     * once their lease runs out, as duplicates the pipeline does not deliver.
     */
    public Tick tick() {
        long started = System.nanoTime();
        Instant now = clock.instant();
        List<Claimed> claimed;
        try {
            claimed = read(leases.claim(now));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot claim the due return interview timers", e);
        }
        List<TimerLeases.Finished> done = new ArrayList<>();
        int failed = 0;
        for (Claimed timer : claimed) {
            TaskFiring f = timer.firing();
            try {
                if (timer.completionAccepted() && cancelledByCompletion(f.event())) {
                    done.add(new TimerLeases.Finished(f.timerId(), "CANCELLED", null));
                    continue;
                }
                if (f.event() == TaskEvent.COMPLETED) {
                    complete(f.taskId());
                }
                done.add(new TimerLeases.Finished(f.timerId(), "FIRED", notices.raise(f)));
            } catch (RuntimeException | SQLException e) {
                failed++; // its lease runs out and it fires later, under the same idempotency key
                LOG.warn("return interview timer {} could not fire now: {}", f.timerId(), e.toString());
            }
        }
        try {
            leases.finish(done, clock.instant());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot mark " + done.size() + " return interview timers fired", e);
        }
        int cancelled = (int) done.stream().filter(d -> d.state().equals("CANCELLED")).count();
        return new Tick(claimed.size(), done.size() - cancelled, cancelled, failed, System.nanoTime() - started);
    }

    /** A completed task still tells of its completion, and of a reassignment made before it; nothing else. */
    private static boolean cancelledByCompletion(TaskEvent event) {
        return event == TaskEvent.OPENED || event == TaskEvent.REMINDER || event == TaskEvent.OVERDUE;
    }

    /** A timer this node claimed, as its task now stands. */
    private record Claimed(TaskFiring firing, boolean completionAccepted) {
    }

    /** The claimed timers with their tasks, in the order they fell due. */
    private List<Claimed> read(List<String> timerIds) throws SQLException {
        List<Claimed> claimed = new ArrayList<>();
        if (timerIds.isEmpty()) {
            return claimed;
        }
        String in = String.join(", ", java.util.Collections.nCopies(timerIds.size(), "?"));
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT t.kind, k.task_id, k.due_at, k.owner,"
                     + " k.responsible_la, k.host_la, k.episode_id, k.police_reference, k.reporting_force,"
                     + " k.returned_at, k.child_local_id, k.state, CASE WHEN k.outcome_key IS NOT NULL AND EXISTS"
                     + " (SELECT 1 FROM notice_key n WHERE n.idempotency_key = k.outcome_key AND n.state <> 'held')"
                     + " THEN 1 ELSE 0 END, t.due_at, t.timer_id"
                     + " FROM rhi_timer t JOIN rhi_task k ON k.task_id = t.task_id"
                     + " WHERE t.timer_id IN (" + in + ") AND t.state = 'PENDING' AND t.lease_owner = ?"
                     + " ORDER BY t.due_at, t.timer_id")) {
            int i = 1;
            for (String id : timerIds) {
                ps.setString(i++, id);
            }
            ps.setString(i, leases.node());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String timerId = rs.getString(15);
                    boolean completionAccepted = ReturnInterviewTask.COMPLETED.equals(rs.getString(12))
                            || rs.getInt(13) == 1;
                    claimed.add(new Claimed(new TaskFiring(rs.getString(2), TaskEvent.valueOf(rs.getString(1)),
                            timerId, rs.getTimestamp(14).toInstant(), rs.getTimestamp(3).toInstant(),
                            Organisation.parseId(rs.getString(4)), new DfeLaCode(rs.getString(5)),
                            Optional.ofNullable(rs.getString(6)).map(DfeLaCode::new), rs.getString(7),
                            Optional.ofNullable(rs.getString(8)), Optional.ofNullable(rs.getString(9)),
                            rs.getTimestamp(10).toInstant(), Optional.ofNullable(rs.getString(11)),
                            "rhi-timer:" + timerId), completionAccepted));
                }
            }
        }
        return claimed;
    }

    /** The task is done: its pending deadline timers will not fire. Before its COMPLETED notice, so none slips out after. */
    private void complete(String taskId) throws SQLException {
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement task = c.prepareStatement("UPDATE rhi_task SET state = 'COMPLETED', updated_at = ?"
                    + " WHERE task_id = ? AND state = 'OPEN'");
                 PreparedStatement timers = c.prepareStatement("UPDATE rhi_timer SET state = 'CANCELLED',"
                         + " fired_at = ? WHERE task_id = ? AND state = 'PENDING'"
                         + " AND kind IN ('OPENED', 'REMINDER', 'OVERDUE')")) {
                task.setTimestamp(1, Timestamp.from(now));
                task.setString(2, taskId);
                task.executeUpdate();
                timers.setTimestamp(1, Timestamp.from(now));
                timers.setString(2, taskId);
                timers.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    @Override
    public void close() {
        TimerLeases.stop(scheduler);
    }
}
