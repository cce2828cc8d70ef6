package org.bridgeway.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bridgeway.delivery.BrokerQueues;
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
    private final BrokerQueues broker;
    private final Clock clock;
    private final MultiGauge depth;
    private final MultiGauge oldestAge;
    /** The dead-letter queues' depths as the last refresh read them. */
    private final Map<String, Long> deadLetterDepths = new ConcurrentHashMap<>();

    public MailboxGauges(MailboxBroker broker, MeterRegistry registry, Clock clock) {
        this(broker.queues(), registry, clock);
    }

    /** The gauges of the queues {@code broker} reads: an embedded broker's, or a pair's. */
    public MailboxGauges(BrokerQueues broker, MeterRegistry registry, Clock clock) {
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
        Gauge.builder("bridgeway.dead.letters", deadLetterDepths, depths -> depths.getOrDefault(queueName, 0L))
                .description("Messages in a dead-letter queue: undeliverable after every retry, waiting for an "
                        + "operator")
                .tag("queue", kind).register(registry);
    }

    /** Reads every queue now: one row per recipient's mailbox, mailboxes gone since the last refresh dropped. */
    public void refresh() {
        Optional<List<BrokerQueues.Reading>> readings = broker.read(clock.instant());
        if (readings.isEmpty()) {
            return; // the last values stand; the broker's readiness check says why
        }
        List<MultiGauge.Row<?>> depths = new ArrayList<>();
        List<MultiGauge.Row<?>> ages = new ArrayList<>();
        for (BrokerQueues.Reading queue : readings.get()) {
            if (queue.queue().equals(MailboxBroker.DEAD_LETTERS) || queue.queue().equals(PushQueues.DEAD_LETTERS)) {
                deadLetterDepths.put(queue.queue(), queue.depth());
            }
            Mailboxes.organisationOf(queue.queue()).ifPresent(organisation -> {
                Tags recipient = Tags.of("recipient", organisation);
                depths.add(MultiGauge.Row.of(recipient, queue.depth()));
                ages.add(MultiGauge.Row.of(recipient, queue.oldestAge().toMillis() / 1000.0));
            });
        }
        depth.register(depths, true);
        oldestAge.register(ages, true);
    }
}
