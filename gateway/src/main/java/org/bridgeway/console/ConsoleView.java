package org.bridgeway.console;

/**
 * What a person can do in the console: each page and each change is one of these, and {@link ConsoleAuthorisation}
 * says who may.
 */
public enum ConsoleView {
    /** The organisation's mailbox: the list of notices and one notice read (an audited reading). */
    INBOX,
    /** Acknowledging a notice, which removes it from the mailbox (audited). */
    ACKNOWLEDGE,
    /** The custody handover board: a force's open requests, or those an authority was asked to take. */
    HANDOVERS,
    /** An asked authority's acknowledgement of a handover and its answer, which always accepts the child. */
    HANDOVER_ANSWER,
    /** A school's report of a suspension or exclusion, sent from the console's form. */
    SEND_EXCLUSION,
    /** "Why was this shared?": an exchange's decisions and audit trail, for the data protection officer. */
    DISCLOSURES,
    /** The missing-children board: the organisation's open missing episodes and return home interview tasks. */
    MISSING_CHILDREN,
    /** Recording the outcome of a return home interview the council's task asked for. */
    RHI_OUTCOME,
    /** Checking an audit receipt in the browser against the gateway's certificate, trusting nothing the server says. */
    VERIFY_RECEIPT,
    /** The operator's desk: broker, database and audit signing health, and the dead-letter queues. */
    OPERATIONS,
    /** Replaying a dead letter to its recipient (audited). */
    DEAD_LETTER_REPLAY,
    /** A council's notice of a child placed out of area, sent from the console's form. */
    SEND_PLACEMENT,
    /** The Concordat's custody handover figures and the return home interview figures, for the DPO. */
    FIGURES
}
