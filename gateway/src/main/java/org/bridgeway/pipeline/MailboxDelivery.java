package org.bridgeway.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.bridgeway.delivery.MailboxRelay;
import org.bridgeway.model.ExchangeType;
import org.bridgeway.observability.Meters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts an accepted dispatch's messages, already in the outbox, in the recipients' durable mailboxes (one broker
 * transaction), then tells listeners what was delivered and what was denied. A duplicate goes no further.
 */
public final class MailboxDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(MailboxDelivery.class);
    private final MailboxRelay relay;
    private final OutcomeListeners outcomes;
    private final Clock clock;
    private final Map<ExchangeType, Counter> delivered;
    private final Map<ExchangeType, Counter> denied;
    private final Map<ExchangeType, Counter> duplicates;
    private final Map<ExchangeType, Timer> latency;

    public MailboxDelivery(MailboxRelay relay, OutcomeListeners outcomes) {
        this(relay, outcomes, Clock.systemUTC(), Meters.none());
    }

    /**
     * Counts what each recipient got ({@code bridgeway.notices.delivered}, {@code .denied}), duplicates, and times
     * each notice from its receipt to its messages in the mailboxes ({@code bridgeway.notice.latency}): the moment
     * the API answers 202.
     */
    public MailboxDelivery(MailboxRelay relay, OutcomeListeners outcomes, Clock clock, MeterRegistry meters) {
        this.relay = relay;
        this.outcomes = outcomes;
        this.clock = clock;
        delivered = Meters.counters(meters, "bridgeway.notices.delivered",
                "Minimised notices accepted for a recipient's mailbox (one per recipient)", Tags.empty());
        denied = Meters.counters(meters, "bridgeway.notices.denied",
                "Recipients the policy denied a notice to (one per recipient)", Tags.empty());
        duplicates = Meters.counters(meters, "bridgeway.notices.duplicates",
                "Notices recognised as already accepted (same idempotency key), not delivered again", Tags.empty());
        latency = Meters.latencies(meters, "bridgeway.notice.latency",
                "From a notice's receipt to its messages in the recipients' mailboxes (or the outbox)");
    }

    public Dispatch deliver(Dispatch dispatch) {
        if (dispatch.duplicate()) {
            duplicate(dispatch);
            return dispatch;
        }
        if (!relay.relay(dispatch.deliveries())) {
            LOG.warn("exchange {}: accepted; its messages wait in the outbox until the mailbox broker takes them",
                    dispatch.exchangeId());
        }
        LOG.info("exchange {} ({}): delivered to {}, denied to {}", dispatch.exchangeId(),
                dispatch.notice().exchangeType().slug(),
                dispatch.disclosures().stream().filter(Disclosure::allowed).map(d -> d.recipient().id()).toList(),
                dispatch.disclosures().stream().filter(d -> !d.allowed()).map(d -> d.recipient().id()).toList());
        ExchangeType type = dispatch.notice().exchangeType();
        Duration taken = Duration.between(dispatch.receivedAt(), clock.instant());
        if (!taken.isNegative()) { // a clock set back (tests move theirs) would say nothing true
            latency.get(type).record(taken);
        }
        for (Disclosure d : dispatch.disclosures()) {
            (d.allowed() ? delivered : denied).get(type).increment();
            outcomes.publish(d.allowed()
                    ? new Outcome.Delivered(dispatch.notice().exchangeId(), dispatch.notice().exchangeType().slug(),
                            d.recipient().id(), d.delivery().format(), d.decision().permittedFields(),
                            d.decision().withheldFields(), d.decision().agreementId() + "@"
                            + d.decision().agreementVersion(), LawfulBasisView.of(d.decision()))
                    : new Outcome.Denied(dispatch.notice().exchangeId(), d.recipient().id(), d.decision().reasons()));
        }
        return dispatch;
    }

    /** A duplicate goes no further; listeners hear of it once. */
    public void duplicate(Dispatch dispatch) {
        duplicates.get(dispatch.notice().exchangeType()).increment();
        outcomes.publish(new Outcome.Duplicate(dispatch.exchangeId(), dispatch.notice().exchangeType().slug()));
    }
}
