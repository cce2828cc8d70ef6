package org.bridgeway.audit.note;

/** A signature that is missing, malformed, made by another key or over other bytes. */
public final class InvalidSignatureException extends Exception {
    public InvalidSignatureException(String message) {
        super(message);
    }
}
