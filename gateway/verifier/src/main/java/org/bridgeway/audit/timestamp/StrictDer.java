package org.bridgeway.audit.timestamp;

import java.io.IOException;
import org.bouncycastle.asn1.ASN1Primitive;

/**
 * Parses one ASN.1 object from untrusted bytes, refusing empty input and bytes trailing the object: tokens here,
 * and the gateway's RFC 3161 client and development TSA for what they receive.
 */
public final class StrictDer {
    private StrictDer() {
    }

    public static ASN1Primitive parse(byte[] bytes) throws IOException {
        if (bytes == null || bytes.length == 0) {
            throw new IOException("no bytes");
        }
        try {
            // fromByteArray fails on trailing data, so a valid token with garbage appended is not accepted as valid
            ASN1Primitive object = ASN1Primitive.fromByteArray(bytes);
            if (object == null) {
                throw new IOException("no ASN.1 object");
            }
            return object;
        } catch (RuntimeException e) {
            throw new IOException("malformed ASN.1: " + e.getMessage(), e);
        }
    }
}
