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
import javax.sql.DataSource;
import org.bridgeway.audit.AuditUnavailableException;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.OrganisationType;
import org.bridgeway.model.TaskEvent;
import org.bridgeway.pipeline.ReturnInterviewRouting;
import org.bridgeway.store.Database;
import org.bridgeway.store.TimeOrderedIds;

/**
 * Return home interview tasks and their timers in the gateway's database ({@code rhi_task}, {@code rhi_timer}).
 *
 * <p>Every event of a task is a timer row, fired by the {@link DeadlineTicker}: opening writes OPENED (due now), one
 * REMINDER per reminder of the deadline data and OVERDUE at the deadline; a reassignment writes REASSIGNED and a
 * completion COMPLETED, both due now. A timer fires only once the notice it follows from has been accepted (its
 * {@code gate_key} is in {@code notice_key}, written in that notice's audit transaction): a task opened by a FOUND
 * update that was then refused (the audit log unavailable) raises nothing, and an outcome completes its task exactly
 * when it is accepted, atomically with its audit entries, without this class writing in the pipeline's transaction.
 */
public final class JdbcReturnInterviewTasks implements ReturnInterviewTasks, ReturnInterviewRouting {
    private static final String TASK_COLUMNS = "task_id, episode_id, responsible_la, host_la, owner, returned_at,"
            + " due_at, state, outcome_exchange_id, opened_at";

    private final DataSource dataSource;
    private final ReturnInterviewDeadlines deadlines;
    private final Clock clock;

    public JdbcReturnInterviewTasks(DataSource dataSource, ReturnInterviewDeadlines deadlines, Clock clock) {
        this.dataSource = dataSource;
        this.deadlines = deadlines;
        this.clock = clock;
    }

