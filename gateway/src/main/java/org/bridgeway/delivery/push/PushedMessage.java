package org.bridgeway.delivery.push;

import jakarta.jms.JMSException;
import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsMessage;
import org.bridgeway.delivery.Mailboxes;

/**
 * A message taken from a force's push queue: the mailbox message's properties, its payload (the rendered notice,
 * as the force's agreement permits it) and which attempt at pushing it this is. Fields the pipeline always sets may
 * still be missing on a message put there by hand; the SOAP request refuses such a message, nothing else does.
 *
 * @param attempt 1 for the first delivery from the queue, counted by the broker across rollbacks
 */
public record PushedMessage(String force, String messageId, String exchangeId, String exchangeType, String sender,
                            String mediaType, String enqueuedAt, String idempotencyKey, byte[] payload, int attempt) {

    static PushedMessage from(Exchange exchange, String force) {
        org.apache.camel.Message m = exchange.getMessage();
        byte[] payload = m.getBody(byte[].class);
        return new PushedMessage(force, m.getHeader(Mailboxes.MESSAGE_ID, String.class),
                m.getHeader(Mailboxes.EXCHANGE_ID, String.class), m.getHeader(Mailboxes.EXCHANGE_TYPE, String.class),
                m.getHeader(Mailboxes.SENDER, String.class), m.getHeader(Mailboxes.MEDIA_TYPE, String.class),
                m.getHeader(Mailboxes.ENQUEUED_AT, String.class), m.getHeader(Mailboxes.IDEMPOTENCY_KEY, String.class),
                payload == null ? new byte[0] : payload, deliveryCount(exchange));
    }

    /** The broker's delivery count (JMSXDeliveryCount): how many times this message has been handed out. */
    private static int deliveryCount(Exchange exchange) {
        if (exchange.getIn() instanceof JmsMessage jms && jms.getJmsMessage() != null) {
            try {
                int count = jms.getJmsMessage().getIntProperty("JMSXDeliveryCount");
                return Math.max(1, count);
            } catch (JMSException | NumberFormatException e) {
                return 1;
            }
        }
        return 1;
    }
}
