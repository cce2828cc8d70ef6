package org.bridgeway.audit;

/** What happened. Every step of an exchange that matters to an auditor is one of these. */
public enum AuditEventType {
    /** A notice was received and accepted for processing. */
    RECEIVED,
    /** An input row or document was rejected with a rule, or a file refused whole. */
    REJECTED,
    /** The policy decision point allowed a disclosure to one recipient. */
    DECISION_ALLOW,
    /** The policy decision point denied a disclosure to one recipient; nothing was sent. */
    DECISION_DENY,
    /** A minimised, rendered notice was put in a recipient's mailbox. */
    DISCLOSED,
    /** A recipient acknowledged a message, which left its mailbox. */
    ACKNOWLEDGED,
    /**
     * A caller was refused authentication: a TLS handshake with a bad client certificate, a request without a
     * usable identity. Details: reason code, source address, SHA-256 of the certificate presented if any.
     */
    AUTHENTICATION_FAILED,
    /**
     * A source was blocked after repeated failed authentications, or the summary of one window: how many
     * refusals were counted but not audited one by one.
     */
    AUTHENTICATION_RATE_LIMITED,
    /** A recipient's records system took a pushed message (accepted, or recognised it as a duplicate) with a receipt. */
    PUSH_DELIVERED,
    /** A message the gateway gave up pushing went to the dead-letter queue, with the reason code. */
    DEAD_LETTERED,
    /** An operator put a dead-lettered message back on its way to the recipient. */
    DEAD_LETTER_REPLAYED,
    /**
     * A mailbox message was not acknowledged within its agreement's delivery window and expired. Details: the message
     * id, the reason ("expired") and the id of the non-delivery report put in the sender's mailbox, if any.
     */
    DELIVERY_EXPIRED,
    /**
     * A received notice was held, not decided nor delivered: an update that arrived before what it updates (a missing
     * episode's report). Details: the reason (a rule name) and how the update names what it waits for.
     */
    HELD,
    /** A held notice was released: its decisions and disclosures follow under the same exchange id. */
    RELEASED,
    /**
     * The locator index was asked (org.bridgeway.locator). Details: the purpose, a keyed digest of the case reference,
     * which key kind was used, whether the child was known and the entry that answered; never the keys' inputs.
     */
    LOCATOR_QUERIED,
    /** A locator query was refused: too many queries (locator.rate-limited) or too many misses (locator.probing). */
    LOCATOR_REFUSED,
    /** A local authority registered (or changed) a locator entry under its own reference. */
    LOCATOR_REGISTERED,
    /** A local authority withdrew its locator entry. */
    LOCATOR_WITHDRAWN,
    /**
     * A person read a notice in the console. Actor: their organisation and subject id at the identity provider, never
     * their name. Details: the message id.
     */
    NOTICE_VIEWED
}
