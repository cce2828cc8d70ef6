package org.bridgeway.pipeline;

import java.time.Clock;
import org.bridgeway.delivery.Mailboxes;

/**
 * Puts a dispatch's deliveries in the recipients' durable mailboxes, all in one broker transaction, then tells
 * listeners what was delivered and what was denied.
 */
public final class MailboxDelivery {
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
