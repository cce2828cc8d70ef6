package org.bridgeway.workflow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.OptionalInt;
import javax.sql.DataSource;
import org.bridgeway.audit.AuditUnavailableException;
import org.bridgeway.model.DfeLaCode;

/**
 * A local authority's return home interview figures, from its tasks ({@code rhi_task}) and their timers
 * ({@code rhi_timer}): counts only, never a child or an episode.
 *
 * <p>A task counts for the period its child returned in, whoever holds it now: the responsible authority answers for
 * the interview even when it handed the task to the host authority. An outcome is recorded once the task is
 * COMPLETED (its COMPLETED timer fired, which happens only after the outcome's notice was accepted); it was recorded
 * in time when that timer's time, the moment the gateway received the outcome, is at or before the task's
 * {@code due_at} (72 hours after the return, or the authority's own deadline when its deadline data set another).
 */
public final class ReturnInterviewFigures {
    private final DataSource dataSource;

    public ReturnInterviewFigures(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * @param opened          tasks opened for children who returned in the period
     * @param recorded        of which the outcome has been recorded
     * @param recordedInTime  of which it was recorded by the task's deadline
     * @param open            of which the outcome is still to be recorded
     * @param openPastDeadline of which the deadline has passed
     */
    public record Figures(int opened, int recorded, int recordedInTime, int open, int openPastDeadline) {

        /** The share of the children who returned whose interview was recorded in time, rounded; none of none. */
        public OptionalInt percentRecordedInTime() {
            return opened == 0 ? OptionalInt.empty() : OptionalInt.of(Math.round(100f * recordedInTime / opened));
        }
    }

    /** The figures of {@code authority}'s tasks whose child returned in {@code [from, to)}, overdue as of {@code now}. */
    public Figures of(DfeLaCode authority, Instant from, Instant to, Instant now) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("the period's start must be before its end");
        }
        // a completed task has one COMPLETED timer, its outcome's (one replaced by a later outcome was deleted); it
        // is marked FIRED just after the ticker completes the task, so it is not asked to be FIRED already
        String sql = "SELECT COUNT(*),"
                + " COALESCE(SUM(CASE WHEN k.state = 'COMPLETED' THEN 1 ELSE 0 END), 0),"
                + " COALESCE(SUM(CASE WHEN k.state = 'COMPLETED' AND EXISTS (SELECT 1 FROM rhi_timer t"
                + "   WHERE t.task_id = k.task_id AND t.kind = 'COMPLETED' AND t.state <> 'CANCELLED'"
                + "   AND t.due_at <= k.due_at) THEN 1 ELSE 0 END), 0),"
                + " COALESCE(SUM(CASE WHEN k.state = 'OPEN' THEN 1 ELSE 0 END), 0),"
                + " COALESCE(SUM(CASE WHEN k.state = 'OPEN' AND k.due_at <= ? THEN 1 ELSE 0 END), 0)"
                + " FROM rhi_task k WHERE k.responsible_la = ? AND k.returned_at >= ? AND k.returned_at < ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, authority.value());
            ps.setTimestamp(3, Timestamp.from(from));
            ps.setTimestamp(4, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Figures(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(5));
            }
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot read the return interview figures", e);
        }
    }
}
