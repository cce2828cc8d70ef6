package org.bridgeway.audit.receipt;

/** A receipt that does not prove what it claims, or cannot be read; the message says which check failed. */
public final class InvalidReceiptException extends Exception {
    public InvalidReceiptException(String message) {
        super(message);
    }
}
