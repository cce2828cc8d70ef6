package org.bridgeway.handover.deadlines;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.HandoverDeadlineEvent;
import org.bridgeway.model.PoliceForceCode;
import org.bridgeway.workflow.DeadlineTicker;
import org.bridgeway.workflow.TimerLeases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires the custody handover timers that are due, each once, however many gateway nodes share the database: claimed
 * with a lease ({@link TimerLeases}, as the return interview ticker does), raised down the pipeline
 * ({@link HandoverDeadlineNotices}), then marked fired. The handover steps cancel their timers in their own audit
 * transactions; a timer read at firing whose handover has since been closed, or whose step has since been met, is
 * cancelled here too rather than fired (a tick that claimed it just before the step was accepted).
 */
public final class HandoverDeadlineTicker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HandoverDeadlineTicker.class);

    private final DataSource dataSource;
    private final HandoverDeadlineNotices notices;
    private final Clock clock;
    private final TimerLeases leases;
    private ScheduledExecutorService scheduler;

    public HandoverDeadlineTicker(DataSource dataSource, HandoverDeadlineNotices notices, Clock clock) {
        this(dataSource, notices, clock, DeadlineTicker.DEFAULT_LEASE, DeadlineTicker.DEFAULT_BATCH);
    }

    public HandoverDeadlineTicker(DataSource dataSource, HandoverDeadlineNotices notices, Clock clock, Duration lease,
                                  int batch) {
        this.dataSource = dataSource;
        this.notices = notices;
        this.clock = clock;
        this.leases = new TimerLeases(dataSource, "custody_handover_timer", "", lease, batch);
    }

    /** Ticks every {@code interval} on a daemon thread until closed. */
    public HandoverDeadlineTicker start(Duration interval) {
        scheduler = TimerLeases.every(interval, "custody-handover-deadlines", this::tick);
        return this;
    }

    /** Claims and fires the timers due now, up to a batch; whatever is left is for the next tick. */
    public DeadlineTicker.Tick tick() {
        long started = System.nanoTime();
        List<Claimed> claimed;
        try {
            claimed = read(leases.claim(clock.instant()));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot claim the due custody handover timers", e);
        }
        List<TimerLeases.Finished> done = new ArrayList<>();
        int failed = 0;
        for (Claimed timer : claimed) {
            HandoverFiring f = timer.firing();
            if (timer.met()) {
                done.add(new TimerLeases.Finished(f.timerId(), "CANCELLED", null));
                continue;
            }
            try {
                done.add(new TimerLeases.Finished(f.timerId(), "FIRED", notices.raise(f)));
            } catch (RuntimeException e) {
                failed++; // its lease runs out and it fires later, under the same idempotency key
                LOG.warn("custody handover timer {} could not fire now: {}", f.timerId(), e.toString());
            }
        }
        try {
            leases.finish(done, clock.instant());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot mark " + done.size() + " custody handover timers fired", e);
        }
        int cancelled = (int) done.stream().filter(d -> d.state().equals("CANCELLED")).count();
        return new DeadlineTicker.Tick(claimed.size(), done.size() - cancelled, cancelled, failed,
                System.nanoTime() - started);
    }

    /** A timer this node claimed, and whether its step has been met (or the handover closed) since it was set. */
    private record Claimed(HandoverFiring firing, boolean met) {
    }

    private List<Claimed> read(List<String> timerIds) throws SQLException {
        List<Claimed> claimed = new ArrayList<>();
        if (timerIds.isEmpty()) {
            return claimed;
        }
        String in = String.join(", ", Collections.nCopies(timerIds.size(), "?"));
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT t.timer_id, t.handover_id, t.event, t.authority,"
                     + " t.deadline_at, h.force, h.custody_reference, h.suite_authority, h.responsible_authority,"
                     + " h.state, p.acknowledged_at"
                     + " FROM custody_handover_timer t JOIN custody_handover h ON h.handover_id = t.handover_id"
                     + " LEFT JOIN custody_handover_party p ON p.handover_id = t.handover_id"
                     + " AND p.authority = t.authority"
                     + " WHERE t.timer_id IN (" + in + ") AND t.state = 'PENDING' AND t.lease_owner = ?"
                     + " ORDER BY t.due_at, t.timer_id")) {
            int i = 1;
            for (String id : timerIds) {
                ps.setString(i++, id);
            }
            ps.setString(i, leases.node());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    HandoverDeadlineEvent event = HandoverDeadlineEvent.valueOf(rs.getString(3));
                    HandoverFiring firing = new HandoverFiring(rs.getString(1), rs.getString(2), event,
                            Optional.ofNullable(rs.getString(4)).map(DfeLaCode::new),
                            rs.getTimestamp(5).toInstant(), new PoliceForceCode(rs.getString(6)), rs.getString(7),
                            new DfeLaCode(rs.getString(8)), Optional.ofNullable(rs.getString(9)).map(DfeLaCode::new),
                            HandoverFiring.keyOf(rs.getString(1)));
                    claimed.add(new Claimed(firing, met(event, rs.getString(10), rs.getTimestamp(11) != null)));
                }
            }
        }
        return claimed;
    }

    private static boolean met(HandoverDeadlineEvent event, String state, boolean acknowledged) {
        if (state.equals("TRANSFERRED") || state.equals("CERTIFIED")) {
            return true;
        }
        return switch (event) {
            case ACKNOWLEDGEMENT_REMINDER, ACKNOWLEDGEMENT_OVERDUE -> acknowledged || !state.equals("OPEN");
            case ANSWER_REMINDER, ANSWER_OVERDUE -> !state.equals("OPEN");
            case COLLECTION_REMINDER, COLLECTION_OVERDUE -> false;
        };
    }


    @Override
    public void close() {
        TimerLeases.stop(scheduler);
    }
}