    @Override
    public void opened(EpisodeReturned returned) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                write(c, returned);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                if (Database.isConstraintViolation(e) && taskOf(returned.episodeId()).isPresent()) {
                    return; // the same FOUND applied again, or by another node meanwhile: one task per episode
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot open the return interview task of episode "
                    + returned.episodeId(), e);
        }
    }

    /**
     * Opens the task in the FOUND notice's own transaction (the episode ledger's): it exists exactly when the episode
     * is recorded found. Asks first rather than relying on the unique key, since a failed statement would spoil the
     * caller's transaction on PostgreSQL.
     */
    @Override
    public void opened(Connection c, EpisodeReturned returned) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM rhi_task WHERE episode_id = ?")) {
            ps.setString(1, returned.episodeId());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        write(c, returned);
    }

    /** The task and its OPENED, REMINDER and OVERDUE timers, gated on the FOUND notice's acceptance. */
    private void write(Connection c, EpisodeReturned returned) throws SQLException {
        ReturnInterviewDeadlines.Deadline deadline = deadlines.forAuthority(returned.responsibleAuthority());
        Instant now = clock.instant();
        Instant due = returned.returnedAt().plus(deadline.due());
        String taskId = "RHI-" + TimeOrderedIds.next();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rhi_task (task_id, episode_id,"
                + " responsible_la, host_la, owner, returned_at, due_at, state, source_key, police_reference,"
                + " reporting_force, child_local_id, opened_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, taskId);
            ps.setString(2, returned.episodeId());
            ps.setString(3, returned.responsibleAuthority().value());
            ps.setString(4, returned.hostAuthority().map(DfeLaCode::value).orElse(null));
            ps.setString(5, authority(returned.responsibleAuthority()).id());
            ps.setTimestamp(6, Timestamp.from(returned.returnedAt()));
            ps.setTimestamp(7, Timestamp.from(due));
            ps.setString(8, returned.sourceIdempotencyKey());
            ps.setString(9, returned.policeReference().orElse(null));
            ps.setString(10, returned.reportingForce().orElse(null));
            ps.setString(11, returned.childLocalId().orElse(null));
            ps.setTimestamp(12, Timestamp.from(now));
            ps.setTimestamp(13, Timestamp.from(now));
            ps.executeUpdate();
        }
        List<Timer> timers = new ArrayList<>();
        timers.add(new Timer(TaskEvent.OPENED, now));
        for (Duration before : deadline.reminders()) {
            timers.add(new Timer(TaskEvent.REMINDER, due.minus(before)));
        }
        timers.add(new Timer(TaskEvent.OVERDUE, due));
        insertTimers(c, taskId, timers, returned.sourceIdempotencyKey());
    }

    @Override
    public Optional<String> taskOf(String episodeId) {
        return byEpisode(episodeId).map(ReturnInterviewTask::taskId);
    }

    /**
     * Completes the task now, on behalf of an outcome already accepted as {@code outcomeExchangeId}; pending timers
     * are cancelled when its COMPLETED notice is raised.
     */
    @Override
    public void completed(String episodeId, String outcomeExchangeId) {
        outcomeReceived(episodeId, outcomeExchangeId, Optional.empty());
    }

    /**
     * Records the outcome that will complete the episode's task once it is accepted: called by the outcome's
     * pipeline step before its audit transaction, it takes effect only if that transaction commits (the COMPLETED
     * timer waits for {@code outcomeKey}). An outcome that was refused and never sent again leaves the task open,
     * and a later outcome takes its place.
     *
     * @param outcomeKey the outcome notice's idempotency key; empty when it is accepted already
     * @return whether the task was open (a completed task is not completed again)
     */
    public boolean outcomeReceived(String episodeId, String outcomeExchangeId, Optional<String> outcomeKey) {
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                String taskId;
                String gate;
                try (PreparedStatement ps = c.prepareStatement("SELECT task_id, source_key FROM rhi_task"
                        + " WHERE episode_id = ? AND state = 'OPEN' AND (outcome_key IS NULL OR NOT EXISTS"
                        + " (SELECT 1 FROM notice_key k WHERE k.idempotency_key = rhi_task.outcome_key AND k.state <> 'held'))"
                        + " FOR UPDATE")) {
                    ps.setString(1, episodeId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            c.rollback();
                            return false;
                        }
                        taskId = rs.getString(1);
                        gate = outcomeKey.orElse(rs.getString(2));
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE rhi_task SET outcome_exchange_id = ?,"
                        + " outcome_key = ?, updated_at = ? WHERE task_id = ?")) {
                    ps.setString(1, outcomeExchangeId);
                    ps.setString(2, gate);
                    ps.setTimestamp(3, Timestamp.from(now));
                    ps.setString(4, taskId);
                    ps.executeUpdate();
                }
                // an earlier outcome that was never accepted leaves its COMPLETED timer waiting forever: this one
                // replaces it
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM rhi_timer WHERE task_id = ?"
                        + " AND kind = 'COMPLETED' AND state = 'PENDING'")) {
                    ps.setString(1, taskId);
                    ps.executeUpdate();
                }
                insertTimers(c, taskId, List.of(new Timer(TaskEvent.COMPLETED, now)), gate);
                c.commit();
                return true;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot record the outcome of episode " + episodeId, e);
        }
    }

    /**
     * Hands an open task to another local authority (the host authority, or one acting as commissioned provider):
     * the holder changes now, and the REASSIGNED notice tells the new holder, as every later timer will.
     *
     * @return the task as it now is, or empty when there is no such open task
     */
    public Optional<ReturnInterviewTask> reassign(String taskId, Organisation to) {
        if (to.type() != OrganisationType.LOCAL_AUTHORITY) {
            throw new IllegalArgumentException("a return interview task is held by a local authority");
        }
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                String gate;
                try (PreparedStatement ps = c.prepareStatement("SELECT source_key FROM rhi_task WHERE task_id = ?"
                        + " AND state = 'OPEN' FOR UPDATE")) {
                    ps.setString(1, taskId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            c.rollback();
                            return Optional.empty();
                        }
                        gate = rs.getString(1);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE rhi_task SET owner = ?, updated_at = ?"
                        + " WHERE task_id = ?")) {
                    ps.setString(1, to.id());
                    ps.setTimestamp(2, Timestamp.from(now));
                    ps.setString(3, taskId);
                    ps.executeUpdate();
                }
                insertTimers(c, taskId, List.of(new Timer(TaskEvent.REASSIGNED, now)), gate);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot reassign return interview task " + taskId, e);
        }
        return task(taskId);
    }

    @Override
    public Organisation escalationMailbox(DfeLaCode responsibleAuthority) {
        return deadlines.forAuthority(responsibleAuthority).escalationMailbox();
    }

    @Override
    public Optional<DfeLaCode> hostAuthority(String taskId) {
        return task(taskId).flatMap(ReturnInterviewTask::hostAuthority);
    }

    /** Whether the task was completed by the outcome with this idempotency key (so a re-sent outcome is a duplicate). */
    public boolean completedBy(String taskId, String outcomeKey) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM rhi_task WHERE task_id = ? AND outcome_key = ?")) {
            ps.setString(1, taskId);
            ps.setString(2, outcomeKey);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot read the return interview task", e);
        }
    }

    @Override
    public Optional<DfeLaCode> responsibleAuthorityOf(String episodeId) {
        return byEpisode(episodeId).map(ReturnInterviewTask::responsibleAuthority);
    }

    public Optional<ReturnInterviewTask> task(String taskId) {
        return one("SELECT " + TASK_COLUMNS + " FROM rhi_task WHERE task_id = ?", taskId);
    }

    public Optional<ReturnInterviewTask> byEpisode(String episodeId) {
        return one("SELECT " + TASK_COLUMNS + " FROM rhi_task WHERE episode_id = ?", episodeId);
    }

    /** The tasks {@code organisation} holds or is responsible for, soonest due first; at most {@code limit}. */
    public List<ReturnInterviewTask> tasksOf(Organisation organisation, int limit) {
        String responsible = organisation.type() == OrganisationType.LOCAL_AUTHORITY ? organisation.code() : "";
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + TASK_COLUMNS + " FROM rhi_task"
                     + " WHERE owner = ? OR responsible_la = ? ORDER BY due_at, task_id FETCH FIRST ? ROWS ONLY")) {
            ps.setString(1, organisation.id());
            ps.setString(2, responsible);
            ps.setInt(3, limit);
            List<ReturnInterviewTask> tasks = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tasks.add(read(rs));
                }
            }
            return tasks;
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot read the return interview tasks", e);
        }
    }

    private Optional<ReturnInterviewTask> one(String sql, String key) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot read the return interview task", e);
        }
    }

    private static ReturnInterviewTask read(ResultSet rs) throws SQLException {
        return new ReturnInterviewTask(rs.getString(1), rs.getString(2), new DfeLaCode(rs.getString(3)),
                Optional.ofNullable(rs.getString(4)).map(DfeLaCode::new), Organisation.parseId(rs.getString(5)),
                rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant(), rs.getString(8),
                Optional.ofNullable(rs.getString(9)), rs.getTimestamp(10).toInstant());
    }

    private record Timer(TaskEvent kind, Instant due) {
    }

    private static void insertTimers(Connection c, String taskId, List<Timer> timers, String gateKey)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rhi_timer (timer_id, task_id, kind, due_at,"
                + " gate_key, state) VALUES (?, ?, ?, ?, ?, 'PENDING')")) {
            for (Timer t : timers) {
                ps.setString(1, "RT-" + TimeOrderedIds.next());
                ps.setString(2, taskId);
                ps.setString(3, t.kind().name());
                ps.setTimestamp(4, Timestamp.from(t.due()));
                ps.setString(5, gateKey);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static Organisation authority(DfeLaCode code) {
        return new Organisation(OrganisationType.LOCAL_AUTHORITY, code.value(), null);
    }
}
