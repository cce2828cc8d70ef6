/**
 * Getting what the pipeline accepted to its recipients: the embedded Apache ActiveMQ Artemis broker, reachable only
 * inside the process ({@link org.bridgeway.delivery.MailboxBroker}), the recipients' durable mailboxes
 * ({@link org.bridgeway.delivery.Mailboxes}), the transactional outbox whose rows commit with the DISCLOSED audit
 * entries ({@link org.bridgeway.delivery.MailboxOutbox}) and its relay to the mailboxes, once, by the broker's
 * duplicate detection ({@link org.bridgeway.delivery.MailboxRelay}), and acknowledgements audited once
 * ({@link org.bridgeway.delivery.Acknowledgements}). The mailbox semantics around them (docs/mailboxes.md): where
 * each copy stands ({@link org.bridgeway.delivery.DeliveryStates}), paged listings
 * ({@link org.bridgeway.delivery.Mailboxes#page}), expiry into non-delivery reports, once
 * ({@link org.bridgeway.delivery.MailboxExpiry}), and the signed mail-waiting webhooks
 * ({@link org.bridgeway.delivery.MailWaitingNotifier}). Push to police forces' own systems is in {@code push}.
 *
 * <p>It carries payloads the pipeline has already decided, minimised and rendered; it must never decide who gets
 * what, open, change or re-render a payload, or put a message in a mailbox that no DISCLOSED entry accounts for (a
 * non-delivery report, which carries identifiers only, is accounted for by its DELIVERY_EXPIRED entry). It writes its
 * own tables ({@code mailbox_outbox}, {@code mailbox_ack}, {@code mailbox_delivery}, {@code mailbox_expiry}) and
 * reaches the audit log only through
 * {@link org.bridgeway.audit.AuditLog}.
 */
package org.bridgeway.delivery;
