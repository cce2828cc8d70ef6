package org.bridgeway.delivery;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.activemq.artemis.jms.client.ActiveMQMessage;
import org.bridgeway.logging.CorrelationId;
import org.bridgeway.model.Organisation;

/**
 * Recipients' durable mailboxes: put rendered notices in (one JMS transaction per dispatch, so a notice's
 * messages are stored together or not at all), list, fetch and acknowledge. Acknowledging removes the
 * message; anything unacknowledged stays in the broker's journal across restarts.
 */
public final class Mailboxes implements AutoCloseable {
    public static final String MESSAGE_ID = "bwMessageId";
    public static final String EXCHANGE_ID = "bwExchangeId";
    public static final String EXCHANGE_TYPE = "bwExchangeType";
    public static final String SENDER = "bwSender";
    public static final String FORMAT = "bwFormat";
    public static final String MEDIA_TYPE = "bwMediaType";
    public static final String ENQUEUED_AT = "bwEnqueuedAt";
    /** The notice's idempotency key: a recipient that receives the same notice twice (after a crash) can tell. */
    public static final String IDEMPOTENCY_KEY = "bwIdempotencyKey";
    /**
     * Artemis's duplicate-detection property ({@code _AMQ_DUPL_ID}), set to the message id: the broker keeps the ids
     * it has stored (persisted with its journal) and drops a message whose id it has seen, so the outbox relay may put
     * a message again after a crash without delivering it twice.
     */
    /**
     * How long an acknowledgement waits for its message to reach the consumer: on an external broker the selector's
     * first delivery takes a round trip or two, and a message held by a node that stopped comes back only once the
     * broker has noticed.
     */
    private static final long ACKNOWLEDGE_WAIT_MILLIS = 2_000;
    static final String DUPLICATE_ID = org.apache.activemq.artemis.api.core.Message.HDR_DUPLICATE_DETECTION_ID.toString();
    private static final Pattern MESSAGE_ID_SHAPE =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final Connection connection;
    private final BlockingQueue<Sender> senders;
    /**
     * Mailbox queues by organisation id, each looked up once. Creating a destination asks the broker whether its
     * queue exists, and so does the first send to each new destination object: two round trips per message, which
     * cost a dispatch more waiting than its sends and commit together. Destinations belong to no session.
     */
    private final Map<String, Queue> queues = new ConcurrentHashMap<>();

    /** A transacted session and its producer, used by one dispatch at a time. */
    private record Sender(Session session, MessageProducer producer) {
    }

    public Mailboxes(ConnectionFactory connectionFactory, int senders) {
        try {
            connection = connectionFactory.createConnection();
            connection.start();
            this.senders = new ArrayBlockingQueue<>(senders);
            for (int i = 0; i < senders; i++) {
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                this.senders.add(new Sender(session, session.createProducer(null)));
            }
        } catch (JMSException e) {
            throw new MailboxException("cannot connect to the mailbox broker", e);
        }
    }

    /** The queue of an organisation's mailbox: "police:kent" → "mailbox.police.kent". */
    public static String queueName(String organisationId) {
        return MailboxBroker.MAILBOX_PREFIX + Organisation.parseId(organisationId).id().replace(':', '.');
    }

    /** The organisation whose mailbox a queue is, undoing {@link #queueName}; empty for any other queue. */
    public static Optional<String> organisationOf(String queueName) {
        return organisationOf(queueName, MailboxBroker.MAILBOX_PREFIX);
    }

    /**
     * The organisation a per-organisation queue is named after, "mailbox.police.kent" or "push.police.kent" →
     * "police:kent"; empty when the queue does not start with {@code prefix} or names no organisation.
     */
    public static Optional<String> organisationOf(String queueName, String prefix) {
        if (queueName == null || !queueName.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = queueName.substring(prefix.length());
        int dot = rest.indexOf('.');
        return dot < 0 ? Optional.empty() : Optional.of(rest.substring(0, dot) + ":" + rest.substring(dot + 1));
    }

    /** Whether an id has the UUID shape the gateway issues message ids in (and so is safe in a selector). */
    public static boolean isMessageId(String id) {
        return id != null && MESSAGE_ID_SHAPE.matcher(id).matches();
    }

    /**
     * Puts every delivery in its recipient's mailbox in one transaction. A delivery the broker already holds (by its
     * message id) makes the broker roll the whole transaction back: {@link #putEach} then puts the others.
     *
     * @param acceptedAt when the gateway accepted the notice, which recipients see as the message's enqueue time
     */
    public void put(List<Delivery> deliveries, Instant acceptedAt) {
        if (deliveries.isEmpty()) {
            return;
        }
        Sender sender = takeSender();
        Session session = sender.session();
        try {
            for (Delivery d : deliveries) {
                send(sender.producer(), mailbox(session, d.recipient()), message(session, d, acceptedAt), d);
            }
            session.commit();
        } catch (JMSException | RuntimeException e) {
            // never hand back a session with an open transaction: its messages would go out with the next dispatch
            rollbackQuietly(session);
            throw e instanceof JMSException jms
                    ? new MailboxException("cannot put " + deliveries.size() + " message(s) in mailboxes", jms)
                    : (RuntimeException) e;
        } finally {
            senders.add(sender);
        }
    }

    /**
     * Puts each delivery on its own, outside any transaction: the broker stores it durably before the send returns,
     * or drops it silently if it already holds one with the same message id. On return every delivery is in its
     * mailbox or was put there before; a failure throws and leaves the rest for a later attempt.
     */
    public void putEach(List<Delivery> deliveries, Instant acceptedAt) {
        if (deliveries.isEmpty()) {
            return;
        }
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageProducer producer = session.createProducer(null)) {
            for (Delivery d : deliveries) {
                send(producer, mailbox(session, d.recipient()), message(session, d, acceptedAt), d);
            }
        } catch (JMSException e) {
            throw new MailboxException("cannot put " + deliveries.size() + " message(s) in mailboxes one by one", e);
        }
    }

