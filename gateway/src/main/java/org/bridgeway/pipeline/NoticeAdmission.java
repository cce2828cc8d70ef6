package org.bridgeway.pipeline;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Map;
import javax.sql.DataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.bridgeway.model.ExchangeType;
import org.bridgeway.observability.Meters;
import org.bridgeway.audit.AppendRefusedException;
import org.bridgeway.audit.AuditUnavailableException;
import org.bridgeway.model.Notice;
import org.bridgeway.store.Database;

/**
 * Admits a notice into the pipeline once, by its idempotency key ({@code notice_key}).
 *
 * <p>The key is recorded in the same database transaction as the notice's audit entries and outbox messages
 * ({@link #recordAccepted}), so it exists exactly when the notice has been accepted: a crash at any instant leaves
 * either all three or none, and no claim to release. A notice whose key is recorded is a duplicate and is answered
 * with the first exchange id. Two submissions of the same notice racing through the pipeline both get that far; the
 * database's unique key lets one commit and refuses the other ({@link AlreadyAccepted}), which then becomes a
 * duplicate of the first.
 */
public final class NoticeAdmission {
    private final DataSource dataSource;
    private final Clock clock;
    private final Map<ExchangeType, Counter> received;

    public NoticeAdmission(DataSource dataSource, Clock clock) {
        this(dataSource, clock, Meters.none());
    }

    /** Counts every notice submitted ({@code bridgeway.notices.received}), duplicates included. */
    public NoticeAdmission(DataSource dataSource, Clock clock, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.received = Meters.counters(meters, "bridgeway.notices.received",
                "Notices submitted to the pipeline, duplicates included", Tags.empty());
    }

    /**
     * The notice on its way, or a duplicate of one already accepted under its first exchange id (still held, when a
     * step held it and it has not been released).
     */
    public Dispatch admit(Notice notice) {
        received.get(notice.exchangeType()).increment();
        Instant now = clock.instant();
        return admitted(notice.idempotencyKey())
                .map(first -> first.held()
                        ? Dispatch.duplicateOfHeld(notice, first.exchangeId(), now)
                        : Dispatch.duplicateOf(notice, first.exchangeId(), now))
                .orElseGet(() -> Dispatch.received(notice, now));
    }

    /**
     * A held notice released: on its way again when it is still held, a duplicate when another release (another
     * node's, or before a restart) has already taken it through.
     */
    public Dispatch admit(Released released) {
        Notice notice = released.notice();
        Instant now = clock.instant();
        Admitted first = admitted(notice.idempotencyKey()).orElseThrow(() -> new IllegalStateException(
                "a released notice was never held: exchange " + notice.exchangeId()));
        return first.held() ? Dispatch.releasedFromHold(notice, now)
                : Dispatch.duplicateOf(notice, first.exchangeId(), now);
    }

    /** A notice a step held earlier, now to go through the rest of the pipeline (the body {@code direct:notice} takes). */
    public record Released(Notice notice) {
    }

    /** The state of a held notice's idempotency record; also the reason a re-submission of it is answered with. */
    public static final String HELD = "held";

    /** Records the notice as admitted and held, on the audit transaction's connection. */
    public void recordHeld(Connection c, Notice notice, Instant at) throws SQLException {
        insert(c, notice, at, HELD);
    }

    /**
     * Records a held notice as accepted now it was released. Throws {@link AlreadyAccepted} when another release
     * took it through meanwhile, which refuses the whole append: the notice is accepted once.
     */
    public void recordReleased(Connection c, Notice notice) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE notice_key SET state = 'accepted'"
                + " WHERE idempotency_key = ? AND state = '" + HELD + "'")) {
            ps.setString(1, notice.idempotencyKey());
            if (ps.executeUpdate() != 1) {
                throw new AlreadyAccepted(notice.idempotencyKey());
            }
        }
    }

    /**
     * Records the notice as accepted, on the audit transaction's connection. Throws {@link AlreadyAccepted} when the
     * same notice was accepted meanwhile, which refuses the whole append.
     */
    public void recordAccepted(Connection c, Notice notice, Instant at) throws SQLException {
        insert(c, notice, at, "accepted");
    }

    private static void insert(Connection c, Notice notice, Instant at, String state) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO notice_key "
                + "(idempotency_key, exchange_id, received_at, state) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, notice.idempotencyKey());
            ps.setString(2, notice.exchangeId());
            ps.setTimestamp(3, Timestamp.from(at));
            ps.setString(4, state);
            ps.executeUpdate();
        } catch (SQLException e) {
            if (Database.isConstraintViolation(e)) {
                throw new AlreadyAccepted(notice.idempotencyKey());
            }
            throw e;
        }
    }

    /** The dispatch of a notice whose acceptance lost the race to the same notice: a duplicate of the winner's. */
    public Dispatch duplicateOf(Dispatch dispatch) {
        Admitted first = admitted(dispatch.notice().idempotencyKey()).orElseThrow(() ->
                new IllegalStateException("a notice refused as already accepted has no accepted record"));
        return first.held()
                ? Dispatch.duplicateOfHeld(dispatch.notice(), first.exchangeId(), dispatch.receivedAt())
                : Dispatch.duplicateOf(dispatch.notice(), first.exchangeId(), dispatch.receivedAt());
    }

    /** A notice's idempotency record: the exchange id it was admitted under, and whether it is held. */
    private record Admitted(String exchangeId, boolean held) {
    }

    /**
     * The exchange id under which the notice was accepted, if it was. A notice is a duplicate only of an acceptance
     * already on disk: one committed an instant ago by a concurrent submission is made durable before it is
     * answered for, or the database fails and the sender is asked to try again.
     */
    private Optional<Admitted> admitted(String idempotencyKey) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT exchange_id, state FROM notice_key WHERE idempotency_key = ?")) {
            ps.setString(1, idempotencyKey);
            Optional<Admitted> first;
            try (ResultSet rs = ps.executeQuery()) {
                first = rs.next() ? Optional.of(new Admitted(rs.getString(1), HELD.equals(rs.getString(2))))
                        : Optional.empty();
            }
            if (first.isPresent()) {
                Database.syncCommitted(c);
            }
            return first;
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot read the notices already accepted", e);
        }
    }

    /** The same notice was accepted while this one went through the pipeline. */
    public static final class AlreadyAccepted extends AppendRefusedException {
        AlreadyAccepted(String idempotencyKey) {
            super("the notice with idempotency key " + idempotencyKey + " has already been accepted");
        }
    }
}
