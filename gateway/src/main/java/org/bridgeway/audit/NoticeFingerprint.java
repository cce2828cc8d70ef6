package org.bridgeway.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A keyed digest (HMAC-SHA256) of a notice's content for the audit log. A plain hash of personal data can be
 * confirmed by anyone who guesses the values; this one only by the gateway, which holds the key, so the audit
 * log can bind an entry to the exact content received without letting a reader test guesses against it.
 */
public final class NoticeFingerprint {
    private final SecretKeySpec key;
    /** A Mac is not thread-safe and costly to set up: one per thread, initialised once with the key. */
    private final ThreadLocal<Mac> macs;

    public NoticeFingerprint(byte[] secret) {
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java platform", e);
        }
    }

    /** Loads the key in {@code directory}, creating it (256 random bits, owner-only) on first use. */
    public static NoticeFingerprint loadOrCreate(Path directory) {
        Path file = directory.resolve("notice-fingerprint.key");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(directory);
                byte[] secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                Files.writeString(file, HexFormat.of().formatHex(secret));
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system: the directory's own protection applies
                }
            }
            return new NoticeFingerprint(HexFormat.of().parseHex(Files.readString(file).trim()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load or create the notice fingerprint key in " + directory, e);
        }
    }

    /** HMAC-SHA256 (hex) over the canonical JSON of the notice's fields. */
    public String of(Map<String, String> fields) {
        return HexFormat.of().formatHex(macs.get().doFinal(CanonicalJson.write(fields).getBytes(StandardCharsets.UTF_8)));
    }
}
