package org.bridgeway.delivery.push;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.DivertConfiguration;
import org.apache.activemq.artemis.core.server.ComponentConfigurationRoutingType;
import org.bridgeway.delivery.MailboxBroker;
import org.bridgeway.delivery.MailboxExpiry;
import org.bridgeway.delivery.Mailboxes;

/**
 * The broker's side of push delivery, set up when the broker starts:
 * <ul>
 *   <li>an exclusive divert from each push force's mailbox address ({@code mailbox.police.kent}) to its push queue
 *       ({@code push.police.kent}). The pipeline keeps putting every notice in the recipient's mailbox, and the
 *       broker routes a push force's copy to the push queue within the same transaction: no notice is in one and
 *       not the other, and the pipeline needs no change to know who pushes;</li>
 *   <li>redelivery with exponential back-off on push queues, from the {@link RetryPolicy}: a failed attempt rolls
 *       back, and the broker offers the message again after the delay; it stays in the journal meanwhile;</li>
 *   <li>the push dead-letter queue, where the push route moves what it gives up on, with the reason.</li>
 * </ul>
 */
public final class PushQueues {
    /** Notices the push route gave up on, each with its reason; the command line lists and replays them. */
    public static final String DEAD_LETTERS = "bridgeway.push-dead-letter";

    private PushQueues() {
    }

    public static void configure(Configuration config, PushEndpoints endpoints) {
        RetryPolicy retry = endpoints.retry();
        config.addAddressSetting(PushEndpoints.QUEUE_PREFIX + "#", MailboxBroker.durableQueues()
                .setRedeliveryDelay(retry.firstDelay().toMillis())
                .setRedeliveryMultiplier(retry.multiplier())
                .setMaxRedeliveryDelay(retry.maxDelay().toMillis())
                .setMaxDeliveryAttempts(retry.brokerBackstopAttempts())
                .setDeadLetterAddress(SimpleString.of(DEAD_LETTERS))
                .setExpiryAddress(SimpleString.of(MailboxBroker.EXPIRED))
                // the mailbox's delivery window is for pulling recipients: push has its retries and dead letters
                .setNoExpiry(true)
                // a notice diverted to a push address must never be dropped for want of a queue
                .setSendToDLAOnNoRoute(true));
        // the dead-letter queue keeps what it holds until an operator replays it (it keeps a mailbox message's time
        // to live, and waits however old it is)
        MailboxBroker.holdingQueue(config, DEAD_LETTERS);
        for (ForceEndpoint force : endpoints.forces()) {
            String mailbox = Mailboxes.queueName(force.force());
            config.addAddressConfiguration(MailboxBroker.anycastQueue(force.queue()));
            config.addDivertConfiguration(new DivertConfiguration()
                    .setName("push-" + force.force().replace(':', '-'))
                    .setAddress(mailbox)
                    .setForwardingAddress(force.queue())
                    .setExclusive(true)
                    // a non-delivery report is the gateway's, in no force's SOAP contract: it stays in the force's
                    // pull mailbox (docs/mailboxes.md) rather than being dead-lettered as not in contract
                    .setFilterString(NOT_A_NON_DELIVERY_REPORT)
                    .setRoutingType(ComponentConfigurationRoutingType.ANYCAST));
        }
    }

    /** Diverts every message to the push queue but the gateway's own non-delivery reports. */
    static final String NOT_A_NON_DELIVERY_REPORT = Mailboxes.EXCHANGE_TYPE + " IS NULL OR " + Mailboxes.EXCHANGE_TYPE
            + " <> '" + MailboxExpiry.NON_DELIVERY_REPORT + "'";
}