    private static void send(MessageProducer producer, Queue mailbox, Message message, Delivery d)
            throws JMSException {
        sendWithin(producer, mailbox, message, d.deliveryWindow());
    }

    /**
     * Puts a message in a mailbox as every mailbox message is put, relayed or replayed from the dead-letter queue:
     * persistent, and expiring when its delivery window has run out since it reached the mailbox.
     */
    public static void sendWithin(MessageProducer producer, Destination mailbox, Message message,
                                  java.time.Duration deliveryWindow) throws JMSException {
        producer.send(mailbox, message, DeliveryMode.PERSISTENT, Message.DEFAULT_PRIORITY, deliveryWindow.toMillis());
    }

    private static BytesMessage message(Session session, Delivery d, Instant acceptedAt) throws JMSException {
        BytesMessage m = session.createBytesMessage();
        m.writeBytes(d.payload());
        m.setStringProperty(DUPLICATE_ID, d.messageId());
        m.setStringProperty(MESSAGE_ID, d.messageId());
        m.setStringProperty(EXCHANGE_ID, d.exchangeId());
        m.setStringProperty(EXCHANGE_TYPE, d.exchangeType());
        m.setStringProperty(SENDER, d.sender());
        m.setStringProperty(FORMAT, d.format());
        m.setStringProperty(MEDIA_TYPE, d.mediaType());
        m.setStringProperty(ENQUEUED_AT, acceptedAt.toString());
        m.setStringProperty(IDEMPOTENCY_KEY, d.idempotencyKey());
        // the disclosing exchange's id, whether the exchange relays it or the outbox sweep does after an outage, so its
        // log lines and the consumers' (the push route) share it
        Optional<String> correlation = Optional.ofNullable(d.correlationId()).or(CorrelationId::current);
        if (correlation.isPresent()) {
            m.setStringProperty(CorrelationId.PROPERTY, correlation.get());
        }
        return m;
    }

