package org.bridgeway.pipeline;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
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

    public NoticeAdmission(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** The notice on its way, or a duplicate of one already accepted under its first exchange id. */
    public Dispatch admit(Notice notice) {
        Instant now = clock.instant();
        return firstExchangeId(notice.idempotencyKey())
                .map(first -> Dispatch.duplicateOf(notice, first, now))
                .orElseGet(() -> Dispatch.received(notice, now));
    }

    /**
     * Records the notice as accepted, on the audit transaction's connection. Throws {@link AlreadyAccepted} when the
     * same notice was accepted meanwhile, which refuses the whole append.
     */
    public void recordAccepted(Connection c, Notice notice, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO notice_key "
                + "(idempotency_key, exchange_id, received_at, state) VALUES (?, ?, ?, 'accepted')")) {
            ps.setString(1, notice.idempotencyKey());
            ps.setString(2, notice.exchangeId());
            ps.setTimestamp(3, Timestamp.from(at));
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
        String first = firstExchangeId(dispatch.notice().idempotencyKey()).orElseThrow(() ->
                new IllegalStateException("a notice refused as already accepted has no accepted record"));
        return Dispatch.duplicateOf(dispatch.notice(), first, dispatch.receivedAt());
    }

    /**
     * The exchange id under which the notice was accepted, if it was. A notice is a duplicate only of an acceptance
     * already on disk: one committed an instant ago by a concurrent submission is made durable before it is
     * answered for, or the database fails and the sender is asked to try again.
     */
    private Optional<String> firstExchangeId(String idempotencyKey) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT exchange_id FROM notice_key WHERE idempotency_key = ?")) {
            ps.setString(1, idempotencyKey);
            Optional<String> first;
            try (ResultSet rs = ps.executeQuery()) {
                first = rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
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
