package org.bridgeway.pipeline;

import java.time.Clock;
import org.bridgeway.delivery.Mailboxes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a dispatch's deliveries in the recipients' durable mailboxes, all in one broker transaction, then tells
 * listeners what was delivered and what was denied.
 */
public final class MailboxDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(MailboxDelivery.class);
    private final Mailboxes mailboxes;
    private final OutcomeListeners outcomes;
    private final Clock clock;

    public MailboxDelivery(Mailboxes mailboxes, OutcomeListeners outcomes, Clock clock) {
        this.mailboxes = mailboxes;
        this.outcomes = outcomes;
        this.clock = clock;
    }

    public Dispatch deliver(Dispatch dispatch) {
        mailboxes.put(dispatch.deliveries(), clock.instant());
        LOG.info("exchange {} ({}): delivered to {}, denied to {}", dispatch.exchangeId(),
                dispatch.notice().exchangeType().slug(),
                dispatch.disclosures().stream().filter(Disclosure::allowed).map(d -> d.recipient().id()).toList(),
                dispatch.disclosures().stream().filter(d -> !d.allowed()).map(d -> d.recipient().id()).toList());
        for (Disclosure d : dispatch.disclosures()) {
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
        outcomes.publish(new Outcome.Duplicate(dispatch.exchangeId(), dispatch.notice().exchangeType().slug()));
    }
}
