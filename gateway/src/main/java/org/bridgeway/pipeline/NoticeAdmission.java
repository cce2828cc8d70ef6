package org.bridgeway.pipeline;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.bridgeway.model.Notice;
import org.bridgeway.store.Database;

/**
 * Admits a notice into the pipeline once. The notice's idempotency key is claimed ('pending') in the database
 * and marked 'delivered' once its messages are in the mailboxes. A notice whose key is delivered is a duplicate
 * and goes no further; one whose key is still pending is being processed and the sender is asked to retry. If
 * the exchange fails, the claim is released so that a retry is not mistaken for a duplicate.
 */
public final class NoticeAdmission {
    private final DataSource dataSource;
    private final Clock clock;

    public NoticeAdmission(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * Camel entry point: claims the key, and releases it again if the exchange ends without the notice being
     * delivered — whether it failed or a caller route caught the failure and answered (the API's 503).
     */
    public Dispatch admit(Notice notice, Exchange exchange) {
        Dispatch dispatch = admit(notice);
        if (!dispatch.duplicate()) {
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onDone(Exchange done) {
                    releaseIfPending(notice.idempotencyKey());
                }
            });
        }
        return dispatch;
    }

    public Dispatch admit(Notice notice) {
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO notice_key "
                     + "(idempotency_key, exchange_id, received_at, state) VALUES (?, ?, ?, 'pending')")) {
            ps.setString(1, notice.idempotencyKey());
            ps.setString(2, notice.exchangeId());
            ps.setTimestamp(3, Timestamp.from(now));
            ps.executeUpdate();
            return Dispatch.received(notice, now);
        } catch (SQLException e) {
            if (Database.isConstraintViolation(e)) {
                Claim claim = claimOf(notice.idempotencyKey()).orElseThrow(() ->
                        new NoticeInProgressException("the same notice was being processed and has just been released"));
                if (!claim.delivered()) {
                    throw new NoticeInProgressException("the same notice (exchange " + claim.exchangeId()
                            + ") is still being processed");
                }
                return Dispatch.duplicateOf(notice, claim.exchangeId(), now);
            }
            throw new IllegalStateException("cannot record the notice's idempotency key", e);
        }
    }

    /** Every message of the dispatch is in its mailbox: from now on the same notice is a duplicate. */
    public Dispatch delivered(Dispatch dispatch) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "UPDATE notice_key SET state = 'delivered' WHERE idempotency_key = ?")) {
            ps.setString(1, dispatch.notice().idempotencyKey());
            ps.executeUpdate();
            return dispatch;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot mark the notice delivered", e);
        }
    }

    /**
     * Releases the claims of notices that were admitted but never delivered (a crash, or a forced stop): they can
     * be submitted again and will be sent, rather than being mistaken for duplicates for ever.
     */
    public int releaseAbandonedClaims() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM notice_key WHERE state = 'pending'")) {
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot release abandoned idempotency claims", e);
        }
    }

    private record Claim(String exchangeId, boolean delivered) {
    }

    private java.util.Optional<Claim> claimOf(String idempotencyKey) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT exchange_id, state FROM notice_key WHERE idempotency_key = ?")) {
            ps.setString(1, idempotencyKey);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? java.util.Optional.of(new Claim(rs.getString(1), "delivered".equals(rs.getString(2))))
                        : java.util.Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read idempotency keys", e);
        }
    }

    void releaseIfPending(String idempotencyKey) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "DELETE FROM notice_key WHERE idempotency_key = ? AND state = 'pending'")) {
            ps.setString(1, idempotencyKey);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot release the notice's idempotency key", e);
        }
    }
}
