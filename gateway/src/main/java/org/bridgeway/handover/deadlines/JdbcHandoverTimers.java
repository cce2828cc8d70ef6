package org.bridgeway.handover.deadlines;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.bridgeway.handover.HandoverTimers;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.HandoverDeadlineEvent;
import org.bridgeway.store.TimeOrderedIds;

/**
 * The custody handover deadlines as {@code custody_handover_timer} rows (V47), written and cancelled in the audit
 * transaction of the handover step that starts or meets them, and fired by {@link HandoverDeadlineTicker}.
 *
 * <p>Whose deadline is whose: each asked authority acknowledges by its own deadline (so one authority's
 * acknowledgement stops its own reminders only); the answer is owed by every asked authority, and is due by the
 * shortest of their answer deadlines (the child waits for whichever answers first); the collection is the owner's, so
 * long after the answer, and never after the next court sitting. A reminder that would fall before its step's clock
 * starts (a collection capped by an early court sitting) is left out.
 */
public final class JdbcHandoverTimers implements HandoverTimers {
    private static final String PENDING = "PENDING";

    private final DataSource dataSource;
    private final HandoverDeadlines deadlines;

    public JdbcHandoverTimers(DataSource dataSource, HandoverDeadlines deadlines) {
        this.dataSource = dataSource;
        this.deadlines = deadlines;
    }

    @Override
    public Deadlines deadlinesFor(Requested requested) {
        return new Deadlines(acknowledgeBy(requested), answer(requested).deadline(), requested.courtSittingAt());
    }

    @Override
    public void requested(Connection connection, Requested requested) throws SQLException {
        List<Timer> timers = new ArrayList<>();
        for (DfeLaCode authority : asked(requested)) {
            HandoverDeadlines.Step step = deadlines.forAuthority(authority).acknowledge();
            schedule(timers, step, requested.requestedAt(), requested.requestedAt().plus(step.due()),
                    HandoverDeadlineEvent.ACKNOWLEDGEMENT_REMINDER, HandoverDeadlineEvent.ACKNOWLEDGEMENT_OVERDUE,
                    Optional.of(authority));
        }
        Answer answer = answer(requested);
        schedule(timers, answer.step(), requested.requestedAt(), answer.deadline(),
                HandoverDeadlineEvent.ANSWER_REMINDER, HandoverDeadlineEvent.ANSWER_OVERDUE, Optional.empty());
        insert(connection, requested.handoverId(), timers);
    }

