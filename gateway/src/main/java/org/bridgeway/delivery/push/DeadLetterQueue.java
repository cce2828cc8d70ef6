package org.bridgeway.delivery.push;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.bridgeway.audit.AuditEvent;
import org.bridgeway.audit.AuditEventType;
import org.bridgeway.delivery.DeliveryStates;
import org.bridgeway.delivery.MailboxBroker;
import org.bridgeway.delivery.MailboxException;
import org.bridgeway.delivery.Mailboxes;
import org.bridgeway.policy.DeliveryWindows;

/**
 * The dead-letter queues as an operator sees them: what is there and why, and putting messages back on their way. Two
 * queues, one concept: the push route's ({@link PushQueues#DEAD_LETTERS}) and the mailboxes' ({@link
 * MailboxBroker#DEAD_LETTERS}, where the broker moves a mailbox message whose acknowledgement failed its
 * max-delivery-attempts times). A replayed message is a new message on the force's push queue (so its attempts count
 * from 1 again) with the same message id, exchange id, idempotency key and payload: a force that did apply it answers
 * DUPLICATE. A message for a recipient that does not take push delivery goes back to its pull mailbox, as every
 * mailbox message is put ({@link Mailboxes#sendWithin}): with the delivery window it was accepted with, which runs
 * again from the replay, and the delivery state records the replay as its new delivery time.
 */
public final class DeadLetterQueue {
    /** Who the dead-lettered message was for, e.g. police:kent. */
    public static final String RECIPIENT = "bwRecipient";
    /** The push queue it came from. */
    public static final String PUSH_QUEUE = "bwPushQueue";
    /** {@link PushOutcome.DeadLettered#REJECTED}, {@code RETRIES_EXHAUSTED} or {@code UNDELIVERABLE}. */
    public static final String CAUSE = "bwDeadLetterCause";
    public static final String REASON_CODE = "bwDeadLetterReasonCode";
    public static final String REASON = "bwDeadLetterReason";
    public static final String ATTEMPTS = "bwDeliveryAttempts";
    public static final String DEAD_LETTERED_AT = "bwDeadLetteredAt";
    /** How many times the message has been replayed from the dead-letter queue. */
    public static final String REPLAYS = "bwReplays";

    /** What the broker sets when it moves a message itself (the route could not decide; see RetryPolicy). */
    private static final String BROKER_ORIGINAL_ADDRESS = "_AMQ_ORIG_ADDRESS";
    private static final Set<String> DEAD_LETTER_PROPERTIES = Set.of(RECIPIENT, PUSH_QUEUE, CAUSE, REASON_CODE, REASON,
            ATTEMPTS, DEAD_LETTERED_AT);

    /** Both dead-letter queues, the push route's first. */
    private static final List<String> QUEUES = List.of(PushQueues.DEAD_LETTERS, MailboxBroker.DEAD_LETTERS);

    private final ConnectionFactory connectionFactory;
    /** The delivery windows and states of mailbox messages; empty where there is no database (the command line). */
    private final Optional<DeliveryStates> states;

    public DeadLetterQueue(ConnectionFactory connectionFactory) {
        this(connectionFactory, Optional.empty());
    }

    public DeadLetterQueue(ConnectionFactory connectionFactory, Optional<DeliveryStates> states) {
        this.connectionFactory = connectionFactory;
        this.states = states;
    }

    /**
     * A dead-lettered message: identifiers and the reason, no payload.
     *
     * @param queue the dead-letter queue holding it
     */
    public record DeadLetter(String messageId, String exchangeId, String exchangeType, String recipient, String cause,
                             String reasonCode, String reason, int attempts, String deadLetteredAt,
                             String idempotencyKey, int replays, String brokerMessageId, String queue) {
    }

    /** A message put back, and the queue it went to. */
    public record Replayed(DeadLetter letter, String queue) {
    }

    /**
     * Everything waiting in the dead-letter queues, each queue's oldest first (the push route's, then the
     * mailboxes'); only one recipient's when {@code force} is given.
     */
    public List<DeadLetter> list(Optional<String> force) {
        try (Connection connection = connectionFactory.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            connection.start();
            List<DeadLetter> out = new ArrayList<>();
            for (String queue : QUEUES) {
                try (QueueBrowser browser = session.createBrowser(session.createQueue(queue))) {
                    for (Enumeration<?> e = browser.getEnumeration(); e.hasMoreElements(); ) {
                        DeadLetter letter = describe((Message) e.nextElement(), queue);
                        if (force.isEmpty() || force.get().equals(letter.recipient())) {
                            out.add(letter);
                        }
                    }
                }
            }
            return out;
        } catch (JMSException e) {
            throw new MailboxException("cannot list the dead-letter queues", e);
        }
    }

