package org.bridgeway.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import org.apache.activemq.artemis.api.config.ActiveMQDefaultConfiguration;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.apache.activemq.artemis.core.postoffice.impl.LocalQueueBinding;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.MessageReference;
import org.apache.activemq.artemis.core.server.Queue;

/**
 * The broker's queues as the mailbox gauges and the operator's desk read them: each queue's depth and the age of its
 * oldest message. Read from the broker object when it runs in this process ({@link #of(Supplier)}), or through the
 * broker's management address when it is an external pair ({@link #managed}), which holds the same figures.
 */
@FunctionalInterface
public interface BrokerQueues {

    /** One queue: its name, the messages waiting in it, and how long the oldest has waited. */
    record Reading(String queue, long depth, Duration oldestAge) {
    }

    /** Every queue now; empty while the broker cannot be read (stopped, failing over). */
    Optional<List<Reading>> read(Instant now);

    /** The queues of a broker in this process; {@code server} supplies null while there is none. */
    static BrokerQueues of(Supplier<ActiveMQServer> server) {
        return now -> {
            ActiveMQServer broker = server.get();
            if (broker == null || !broker.isActive()) {
                return Optional.empty();
            }
            List<Reading> readings = new ArrayList<>();
            broker.getPostOffice().getAllBindings()
                    .filter(LocalQueueBinding.class::isInstance)
                    .map(binding -> ((LocalQueueBinding) binding).getQueue())
                    .forEach(queue -> readings.add(new Reading(queue.getName().toString(), queue.getMessageCount(),
                            oldestAge(queue, now))));
            return Optional.of(readings);
        };
    }

    /**
     * The queues of an external broker, asked through its management address (the pair's user has the manage
     * permission): one request for the queue names, then two for each queue.
     */
    static BrokerQueues managed(ConnectionFactory factory) {
        return now -> {
            try (Connection connection = factory.createConnection();
                 Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
                connection.start();
                Management management = new Management(session);
                List<Reading> readings = new ArrayList<>();
                for (Object name : (Object[]) management.attribute(ResourceNames.BROKER, "queueNames")) {
                    String queue = name.toString();
                    long depth = ((Number) management.attribute(ResourceNames.QUEUE + queue, "messageCount"))
                            .longValue();
                    Object age = depth == 0 ? null
                            : management.operation(ResourceNames.QUEUE + queue, "getFirstMessageAge");
                    readings.add(new Reading(queue, depth, age instanceof Number n ? Duration.ofMillis(n.longValue())
                            : Duration.ZERO));
                }
                return Optional.of(readings);
            } catch (JMSException | RuntimeException e) {
                return Optional.empty(); // the gauges keep their last values; the readiness check says why
            }
        };
    }

    /** Requests to the broker's management address, each answered on a temporary queue of the session's own. */
    final class Management {
        private static final long ANSWER_MILLIS = 5_000;
        private final Session session;
        private final MessageProducer requests;
        private final TemporaryQueue answers;
        private final MessageConsumer answered;

        Management(Session session) throws JMSException {
            this.session = session;
            requests = session.createProducer(session.createQueue(
                    ActiveMQDefaultConfiguration.getDefaultManagementAddress().toString()));
            answers = session.createTemporaryQueue();
            answered = session.createConsumer(answers);
        }

        Object attribute(String resource, String name) throws JMSException {
            jakarta.jms.Message request = session.createMessage();
            JMSManagementHelper.putAttribute(request, resource, name);
            return ask(request, resource + " " + name);
        }

        Object operation(String resource, String name) throws JMSException {
            jakarta.jms.Message request = session.createMessage();
            JMSManagementHelper.putOperationInvocation(request, resource, name);
            return ask(request, resource + " " + name);
        }

        private Object ask(jakarta.jms.Message request, String asked) throws JMSException {
            request.setJMSReplyTo(answers);
            requests.send(request);
            jakarta.jms.Message reply = answered.receive(ANSWER_MILLIS);
            if (reply == null || !JMSManagementHelper.hasOperationSucceeded(reply)) {
                throw new JMSException("the broker did not answer " + asked);
            }
            try {
                return JMSManagementHelper.getResult(reply);
            } catch (Exception e) {
                throw new JMSException("cannot read the broker's answer to " + asked + ": " + e.getMessage());
            }
        }
    }

    private static Duration oldestAge(Queue queue, Instant now) {
        MessageReference first = queue.peekFirstMessage();
        if (first == null) {
            return Duration.ZERO;
        }
        Duration age = Duration.between(enqueuedAt(first.getMessage()), now);
        return age.isNegative() ? Duration.ZERO : age;
    }

    /** When the gateway accepted the message (what recipients see), else when the broker took it. */
    private static Instant enqueuedAt(Message message) {
        Object accepted = message.getObjectProperty(Mailboxes.ENQUEUED_AT);
        if (accepted != null) {
            try {
                return Instant.parse(accepted.toString());
            } catch (DateTimeParseException e) {
                // not ours: fall back to the broker's time
            }
        }
        return Instant.ofEpochMilli(message.getTimestamp());
    }
}
