package org.bridgeway.delivery;

import java.time.Duration;
import java.util.Objects;
import org.bridgeway.policy.DeliveryWindows;

/**
 * One rendered, minimised notice ready to be put in one recipient's mailbox.
 *
 * @param deliveryWindow how long the recipient has, from acceptance, to acknowledge it before it expires into a
 *                       non-delivery report to the sender (the agreement's)
 */
public record Delivery(String messageId, String exchangeId, String idempotencyKey, String exchangeType,
                       String sender, String recipient, String format, String mediaType, byte[] payload,
                       Duration deliveryWindow) {
    public Delivery {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(deliveryWindow, "deliveryWindow");
    }

    /** A delivery with the default window. */
    public Delivery(String messageId, String exchangeId, String idempotencyKey, String exchangeType, String sender,
                    String recipient, String format, String mediaType, byte[] payload) {
        this(messageId, exchangeId, idempotencyKey, exchangeType, sender, recipient, format, mediaType, payload,
                DeliveryWindows.DEFAULT);
    }
}
