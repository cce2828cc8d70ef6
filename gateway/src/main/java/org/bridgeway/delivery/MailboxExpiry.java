package org.bridgeway.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.bridgeway.audit.AuditEvent;
import org.bridgeway.audit.AuditEventType;
import org.bridgeway.audit.AuditLog;
import org.bridgeway.store.TimeOrderedIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a mailbox message the broker expired (unacknowledged when its delivery window ran out; the broker moves it to
 * {@link MailboxBroker#EXPIRED}) into a non-delivery report in its sender's mailbox and a DELIVERY_EXPIRED audit
 * entry, exactly once.
 *
 * <p>The once-only guard is the message's row in {@code mailbox_expiry}: it commits in the audit transaction with the
 * entry and the report's outbox row, before the expired message is taken off the expiry queue in a broker
 * transaction. A crash in between leaves the message on the queue; it is offered again, its row is found, and it is
 * only taken off. A message whose recipient acknowledged it just before it expired ({@code mailbox_ack}) is not
 * reported. A report that itself expires is audited but not reported again.
 */
public final class MailboxExpiry implements AutoCloseable {
    /** The exchange type of a report; its recipient's systems tell it from notices by this and the media type. */
    public static final String NON_DELIVERY_REPORT = "non-delivery-report";
    public static final String REPORT_MEDIA_TYPE = "application/vnd.bridgeway.non-delivery-report+json";
    /** The report's sender: the gateway itself, not a partner. */
    public static final String GATEWAY = "gateway";
    private static final Logger LOG = LoggerFactory.getLogger(MailboxExpiry.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long RECEIVE_MILLIS = 500;
    /** After a failure (the audit log or the broker unavailable): the message stays and is tried again then. */
    private static final long BACK_OFF_MILLIS = 2_000;

    private final ConnectionFactory connectionFactory;
    private final DataSource dataSource;
    private final AuditLog auditLog;
    private final MailboxRelay relay;
    private final Clock clock;
    private final Thread worker;
    private volatile boolean running = true;

    public MailboxExpiry(ConnectionFactory connectionFactory, DataSource dataSource, AuditLog auditLog,
                         MailboxRelay relay, Clock clock) {
        this.connectionFactory = connectionFactory;
        this.dataSource = dataSource;
        this.auditLog = auditLog;
        this.relay = relay;
        this.clock = clock;
        this.worker = new Thread(this::run, "mailbox-expiry");
        worker.setDaemon(true);
    }

    public MailboxExpiry start() {
        worker.start();
        return this;
    }

    private void run() {
        while (running) {
            try (Connection connection = connectionFactory.createConnection();
                 Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                 MessageConsumer consumer = session.createConsumer(session.createQueue(MailboxBroker.EXPIRED))) {
                connection.start();
                while (running) {
                    Message expired = consumer.receive(RECEIVE_MILLIS);
                    if (expired == null) {
                        continue;
                    }
                    Optional<Delivery> report;
                    try {
                        report = recordOnce(expired);
                    } catch (RuntimeException e) {
                        session.rollback();
                        throw e;
                    }
                    session.commit();
                    report.ifPresent(r -> relay.relay(List.of(r))); // at once; the outbox sweep otherwise
                }
            } catch (JMSException | RuntimeException e) {
                if (running) {
                    LOG.warn("cannot report expired mailbox messages now ({}); trying again", e.toString());
                    sleepQuietly();
                }
            }
        }
    }

    /** Audits the expiry and writes the report to the outbox, unless done before; returns the report written. */
    Optional<Delivery> recordOnce(Message expired) throws JMSException {
        String messageId = expired.getStringProperty(Mailboxes.MESSAGE_ID);
        if (messageId == null) {
            LOG.warn("an expired message without a Bridgeway message id ({}) is dropped", expired.getJMSMessageID());
            return Optional.empty();
        }
        String exchangeId = expired.getStringProperty(Mailboxes.EXCHANGE_ID);
        String sender = expired.getStringProperty(Mailboxes.SENDER);
        String exchangeType = expired.getStringProperty(Mailboxes.EXCHANGE_TYPE);
        Optional<String> recipient;
        try (java.sql.Connection c = dataSource.getConnection()) {
            if (alreadyDone(c, messageId)) {
                return Optional.empty();
            }
            recipient = recipientOf(c, messageId);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the expiries", e);
        }
        String to = recipient.orElseGet(() -> fromAddress(expired));
        Instant now = clock.instant();
        boolean report = sender != null && !NON_DELIVERY_REPORT.equals(exchangeType) && !GATEWAY.equals(sender);
        Delivery ndr = report ? report(messageId, exchangeId, sender, to, now) : null;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("messageId", messageId);
        details.put("reason", "expired");
        if (ndr != null) {
            details.put("reportMessageId", ndr.messageId());
        }
        auditLog.append(List.of(new AuditEvent(AuditEventType.DELIVERY_EXPIRED, exchangeId, GATEWAY, to, details)),
                c -> {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO mailbox_expiry (message_id, "
                            + "exchange_id, recipient, expired_at, report_message_id) VALUES (?, ?, ?, ?, ?)")) {
                        ps.setString(1, messageId);
                        ps.setString(2, exchangeId == null ? "" : exchangeId);
                        ps.setString(3, to == null ? "" : to);
                        ps.setString(4, now.toString());
                        ps.setString(5, ndr == null ? "" : ndr.messageId());
                        ps.executeUpdate();
                    }
                    if (ndr != null) {
                        MailboxOutbox.accept(c, List.of(ndr), now);
                    }
                });
        LOG.info("message {} of exchange {} expired unacknowledged{}", messageId, exchangeId,
                ndr == null ? "" : "; non-delivery report " + ndr.messageId() + " to the sender");
        return Optional.ofNullable(ndr);
    }

    /** The report: identifiers, the reason and the time, never the notice's content. */
    private static Delivery report(String messageId, String exchangeId, String sender, String recipient,
                                   Instant at) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", NON_DELIVERY_REPORT);
        body.put("exchangeId", exchangeId);
        body.put("messageId", messageId);
        body.put("recipient", recipient);
        body.put("reason", "expired");
        body.put("expiredAt", at.toString());
        byte[] payload;
        try {
            payload = JSON.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return new Delivery(TimeOrderedIds.next(), exchangeId, "non-delivery:" + messageId, NON_DELIVERY_REPORT,
                GATEWAY, sender, "json", REPORT_MEDIA_TYPE, payload);
    }

    private static boolean alreadyDone(java.sql.Connection c, String messageId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM mailbox_expiry WHERE message_id = ? "
                + "UNION ALL SELECT 1 FROM mailbox_ack WHERE message_id = ?")) {
            ps.setString(1, messageId);
            ps.setString(2, messageId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static Optional<String> recipientOf(java.sql.Connection c, String messageId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT recipient FROM mailbox_delivery WHERE message_id = ?")) {
            ps.setString(1, messageId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** A message accepted before V48 has no delivery row: its mailbox ("mailbox.police.kent") names the recipient. */
    private static String fromAddress(Message expired) {
        try {
            return Mailboxes.organisationOf(expired.getStringProperty("_AMQ_ORIG_ADDRESS")).orElse(null);
        } catch (JMSException e) {
            return null;
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(BACK_OFF_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        worker.join(Duration.ofSeconds(5).toMillis());
    }
}
