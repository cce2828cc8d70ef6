package org.bridgeway.audit.timestamp;

/** A time-stamping authority (RFC 3161) that vouches for the time a SHA-256 digest existed. */
public interface TimestampAuthority {

    /**
     * Obtains a verified token over {@code sha256Imprint}.
     *
     * @param sha256Imprint the SHA-256 digest to time-stamp (32 bytes)
     * @throws TimestampUnavailableException if no token that passes every check could be obtained
     * @throws IllegalArgumentException if the imprint is not 32 bytes
     */
    TimestampToken timestamp(byte[] sha256Imprint);
}
