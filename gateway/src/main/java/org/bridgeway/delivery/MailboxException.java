package org.bridgeway.delivery;

/** The mailbox broker could not do what was asked; the exchange is retried, nothing is lost. */
public class MailboxException extends RuntimeException {
    public MailboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
