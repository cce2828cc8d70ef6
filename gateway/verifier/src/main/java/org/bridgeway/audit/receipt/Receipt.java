package org.bridgeway.audit.receipt;

import java.util.List;

/**
 * A receipt that stands alone: one audit entry exactly as hashed, its index and leaf hash, a signed tree head
 * (C2SP checkpoint as a signed note) that includes it, the RFC 3161 timestamp token over that head if there is
 * one, and the RFC 9162 inclusion proof (base64 hashes, leaf end first). With the gateway's certificate anyone can
 * check it offline.
 */
public record Receipt(String format, long index, String leafHash, String entry, String checkpoint,
                      String timestampToken, List<String> inclusionProof) {
    public static final String FORMAT = "bridgeway-audit-receipt/v1";
}