    /** The messages waiting in an organisation's mailbox, oldest first. */
    public List<MailboxMessage> list(String organisationId, int limit) {
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             QueueBrowser browser = session.createBrowser(mailbox(session, organisationId))) {
            List<MailboxMessage> out = new ArrayList<>();
            Enumeration<?> e = browser.getEnumeration();
            while (e.hasMoreElements() && out.size() < limit) {
                out.add(describe((Message) e.nextElement()));
            }
            return out;
        } catch (JMSException e) {
            throw new MailboxException("cannot list the mailbox", e);
        }
    }

    /**
     * One page of an organisation's mailbox, oldest first: up to {@code limit} messages the broker stored after the
     * cursor's (from the start without one), and the cursor of the next page if there is more. The order is the
     * broker's own storage order (its message ids only grow), so paging neither repeats nor skips a message that was
     * waiting when the listing began, however many arrive meanwhile; one committed behind the cursor while paging
     * shows in the next listing from the start.
     *
     * @throws IllegalArgumentException for a cursor this method did not issue
     */
    public Page page(String organisationId, Optional<String> cursor, int limit) {
        return page(organisationId, cursor, limit, Order.OLDEST_FIRST);
    }

    /** The order of a listing, by when the broker stored each message. */
    public enum Order {
        OLDEST_FIRST,
        /** For people reading a mailbox, who look for what just came in; the cursor then pages back in time. */
        NEWEST_FIRST
    }

    /** One page of an organisation's mailbox in the given order; otherwise as {@link #page(String, Optional, int)}. */
    public Page page(String organisationId, Optional<String> cursor, int limit, Order order) {
        boolean oldestFirst = order == Order.OLDEST_FIRST;
        Optional<Long> from = cursor.map(Mailboxes::positionOf);
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             QueueBrowser browser = session.createBrowser(mailbox(session, organisationId))) {
            java.util.TreeMap<Long, MailboxMessage> listed = new java.util.TreeMap<>(
                    oldestFirst ? java.util.Comparator.<Long>naturalOrder() : java.util.Comparator.<Long>reverseOrder());
            Enumeration<?> e = browser.getEnumeration();
            while (e.hasMoreElements()) {
                Message m = (Message) e.nextElement();
                long position = ((ActiveMQMessage) m).getCoreMessage().getMessageID();
                if (from.isEmpty() || (oldestFirst ? position > from.get() : position < from.get())) {
                    listed.put(position, describe(m));
                    if (listed.size() > limit + 1) {
                        listed.pollLastEntry(); // only the first limit + 1 in order: the page, and whether there is more
                    }
                }
            }
            boolean more = listed.size() > limit;
            List<Map.Entry<Long, MailboxMessage>> first = listed.entrySet().stream().limit(limit).toList();
            return new Page(first.stream().map(Map.Entry::getValue).toList(),
                    more ? Optional.of(cursorAt(first.get(first.size() - 1).getKey())) : Optional.empty());
        } catch (JMSException e) {
            throw new MailboxException("cannot list the mailbox", e);
        }
    }

    /** A page of a mailbox listing, and the cursor of the next one; empty on the last page. */
    public record Page(List<MailboxMessage> messages, Optional<String> next) {
    }

    private static final String CURSOR_VERSION = "m1:";

    /** Opaque to callers: they pass it back, never build it. */
    private static String cursorAt(long position) {
        return java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString((CURSOR_VERSION + position).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private static long positionOf(String cursor) {
        try {
            String text = new String(java.util.Base64.getUrlDecoder().decode(cursor),
                    java.nio.charset.StandardCharsets.US_ASCII);
            if (!text.startsWith(CURSOR_VERSION)) {
                throw new IllegalArgumentException("not a mailbox cursor");
            }
            return Long.parseLong(text.substring(CURSOR_VERSION.length()));
        } catch (IllegalArgumentException e) { // NumberFormatException included
            throw new IllegalArgumentException("not a cursor this mailbox issued", e);
        }
    }

    /** A message and its payload, without removing it. */
    public Optional<FetchedMessage> fetch(String organisationId, String messageId) {
        requireSafeId(messageId);
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             QueueBrowser browser = session.createBrowser(mailbox(session, organisationId),
                     MESSAGE_ID + " = '" + messageId + "'")) {
            Enumeration<?> e = browser.getEnumeration();
            if (!e.hasMoreElements()) {
                return Optional.empty();
            }
            BytesMessage m = (BytesMessage) e.nextElement();
            byte[] payload = new byte[(int) m.getBodyLength()];
            m.readBytes(payload);
            return Optional.of(new FetchedMessage(describe(m), payload));
        } catch (JMSException e) {
            throw new MailboxException("cannot fetch from the mailbox", e);
        }
    }

    /**
     * Removes an acknowledged message; returns what was removed, or empty when there was no such message.
     * {@code beforeCommit} (the audit entry) runs before the removal is committed: if it fails, the message stays.
     */
    public Optional<MailboxMessage> acknowledge(String organisationId, String messageId,
                                                java.util.function.Consumer<MailboxMessage> beforeCommit) {
        requireSafeId(messageId);
        try (Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
             MessageConsumer consumer = session.createConsumer(mailbox(session, organisationId),
                     MESSAGE_ID + " = '" + messageId + "'")) {
            Message m = consumer.receive(ACKNOWLEDGE_WAIT_MILLIS);
            if (m == null) {
                session.rollback();
                return Optional.empty();
            }
            MailboxMessage described = describe(m);
            try {
                beforeCommit.accept(described);
            } catch (RuntimeException e) {
                session.rollback();
                throw e;
            }
            session.commit();
            return Optional.of(described);
        } catch (JMSException e) {
            throw new MailboxException("cannot acknowledge the message", e);
        }
    }

    /** How many messages wait in an organisation's mailbox. */
    public int count(String organisationId) {
        return list(organisationId, Integer.MAX_VALUE).size();
    }

    private static MailboxMessage describe(Message m) throws JMSException {
        return new MailboxMessage(m.getStringProperty(MESSAGE_ID), m.getStringProperty(EXCHANGE_ID),
                m.getStringProperty(EXCHANGE_TYPE), m.getStringProperty(SENDER), m.getStringProperty(FORMAT),
                m.getStringProperty(MEDIA_TYPE), m.getStringProperty(ENQUEUED_AT), m.getStringProperty(IDEMPOTENCY_KEY));
    }

    /** Message ids go into a selector: only the UUID shape the gateway issues is accepted. */
    private static void requireSafeId(String messageId) {
        if (!isMessageId(messageId)) {
            throw new IllegalArgumentException("message id must be a UUID");
        }
    }

    private Queue mailbox(Session session, String organisationId) throws JMSException {
        Queue known = queues.get(organisationId);
        if (known == null) {
            known = session.createQueue(queueName(organisationId));
            queues.putIfAbsent(organisationId, known);
        }
        return known;
    }

    private Sender takeSender() {
        try {
            return senders.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailboxException("interrupted while waiting to put messages", e);
        }
    }

    private static void rollbackQuietly(Session session) {
        try {
            session.rollback();
        } catch (JMSException ignored) {
            // the transaction is lost with the session either way
        }
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }

    /** A message with its payload. */
    public record FetchedMessage(MailboxMessage message, byte[] payload) {
    }
}
