package org.bridgeway.delivery;

import java.util.Objects;

/** One rendered, minimised notice ready to be put in one recipient's mailbox. */
public record Delivery(String messageId, String exchangeId, String idempotencyKey, String exchangeType,
                       String sender, String recipient, String format, String mediaType, byte[] payload) {
    public Delivery {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(payload, "payload");
    }
}
