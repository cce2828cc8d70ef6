package org.bridgeway.audit.verify;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import org.bridgeway.audit.note.Checkpoint;
import org.bridgeway.audit.timestamp.InvalidTimestampException;
import org.bridgeway.audit.timestamp.TimestampTokens;

/** What an RFC 3161 timestamp token over a signed tree head covers, and the one check of such a token. */
public final class HeadTimestamps {
    private HeadTimestamps() {
    }

    /**
     * The message imprint: SHA-256 of the checkpoint body (origin, size, root hash, issued time), so the token
     * stays checkable however many cosignatures are later added to the note.
     */
    public static byte[] imprint(Checkpoint checkpoint) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(checkpoint.bodyBytes());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    /**
     * Checks that {@code base64Token} time-stamps {@code checkpoint} and is signed by {@code authority}; returns the
     * time the authority asserts.
     *
     * @throws IllegalArgumentException if the authority's certificate cannot be used at all
     */
    public static Instant verify(String base64Token, Checkpoint checkpoint, X509Certificate authority)
            throws InvalidTimestampException {
        byte[] token;
        try {
            token = Base64.getDecoder().decode(base64Token);
        } catch (IllegalArgumentException e) {
            throw new InvalidTimestampException(InvalidTimestampException.Reason.NOT_A_TOKEN,
                    "the token is not base64", e);
        }
        return TimestampTokens.verify(token, imprint(checkpoint), authority);
    }
}
