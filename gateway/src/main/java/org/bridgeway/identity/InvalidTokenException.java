package org.bridgeway.identity;

/**
 * A bearer token the gateway refuses, with a reason code that is safe to log and audit. The detail names claims
 * and configured values only: never the token, and never a value taken from it (it is attacker-controlled).
 */
public final class InvalidTokenException extends Exception {
    /** Why a token was refused; {@link #code()} is the stable string for logs, audit and API answers. */
    public enum Reason {
        MALFORMED("malformed"),
        UNKNOWN_KEY("unknown-key"),
        BAD_SIGNATURE("bad-signature"),
        WRONG_ISSUER("wrong-issuer"),
        WRONG_AUDIENCE("wrong-audience"),
        WRONG_TYPE("wrong-type"),
        EXPIRED("expired"),
        NOT_YET_VALID("not-yet-valid"),
        MISSING_CLAIM("missing-claim"),
        INVALID_CLAIM("invalid-claim"),
        CERTIFICATE_MISMATCH("certificate-mismatch"),
        ORGANISATION_MISMATCH("organisation-mismatch"),
        /** The realm's keys could not be fetched: the token may be fine, the gateway cannot tell (503, not 401). */
        KEYS_UNAVAILABLE("keys-unavailable");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public InvalidTokenException(Reason reason, String detail) {
        super(reason.code() + ": " + detail);
        this.reason = reason;
    }

    public InvalidTokenException(Reason reason, String detail, Throwable cause) {
        super(reason.code() + ": " + detail, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
