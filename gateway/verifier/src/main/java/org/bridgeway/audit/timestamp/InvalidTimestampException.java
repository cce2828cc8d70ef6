package org.bridgeway.audit.timestamp;

import java.util.Objects;

/**
 * A time-stamp token does not prove what it is asked to prove. Checked, because an offline verifier must decide
 * what an unproven tree head means rather than let the failure escape.
 */
public class InvalidTimestampException extends Exception {

    /** Which check the token failed. */
    public enum Reason {
        /** The bytes are not a CMS SignedData carrying a TSTInfo. */
        NOT_A_TOKEN,
        /** The imprint was computed with another hash than SHA-256. */
        HASH_ALGORITHM,
        /** The token is over another digest. */
        IMPRINT_MISMATCH,
        /** The token names another signing certificate than the trusted one. */
        WRONG_SIGNER,
        /** The trusted certificate may not sign time stamps (critical id-kp-timeStamping only). */
        CERTIFICATE_USAGE,
        /** The trusted certificate was not valid at the token's genTime. */
        CERTIFICATE_NOT_VALID,
        /** The signature does not verify with the trusted certificate's key. */
        SIGNATURE_INVALID
    }

    private final Reason reason;

    public InvalidTimestampException(Reason reason, String message) {
        this(reason, message, null);
    }

    public InvalidTimestampException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
