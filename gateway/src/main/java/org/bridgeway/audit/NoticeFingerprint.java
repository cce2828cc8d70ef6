package org.bridgeway.audit;

import java.nio.file.Path;
import java.util.Map;

/**
 * A keyed digest (HMAC-SHA256) of a notice's content for the audit log. A plain hash of personal data can be
 * confirmed by anyone who guesses the values; this one only by the gateway, which holds the key, so the audit
 * log can bind an entry to the exact content received without letting a reader test guesses against it.
 */
public final class NoticeFingerprint {
    public static final String KEY_FILE = "notice-fingerprint.key";
    private final KeyedDigest digest;

    private NoticeFingerprint(KeyedDigest digest) {
        this.digest = digest;
    }

    /** Loads the key in {@code directory}, creating it (256 random bits, owner-only) on first use. */
    public static NoticeFingerprint loadOrCreate(Path directory) {
        return new NoticeFingerprint(KeyedDigest.loadOrCreate(directory, KEY_FILE));
    }

    /** HMAC-SHA256 (hex) over the canonical JSON of the notice's fields. */
    public String of(Map<String, String> fields) {
        return digest.of(CanonicalJson.write(fields));
    }
}
