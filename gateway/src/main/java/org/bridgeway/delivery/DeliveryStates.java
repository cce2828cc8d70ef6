package org.bridgeway.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Where each recipient's copy of an exchange stands ({@code mailbox_delivery}, {@code mailbox_ack},
 * {@code mailbox_expiry}; migration V48): accepted with the DISCLOSED entry, put in the mailbox by the relay, first
 * fetched by the recipient, acknowledged, or expired unacknowledged. Identifiers and times only. Dead-lettering (push
 * or mailbox) is the broker's to tell ({@link org.bridgeway.delivery.push.DeadLetterQueue}), and
 * {@code DeliveryStatusApi} adds it; a replay into the mailbox sets the delivery time again.
 */
public final class DeliveryStates {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DeliveryStates.class);
    private final DataSource dataSource;
    private final Clock clock;

    public DeliveryStates(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** One recipient's copy: its times, null for what has not happened. */
    public record CopyState(String messageId, String recipient, Instant acceptedAt, Duration deliveryWindow,
                            Instant deliveredAt, Instant fetchedAt, Instant acknowledgedAt, Instant expiredAt) {
        /** When the broker expires it if it is still unacknowledged; null before it reached the mailbox. */
        public Instant expiresAt() {
            return deliveredAt == null ? null : deliveredAt.plus(deliveryWindow);
        }
    }

    /**
     * Records newly accepted messages, on the caller's connection and transaction: the one writing their outbox rows
     * and DISCLOSED entries. Once per message: an outbox row put back for relaying again needs no second one.
     */
    static void insert(Connection c, List<Delivery> deliveries, Instant acceptedAt) throws SQLException {
        if (deliveries.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO mailbox_delivery (message_id, exchange_id, sender, "
                + "recipient, accepted_at, window_seconds) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Delivery d : deliveries) {
                ps.setString(1, d.messageId());
                ps.setString(2, d.exchangeId());
                ps.setString(3, d.sender());
                ps.setString(4, d.recipient());
                ps.setString(5, acceptedAt.toString());
                ps.setLong(6, d.deliveryWindow().toSeconds());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** When each message was first known to be in its mailbox; later calls change nothing. */
    static void delivered(Connection c, Map<String, Instant> deliveredAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE mailbox_delivery SET delivered_at = ? "
                + "WHERE message_id = ? AND delivered_at IS NULL")) {
            for (Map.Entry<String, Instant> e : deliveredAt.entrySet()) {
                ps.setString(1, e.getValue().toString());
                ps.setString(2, e.getKey());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * The recipient fetched the message: the first time is kept. Best effort: the recipient gets its message even
     * when the database cannot record this, and the sender then sees it fetched only once it is acknowledged.
     */
    public void fetched(String messageId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE mailbox_delivery SET fetched_at = ? "
                     + "WHERE message_id = ? AND fetched_at IS NULL")) {
            ps.setString(1, clock.instant().toString());
            ps.setString(2, messageId);
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.warn("cannot record that message {} was fetched ({})", messageId, e.getClass().getSimpleName());
        }
    }

    /** The delivery window a message was accepted with; empty for a message the gateway has no row of. */
    public java.util.Optional<Duration> windowOf(String messageId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT window_seconds FROM mailbox_delivery WHERE message_id = ?")) {
            ps.setString(1, messageId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? java.util.Optional.of(Duration.ofSeconds(rs.getLong(1)))
                        : java.util.Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the delivery window of a message", e);
        }
    }

    /**
     * An operator replayed the message from the dead-letter queue into its mailbox: it reached the mailbox again now,
     * and its delivery window runs from now. Best effort, after the broker committed the replay: the message is in
     * the mailbox either way, and a failure here leaves the earlier time, which the log names.
     */
    public void redelivered(String messageId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "UPDATE mailbox_delivery SET delivered_at = ? WHERE message_id = ?")) {
            ps.setString(1, clock.instant().toString());
            ps.setString(2, messageId);
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.warn("cannot record that message {} was replayed into its mailbox ({})", messageId,
                    e.getClass().getSimpleName());
        }
    }

    /**
     * The sender of an exchange, if any of its messages went to a mailbox. Rows of the gateway's own non-delivery
     * reports share the exchange's id but are not its copies: they are never taken for its sender.
     */
    public java.util.Optional<String> senderOf(String exchangeId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT sender FROM mailbox_delivery WHERE exchange_id = ? "
                     + "AND sender <> ? FETCH FIRST 1 ROWS ONLY")) {
            ps.setString(1, exchangeId);
            ps.setString(2, MailboxExpiry.GATEWAY);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? java.util.Optional.of(rs.getString(1)) : java.util.Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the deliveries of an exchange", e);
        }
    }

    /** Every recipient's copy of an exchange (not the non-delivery reports about them), by recipient. */
    public List<CopyState> ofExchange(String exchangeId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT d.message_id, d.recipient, d.accepted_at, "
                     + "d.window_seconds, d.delivered_at, d.fetched_at, a.acknowledged_at, x.expired_at "
                     + "FROM mailbox_delivery d LEFT JOIN mailbox_ack a ON a.message_id = d.message_id "
                     + "LEFT JOIN mailbox_expiry x ON x.message_id = d.message_id "
                     + "WHERE d.exchange_id = ? AND d.sender <> ? ORDER BY d.recipient, d.message_id")) {
            ps.setString(1, exchangeId);
            ps.setString(2, MailboxExpiry.GATEWAY);
            List<CopyState> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new CopyState(rs.getString(1), rs.getString(2), instant(rs.getString(3)),
                            Duration.ofSeconds(rs.getLong(4)), instant(rs.getString(5)), instant(rs.getString(6)),
                            instant(rs.getString(7)), instant(rs.getString(8))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the deliveries of an exchange", e);
        }
    }

    private static Instant instant(String iso) {
        return iso == null ? null : Instant.parse(iso);
    }
}
