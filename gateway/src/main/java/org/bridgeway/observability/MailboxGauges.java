package org.bridgeway.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.postoffice.impl.LocalQueueBinding;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.MessageReference;
import org.apache.activemq.artemis.core.server.Queue;
import org.bridgeway.delivery.MailboxBroker;
import org.bridgeway.delivery.Mailboxes;
import org.bridgeway.delivery.push.PushQueues;

/**
 * Mailbox depths and the age of each mailbox's oldest message, per recipient ({@code recipient}: an organisation id,
 * never a person), and the dead-letter queues' depths, read from the broker's own queues through its management API.
 * Mailboxes come and go with recipients, so their gauges are re-read before each scrape ({@link #refresh}) rather
 * than registered one by one.
 */
public final class MailboxGauges {
    private final Supplier<ActiveMQServer> broker;
    private final Clock clock;
    private final MultiGauge depth;
    private final MultiGauge oldestAge;

    public MailboxGauges(MailboxBroker broker, MeterRegistry registry, Clock clock) {
        this(broker::server, registry, clock);
    }

    /** The gauges of the broker {@code broker} supplies (null while there is none): an embedded one, or a pair's. */
    public MailboxGauges(Supplier<ActiveMQServer> broker, MeterRegistry registry, Clock clock) {
        this.broker = broker;
        this.clock = clock;
        depth = MultiGauge.builder("bridgeway.mailbox.depth")
                .description("Messages waiting in a recipient's mailbox, not yet acknowledged").register(registry);
        oldestAge = MultiGauge.builder("bridgeway.mailbox.oldest.age").baseUnit("seconds")
                .description("Age of the oldest message waiting in a recipient's mailbox (0 when empty)")
                .register(registry);
        deadLetters(registry, "mailbox", MailboxBroker.DEAD_LETTERS);
        deadLetters(registry, "push", PushQueues.DEAD_LETTERS);
    }

    private void deadLetters(MeterRegistry registry, String kind, String queueName) {
        Gauge.builder("bridgeway.dead.letters", this, gauges -> gauges.depthOf(queueName))
                .description("Messages in a dead-letter queue: undeliverable after every retry, waiting for an "
                        + "operator")
                .tag("queue", kind).register(registry);
    }

    private double depthOf(String queueName) {
        ActiveMQServer server = broker.get();
        Queue queue = server == null ? null : server.locateQueue(queueName);
        return queue == null ? 0 : queue.getMessageCount();
    }

    /** Reads every mailbox queue now: one row per recipient, mailboxes gone since the last refresh dropped. */
    public void refresh() {
        ActiveMQServer server = broker.get();
        if (server == null || !server.isActive()) {
            return; // the last values stand; the broker's readiness check says why
        }
        Instant now = clock.instant();
        List<MultiGauge.Row<?>> depths = new ArrayList<>();
        List<MultiGauge.Row<?>> ages = new ArrayList<>();
        server.getPostOffice().getAllBindings()
                .filter(LocalQueueBinding.class::isInstance)
                .map(binding -> ((LocalQueueBinding) binding).getQueue())
                .forEach(queue -> Mailboxes.organisationOf(queue.getName().toString()).ifPresent(organisation -> {
                    Tags recipient = Tags.of("recipient", organisation);
                    depths.add(MultiGauge.Row.of(recipient, queue.getMessageCount()));
                    ages.add(MultiGauge.Row.of(recipient, oldestAgeSeconds(queue, now)));
                }));
        depth.register(depths, true);
        oldestAge.register(ages, true);
    }

    private static double oldestAgeSeconds(Queue queue, Instant now) {
        MessageReference first = queue.peekFirstMessage();
        if (first == null) {
            return 0;
        }
        Instant enqueued = enqueuedAt(first.getMessage());
        return Math.max(0, Duration.between(enqueued, now).toMillis() / 1000.0);
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
