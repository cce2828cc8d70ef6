package org.bridgeway.transport;

/**
 * Why a caller was not authenticated. The {@link #code()} goes into the audit log and the 401 answer, so it
 * names the class of failure only: never a subject name, a token or a certificate.
 */
public enum RefusalReason {
    /** The connection carried no client certificate. */
    NO_CERTIFICATE("no-certificate"),
    /** The chain does not lead to a trusted root (unknown CA, or a signature that does not verify). */
    UNKNOWN_CA("unknown-ca"),
    EXPIRED("expired"),
    NOT_YET_VALID("not-yet-valid"),
    /** Listed on the issuer's current CRL. */
    REVOKED("revoked"),
    /** No current CRL from the issuer, so revocation cannot be ruled out: refused (fail closed). */
    REVOCATION_UNKNOWN("revocation-unknown"),
    /** A CA certificate, or one whose extended key usage does not include TLS client authentication. */
    NOT_A_CLIENT_CERTIFICATE("not-a-client-certificate"),
    /** Any other failure of path validation. */
    INVALID_CHAIN("invalid-chain"),
    /** Trusted, but names no organisation ({@code urn:bridgeway:org:<id>}) or an id that does not parse. */
    NO_ORGANISATION("no-organisation"),
    /** Trusted, but the subject's CN or OU contradicts the organisation the SAN names, or several are named. */
    IDENTITY_MISMATCH("identity-mismatch"),
    /** Plain-HTTP demo mode only: no usable development identity header. */
    NO_IDENTITY("no-identity"),
    /** For the bearer-token check composed after the certificate (RFC 8705): no token presented. */
    TOKEN_MISSING("token-missing"),
    /** For the bearer-token check: the token is not valid (signature, issuer, audience, expiry, claims). */
    TOKEN_INVALID("token-invalid"),
    /** For the bearer-token check: the token is not bound to the certificate presented ({@code cnf.x5t#S256}). */
    TOKEN_NOT_BOUND("token-not-bound");

    private final String code;

    RefusalReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
