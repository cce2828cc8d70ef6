package org.bridgeway.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bridgeway.audit.key.SecretFile;

/**
 * HMAC-SHA256 under a secret only the gateway holds. A plain hash of personal data can be confirmed by anyone who
 * guesses the values; a keyed one only by the gateway. Each use has its own key file in the data directory's
 * {@code keys/} folder, so that digests made for one purpose cannot be matched against those of another.
 */
public final class KeyedDigest {
    private final SecretKeySpec key;
    /** A Mac is not thread-safe and costly to set up: one per thread, initialised once with the key. */
    private final ThreadLocal<Mac> macs;

    public KeyedDigest(byte[] secret) {
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

    /** Loads the key {@code fileName} in {@code directory}, creating it (256 random bits, owner-only) on first use. */
    public static KeyedDigest loadOrCreate(Path directory, String fileName) {
        try {
            return new KeyedDigest(SecretFile.loadOrCreate(directory.resolve(fileName), () -> {
                byte[] secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                return secret;
            }));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load or create the key " + fileName + " in " + directory, e);
        }
    }

    /** HMAC-SHA256 (hex) of the text's UTF-8 bytes. */
    public String of(String text) {
        return HexFormat.of().formatHex(macs.get().doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }
}