    @Override
    public void acknowledged(Connection connection, String handoverId, DfeLaCode authority, Instant at)
            throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE custody_handover_timer SET state = 'CANCELLED'"
                + " WHERE handover_id = ? AND authority = ? AND event IN (?, ?) AND state = 'PENDING'")) {
            ps.setString(1, handoverId);
            ps.setString(2, authority.value());
            ps.setString(3, HandoverDeadlineEvent.ACKNOWLEDGEMENT_REMINDER.code());
            ps.setString(4, HandoverDeadlineEvent.ACKNOWLEDGEMENT_OVERDUE.code());
            ps.executeUpdate();
        }
    }

    @Override
    public void answered(Connection connection, String handoverId, DfeLaCode authority, Instant at)
            throws SQLException {
        // an answer is an acknowledgement too, and the other authority's acknowledgement is moot once one owns it
        try (PreparedStatement ps = connection.prepareStatement("UPDATE custody_handover_timer SET state = 'CANCELLED'"
                + " WHERE handover_id = ? AND event IN (?, ?, ?, ?) AND state = 'PENDING'")) {
            ps.setString(1, handoverId);
            ps.setString(2, HandoverDeadlineEvent.ACKNOWLEDGEMENT_REMINDER.code());
            ps.setString(3, HandoverDeadlineEvent.ACKNOWLEDGEMENT_OVERDUE.code());
            ps.setString(4, HandoverDeadlineEvent.ANSWER_REMINDER.code());
            ps.setString(5, HandoverDeadlineEvent.ANSWER_OVERDUE.code());
            ps.executeUpdate();
        }
        HandoverDeadlines.Step collect = deadlines.forAuthority(authority).collect();
        Instant collectBy = at.plus(collect.due());
        Optional<Instant> court = courtSitting(connection, handoverId);
        if (court.isPresent() && court.get().isBefore(collectBy)) {
            collectBy = court.get();
        }
        List<Timer> timers = new ArrayList<>();
        schedule(timers, collect, at, collectBy, HandoverDeadlineEvent.COLLECTION_REMINDER,
                HandoverDeadlineEvent.COLLECTION_OVERDUE, Optional.of(authority));
        insert(connection, handoverId, timers);
    }

    @Override
    public void closed(Connection connection, String handoverId, Instant at) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE custody_handover_timer SET state = 'CANCELLED'"
                + " WHERE handover_id = ? AND state = 'PENDING'")) {
            ps.setString(1, handoverId);
            ps.executeUpdate();
        }
    }

    @Override
    public Optional<Deadlines> deadlinesOf(String handoverId) {
        Instant acknowledgeBy = null;
        Instant answerBy = null;
        Instant collectBy = null;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT t.event, t.deadline_at, h.court_sitting_at"
                     + " FROM custody_handover_timer t JOIN custody_handover h ON h.handover_id = t.handover_id"
                     + " WHERE t.handover_id = ? AND t.event IN (?, ?, ?)")) {
            ps.setString(1, handoverId);
            ps.setString(2, HandoverDeadlineEvent.ACKNOWLEDGEMENT_OVERDUE.code());
            ps.setString(3, HandoverDeadlineEvent.ANSWER_OVERDUE.code());
            ps.setString(4, HandoverDeadlineEvent.COLLECTION_OVERDUE.code());
            Optional<Instant> court = Optional.empty();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant deadline = rs.getTimestamp(2).toInstant();
                    court = Optional.ofNullable(rs.getTimestamp(3)).map(Timestamp::toInstant);
                    switch (HandoverDeadlineEvent.valueOf(rs.getString(1))) {
                        case ACKNOWLEDGEMENT_OVERDUE -> acknowledgeBy = acknowledgeBy == null
                                || deadline.isBefore(acknowledgeBy) ? deadline : acknowledgeBy;
                        case ANSWER_OVERDUE -> answerBy = deadline;
                        default -> collectBy = deadline;
                    }
                }
            }
            if (acknowledgeBy == null || answerBy == null) {
                return Optional.empty();
            }
            return Optional.of(new Deadlines(acknowledgeBy, answerBy,
                    collectBy != null ? Optional.of(collectBy) : court));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the deadlines of handover " + handoverId, e);
        }
    }

    private static List<DfeLaCode> asked(Requested requested) {
        return requested.askedAuthorities().isEmpty() ? List.of(requested.suiteAuthority())
                : requested.askedAuthorities();
    }

    private Instant acknowledgeBy(Requested requested) {
        return asked(requested).stream()
                .map(a -> requested.requestedAt().plus(deadlines.forAuthority(a).acknowledge().due()))
                .min(Comparator.naturalOrder()).orElseThrow();
    }

    /** The answer is due by the shortest of the asked authorities' answer deadlines, reminded as that one asks. */
    private record Answer(HandoverDeadlines.Step step, Instant deadline) {
    }

    private Answer answer(Requested requested) {
        return asked(requested).stream()
                .map(a -> deadlines.forAuthority(a).answer())
                .map(s -> new Answer(s, requested.requestedAt().plus(s.due())))
                .min(Comparator.comparing(Answer::deadline)).orElseThrow();
    }

    private record Timer(HandoverDeadlineEvent event, Optional<DfeLaCode> authority, Instant deadline, Instant firesAt) {
    }

    private static void schedule(List<Timer> timers, HandoverDeadlines.Step step, Instant clockStarts,
                                 Instant deadline, HandoverDeadlineEvent reminder, HandoverDeadlineEvent overdue,
                                 Optional<DfeLaCode> authority) {
        for (java.time.Duration before : step.reminders()) {
            Instant firesAt = deadline.minus(before);
            if (firesAt.isAfter(clockStarts)) {
                timers.add(new Timer(reminder, authority, deadline, firesAt));
            }
        }
        timers.add(new Timer(overdue, authority, deadline, deadline));
    }

    private static void insert(Connection connection, String handoverId, List<Timer> timers) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO custody_handover_timer (timer_id,"
                + " handover_id, event, authority, deadline_at, due_at, state) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Timer t : timers) {
                ps.setString(1, "CT-" + TimeOrderedIds.next());
                ps.setString(2, handoverId);
                ps.setString(3, t.event().code());
                ps.setString(4, t.authority().map(DfeLaCode::value).orElse(null));
                ps.setTimestamp(5, Timestamp.from(t.deadline()));
                ps.setTimestamp(6, Timestamp.from(t.firesAt()));
                ps.setString(7, PENDING);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static Optional<Instant> courtSitting(Connection connection, String handoverId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT court_sitting_at FROM custody_handover"
                + " WHERE handover_id = ?")) {
            ps.setString(1, handoverId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant)
                        : Optional.empty();
            }
        }
    }
}
