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

/**
 * Admits a notice into the pipeline once. The notice's idempotency key is claimed in the database; a notice
 * whose key is already claimed is a duplicate and goes no further. If the exchange later fails, the claim is
 * released so that a retry is not mistaken for a duplicate.
 */
public final class NoticeAdmission {
    private final DataSource dataSource;
    private final Clock clock;

    public NoticeAdmission(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Camel entry point: claims the key and releases it again if the rest of the exchange fails. */
    public Dispatch admit(Notice notice, Exchange exchange) {
        Dispatch dispatch = admit(notice);
        if (!dispatch.duplicate()) {
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onFailure(Exchange failed) {
                    release(notice.idempotencyKey());
                }
            });
        }
        return dispatch;
    }

    public Dispatch admit(Notice notice) {
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "INSERT INTO notice_key (idempotency_key, exchange_id, received_at) VALUES (?, ?, ?)")) {
            ps.setString(1, notice.idempotencyKey());
            ps.setString(2, notice.exchangeId());
            ps.setTimestamp(3, Timestamp.from(now));
            ps.executeUpdate();
            return Dispatch.received(notice, now);
        } catch (SQLException e) {
            if (isUniqueViolation(e)) {
                return Dispatch.duplicateOf(notice, firstExchangeId(notice.idempotencyKey())
                        .orElse(notice.exchangeId()), now);
            }
            throw new IllegalStateException("cannot record the notice's idempotency key", e);
        }
    }

    /** The exchange id first given to a notice with this key, if any. */
    public java.util.Optional<String> firstExchangeId(String idempotencyKey) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT exchange_id FROM notice_key WHERE idempotency_key = ?")) {
            ps.setString(1, idempotencyKey);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? java.util.Optional.of(rs.getString(1)) : java.util.Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read idempotency keys", e);
        }
    }

    void release(String idempotencyKey) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM notice_key WHERE idempotency_key = ?")) {
            ps.setString(1, idempotencyKey);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot release the notice's idempotency key", e);
        }
    }

    /** SQLSTATE class 23: integrity constraint violation (H2 and PostgreSQL alike). */
    private static boolean isUniqueViolation(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("23");
    }
}
