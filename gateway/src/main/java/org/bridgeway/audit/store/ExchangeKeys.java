package org.bridgeway.audit.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * How {@code audit_entry} keys an entry for lookup by exchange: a fixed-size number in the index instead of the id's
 * text. The gateway's exchange ids end in a time-ordered UUID (version 7, {@code TimeOrderedIds}); their key leads
 * with its 48 bits of milliseconds, followed by 16 bits of SHA-256 of the whole id, so entries of new exchanges go in
 * at the index's right edge. A key of random bits put every exchange's entries at a random place in the index: each
 * dirtied a leaf of its own, which the embedded database rewrites whole into a new chunk at its next store, and under
 * sustained appends most of its file became such dead copies (docs/benchmarks.md, "Audit benchmark"). Any other id is
 * keyed by the first eight bytes of its SHA-256. Keys of different exchanges may meet, so a lookup compares the
 * exchange id in each entry it finds. Migration V51 carries its own copy of the scheme it wrote, and V56 of this one;
 * a change here needs a migration of its own.
 */
public final class ExchangeKeys {
    private static final int UUID_LENGTH = 36;
    private static final int TIME_HEX_DIGITS = 12;
    private static final int RANDOM_BITS = 16;

    private ExchangeKeys() {
    }

    /** The key of an exchange, or null for an entry of no exchange. */
    public static Long exchangeKey(String exchangeId) {
        if (exchangeId == null) {
            return null;
        }
        long digest = ByteBuffer.wrap(sha256(exchangeId)).getLong();
        long millis = timeOrderedMillis(exchangeId);
        return millis < 0 ? digest : millis << RANDOM_BITS | digest >>> (Long.SIZE - RANDOM_BITS);
    }

    /**
     * The milliseconds of the version 7 UUID an id ends in (after a prefix such as {@code LR-}), or -1 when it does not
     * end in one.
     */
    static long timeOrderedMillis(String id) {
        int start = id.length() - UUID_LENGTH;
        if (start < 0 || id.charAt(start + 8) != '-' || id.charAt(start + 13) != '-' || id.charAt(start + 14) != '7'
                || id.charAt(start + 18) != '-' || id.charAt(start + 23) != '-'
                || "89abAB".indexOf(id.charAt(start + 19)) < 0) {
            return -1;
        }
        long millis = 0;
        for (int i = start; i < start + TIME_HEX_DIGITS + 1; i++) {
            if (i == start + 8) {
                continue;
            }
            int digit = Character.digit(id.charAt(i), 16);
            if (digit < 0) {
                return -1;
            }
            millis = millis << 4 | digit;
        }
        return millis;
    }

    private static byte[] sha256(String id) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
