package org.bridgeway.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.bridgeway.policy.DeliveryWindows;

/**
 * The rows of the mailbox outbox ({@code mailbox_outbox}, migration V23): messages accepted for recipients' mailboxes
 * but not yet known to be in them. {@link #accept} runs on the audit log's connection, inside the transaction that
 * records the messages' DISCLOSED entries, so a message is in the outbox exactly when it has been audited as
 * disclosed; {@link MailboxRelay} moves it to the broker and deletes the row.
 */
public final class MailboxOutbox {
    /** Message ids a statement asks about, or a transaction deletes, at most. */
    private static final int IDS_AT_ONCE = 200;

    private MailboxOutbox() {
    }

    /**
     * Accepts messages for their mailboxes on the caller's connection and transaction (does not commit): their outbox
     * rows and their delivery states ({@link DeliveryStates}), always together, so no accepted message lacks its
     * status row.
     */
    public static void accept(Connection c, List<Delivery> deliveries, Instant acceptedAt) throws SQLException {
        insert(c, deliveries, acceptedAt);
        DeliveryStates.insert(c, deliveries, acceptedAt);
    }

    /** The outbox rows alone, as a message accepted before V48 has them; {@link #accept} for new messages. */
    static void insert(Connection c, List<Delivery> deliveries, Instant acceptedAt) throws SQLException {
        if (deliveries.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO mailbox_outbox (message_id, exchange_id, "
                + "idempotency_key, exchange_type, sender, recipient, format, media_type, accepted_millis, payload, "
                + "correlation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Delivery d : deliveries) {
                ps.setString(1, d.messageId());
                ps.setString(2, d.exchangeId());
                ps.setString(3, d.idempotencyKey());
                ps.setString(4, d.exchangeType());
                ps.setString(5, d.sender());
                ps.setString(6, d.recipient());
                ps.setString(7, d.format());
                ps.setString(8, d.mediaType());
                ps.setLong(9, acceptedAt.toEpochMilli());
                ps.setString(10, Base64.getEncoder().encodeToString(d.payload()));
                ps.setString(11, d.correlationId());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Up to {@code limit} waiting messages accepted before {@code acceptedBefore}, oldest first. */
    public static List<Delivery> oldest(Connection c, Instant acceptedBefore, int limit) throws SQLException {
        List<Delivery> out = new ArrayList<>();
        // a row written before V48 has no delivery state: the default window
        try (PreparedStatement ps = c.prepareStatement("SELECT o.message_id, o.exchange_id, o.idempotency_key, "
                + "o.exchange_type, o.sender, o.recipient, o.format, o.media_type, o.payload, d.window_seconds, "
                + "o.correlation_id "
                + "FROM mailbox_outbox o LEFT JOIN mailbox_delivery d ON d.message_id = o.message_id "
                + "WHERE o.accepted_millis < ? ORDER BY o.accepted_millis FETCH FIRST " + limit + " ROWS ONLY")) {
            ps.setLong(1, acceptedBefore.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Delivery(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                            Base64.getDecoder().decode(rs.getString(9)),
                            rs.getObject(10) == null ? DeliveryWindows.DEFAULT : Duration.ofSeconds(rs.getLong(10)),
                            rs.getString(11)));
                }
            }
        }
        return out;
    }

    /**
     * Deletes the rows of messages that are now in their mailboxes (or need no relaying), up to
     * {@value #IDS_AT_ONCE} in a transaction. Not one transaction for them all: the embedded database writes the
     * undo log of every transaction open at a store, and a transaction deleting a sweep's worth of payloads would be
     * written out again at each of H2's stores while it runs. One statement text whatever the
     * number of rows, so that each connection keeps it parsed. A row left by a failure is deleted at the next pass.
     */
    public static void delete(Connection c, Collection<String> messageIds) throws SQLException {
        List<String> ids = List.copyOf(messageIds);
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM mailbox_outbox WHERE message_id = ?")) {
            for (int from = 0; from < ids.size(); from += IDS_AT_ONCE) {
                for (String id : ids.subList(from, Math.min(ids.size(), from + IDS_AT_ONCE))) {
                    ps.setString(1, id);
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            }
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /**
     * Of these message ids, those already acknowledged: by {@code recipient} when given (a message is only ever its
     * recipient's to acknowledge), by whoever they were for otherwise (the relay: such a message must not be put back).
     */
    public static List<String> acknowledged(Connection c, Optional<String> recipient, Collection<String> messageIds)
            throws SQLException {
        List<String> ids = List.copyOf(messageIds);
        List<String> out = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += IDS_AT_ONCE) {
            List<String> part = ids.subList(from, Math.min(ids.size(), from + IDS_AT_ONCE));
            try (PreparedStatement ps = c.prepareStatement("SELECT message_id FROM mailbox_ack WHERE message_id IN ("
                    + String.join(", ", Collections.nCopies(part.size(), "?")) + ")"
                    + (recipient.isPresent() ? " AND recipient = ?" : ""))) {
                for (int i = 0; i < part.size(); i++) {
                    ps.setString(i + 1, part.get(i));
                }
                if (recipient.isPresent()) {
                    ps.setString(part.size() + 1, recipient.get());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
        }
        return out;
    }

    /** Records an acknowledgement on the caller's connection and transaction: the one of its audit entry. */
    public static void insertAcknowledgement(Connection c, String messageId, String recipient, Instant at)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO mailbox_ack (message_id, recipient, acknowledged_at) VALUES (?, ?, ?)")) {
            ps.setString(1, messageId);
            ps.setString(2, recipient);
            ps.setString(3, at.toString());
            ps.executeUpdate();
        }
    }
}