    /**
     * Moves the matching messages back, in one broker transaction: to the force's push queue, or to its mailbox when
     * it no longer takes push delivery. {@code beforeCommit} (the audit entries) runs before the move is committed;
     * if it fails, nothing moves.
     *
     * @param messageId only this message (a message id as the gateway issues them); empty for every match
     */
    public List<Replayed> replay(Optional<String> force, Optional<String> messageId, PushEndpoints endpoints,
                                 Consumer<List<Replayed>> beforeCommit) {
        messageId.ifPresent(id -> {
            if (!Mailboxes.isMessageId(id)) {
                throw new IllegalArgumentException("a message id is a UUID");
            }
        });
        List<DeadLetter> matching = list(force).stream()
                .filter(l -> l.recipient() != null) // nowhere to send it: it stays, and the list shows it
                .filter(l -> messageId.isEmpty() || messageId.get().equals(l.messageId()))
                .toList();
        if (matching.isEmpty()) {
            return List.of();
        }
        try (Connection connection = connectionFactory.createConnection();
             Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
             MessageProducer producer = session.createProducer(null)) {
            connection.start();
            List<Replayed> replayed = new ArrayList<>();
            for (DeadLetter letter : matching) {
                // the broker's own id is safe in a selector: it is the broker's, not the message's sender's
                try (MessageConsumer consumer = session.createConsumer(session.createQueue(letter.queue()),
                        "JMSMessageID = '" + letter.brokerMessageId().replace("'", "''") + "'")) {
                    Message dead = consumer.receive(2000);
                    if (dead == null) {
                        continue; // taken by someone else meanwhile
                    }
                    Message copy = copyForReplay(session, dead, letter);
                    String queue;
                    if (endpoints.endpoint(letter.recipient()).isPresent()) {
                        queue = PushEndpoints.queueName(letter.recipient());
                        producer.send(session.createQueue(queue), copy);
                    } else {
                        queue = Mailboxes.queueName(letter.recipient());
                        Mailboxes.sendWithin(producer, session.createQueue(queue), copy, windowOf(letter));
                    }
                    replayed.add(new Replayed(letter, queue));
                }
            }
            try {
                beforeCommit.accept(Collections.unmodifiableList(replayed));
            } catch (RuntimeException e) {
                session.rollback();
                throw e;
            }
            session.commit();
            states.ifPresent(s -> replayed.stream()
                    .filter(r -> r.queue().startsWith(MailboxBroker.MAILBOX_PREFIX) && r.letter().messageId() != null)
                    .forEach(r -> s.redelivered(r.letter().messageId())));
            return replayed;
        } catch (JMSException e) {
            throw new MailboxException("cannot replay from the dead-letter queue", e);
        }
    }

    /** The window the message was accepted with; the default for one the gateway has no delivery state of. */
    private Duration windowOf(DeadLetter letter) {
        return states.flatMap(s -> letter.messageId() == null ? Optional.empty() : s.windowOf(letter.messageId()))
                .orElse(DeliveryWindows.DEFAULT);
    }

    /**
     * The audit entries of a replay, one per message moved (identifiers and codes, never the force's free-text
     * reason, which could quote the notice): the command line's and the API's alike.
     *
     * @param actor who replayed: "gateway" from the command line, the operator's organisation through the API
     * @param by    how, and through which system: "command line", or "api" and the caller's system
     */
    public static List<AuditEvent> replayEvents(List<Replayed> replayed, String actor, Map<String, String> by) {
        return replayed.stream().map(r -> {
            Map<String, Object> details = new LinkedHashMap<>();
            if (r.letter().messageId() != null) {
                details.put("messageId", r.letter().messageId());
            }
            if (r.letter().idempotencyKey() != null) {
                details.put("idempotencyKey", r.letter().idempotencyKey());
            }
            details.put("cause", r.letter().cause());
            details.put("reasonCode", r.letter().reasonCode());
            details.put("to", r.queue());
            details.putAll(by);
            return new AuditEvent(AuditEventType.DEAD_LETTER_REPLAYED, r.letter().exchangeId(), actor,
                    r.letter().recipient(), details);
        }).toList();
    }

    /** A fresh message with the payload and the mailbox properties, without the dead-letter ones. */
    private static Message copyForReplay(Session session, Message dead, DeadLetter letter) throws JMSException {
        BytesMessage copy = session.createBytesMessage();
        if (dead instanceof BytesMessage bytes) {
            byte[] payload = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(payload);
            copy.writeBytes(payload);
        }
        for (Enumeration<?> names = dead.getPropertyNames(); names.hasMoreElements(); ) {
            String name = (String) names.nextElement();
            if (name.startsWith("bw") && !DEAD_LETTER_PROPERTIES.contains(name) && !name.equals(REPLAYS)) {
                copy.setObjectProperty(name, dead.getObjectProperty(name));
            }
        }
        copy.setIntProperty(REPLAYS, letter.replays() + 1);
        return copy;
    }

    private static DeadLetter describe(Message m, String queue) throws JMSException {
        String recipient = m.getStringProperty(RECIPIENT);
        String cause = m.getStringProperty(CAUSE);
        String reasonCode = m.getStringProperty(REASON_CODE);
        String reason = m.getStringProperty(REASON);
        if (recipient == null) {
            // moved by the broker's backstop, not by the push route: the address it came from names the force
            String from = m.getStringProperty(BROKER_ORIGINAL_ADDRESS);
            boolean mailbox = from != null && from.startsWith(MailboxBroker.MAILBOX_PREFIX);
            recipient = Mailboxes.organisationOf(from, PushEndpoints.QUEUE_PREFIX)
                    .or(() -> Mailboxes.organisationOf(from)).orElse(null);
            cause = cause == null ? "BROKER_GAVE_UP" : cause;
            reasonCode = reasonCode == null ? "MAX_DELIVERY_ATTEMPTS" : reasonCode;
            reason = reason != null ? reason : mailbox
                    ? "the broker moved it after its recipient's acknowledgements that could not complete"
                    : "the broker moved it after deliveries the push route could not complete";
        }
        return new DeadLetter(m.getStringProperty(Mailboxes.MESSAGE_ID), m.getStringProperty(Mailboxes.EXCHANGE_ID),
                m.getStringProperty(Mailboxes.EXCHANGE_TYPE), recipient, cause, reasonCode, reason,
                m.propertyExists(ATTEMPTS) ? m.getIntProperty(ATTEMPTS) : m.getIntProperty("JMSXDeliveryCount"),
                m.getStringProperty(DEAD_LETTERED_AT), m.getStringProperty(Mailboxes.IDEMPOTENCY_KEY),
                m.propertyExists(REPLAYS) ? m.getIntProperty(REPLAYS) : 0, m.getJMSMessageID(), queue);
    }
}
