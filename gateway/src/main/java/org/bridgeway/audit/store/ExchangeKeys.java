package org.bridgeway.audit.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * How {@code audit_entry} keys an entry for lookup by exchange: the first eight bytes of SHA-256 of the exchange
 * id, a fixed-size number in the index instead of the id's text. Keys of different exchanges may (rarely) meet,
 * so a lookup compares the exchange id in each entry it finds. Migration V51 carries its own copy of this scheme,
 * as it was when it ran; a change here needs a migration of its own.
 */
public final class ExchangeKeys {
    private ExchangeKeys() {
    }

    /** The key of an exchange, or null for an entry of no exchange. */
    public static Long exchangeKey(String exchangeId) {
        if (exchangeId == null) {
            return null;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(exchangeId.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
