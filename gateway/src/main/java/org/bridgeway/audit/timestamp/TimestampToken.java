package org.bridgeway.audit.timestamp;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * An RFC 3161 time-stamp token as issued by a {@link TimestampAuthority}: the DER-encoded token (a CMS
 * SignedData over a TSTInfo), the time the authority asserts, and the serial number it gave the token.
 */
public record TimestampToken(byte[] der, Instant genTime, BigInteger serialNumber) {

    public TimestampToken {
        Objects.requireNonNull(der, "der");
        Objects.requireNonNull(genTime, "genTime");
        Objects.requireNonNull(serialNumber, "serialNumber");
        der = der.clone();
    }

    /** A copy, so a caller cannot alter the token this record describes. */
    @Override
    public byte[] der() {
        return der.clone();
    }

    /** The DER bytes in standard Base64, as stored beside a signed tree head. */
    public String base64() {
        return Base64.getEncoder().encodeToString(der);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TimestampToken that && Arrays.equals(der, that.der) && genTime.equals(that.genTime)
                && serialNumber.equals(that.serialNumber);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(der);
    }

    @Override
    public String toString() {
        return "TimestampToken[serialNumber=" + serialNumber + ", genTime=" + genTime + ", " + der.length + " bytes]";
    }
}
