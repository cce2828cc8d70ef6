package org.bridgeway.pipeline;

import org.bridgeway.delivery.MailboxRelay;
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

    public MailboxDelivery(MailboxRelay relay, OutcomeListeners outcomes) {
        this.relay = relay;
        this.outcomes = outcomes;
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
