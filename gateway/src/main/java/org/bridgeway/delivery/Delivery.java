package org.bridgeway.delivery;

import java.time.Duration;
import java.util.Objects;
import org.bridgeway.policy.DeliveryWindows;

/**
 * One rendered, minimised notice ready to be put in one recipient's mailbox.
 *
 * @param deliveryWindow how long the recipient has, from acceptance, to acknowledge it before it expires into a
 *                       non-delivery report to the sender (the agreement's)
 * @param correlationId  the correlation id of the exchange that disclosed it, carried to the mailbox message whoever
 *                       relays it (docs/logging.md); null when no exchange's id is known
 */
public record Delivery(String messageId, String exchangeId, String idempotencyKey, String exchangeType,
                       String sender, String recipient, String format, String mediaType, byte[] payload,
                       Duration deliveryWindow, String correlationId) {
    public Delivery {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(deliveryWindow, "deliveryWindow");
    }

    /** A delivery of no known exchange's correlation. */
    public Delivery(String messageId, String exchangeId, String idempotencyKey, String exchangeType, String sender,
                    String recipient, String format, String mediaType, byte[] payload, Duration deliveryWindow) {
        this(messageId, exchangeId, idempotencyKey, exchangeType, sender, recipient, format, mediaType, payload,
                deliveryWindow, null);
    }

    /** A delivery with the default window. */
    public Delivery(String messageId, String exchangeId, String idempotencyKey, String exchangeType, String sender,
                    String recipient, String format, String mediaType, byte[] payload) {
        this(messageId, exchangeId, idempotencyKey, exchangeType, sender, recipient, format, mediaType, payload,
                DeliveryWindows.DEFAULT);
    }
}
