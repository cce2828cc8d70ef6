package org.bridgeway.delivery;

/** A message waiting in a recipient's mailbox, as the pull API lists it (metadata only, no payload). */
public record MailboxMessage(String messageId, String exchangeId, String exchangeType, String sender,
                             String format, String mediaType, String enqueuedAt, String idempotencyKey) {
}
