package org.bridgeway.audit.note;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The public half of a signed-note key (c2sp.org/signed-note): a name and an Ed25519 public key. Its 4-byte key
 * hash, the first bytes of SHA-256(name, newline, algorithm byte, key), tells verifiers which signature line is
 * whose. Checkpoint signatures use algorithm 0x01 (Ed25519); witness cosignatures 0x04 (cosignature/v1).
 */
public record NoteKey(String name, byte[] publicKey) {
    public static final byte ED25519 = 0x01;
    public static final byte COSIGNATURE_V1 = 0x04;

    public NoteKey {
        if (name == null || name.isBlank() || name.contains(" ") || name.contains("\n") || name.contains("+")) {
            throw new IllegalArgumentException("a key name is one word without '+'");
        }
        if (publicKey == null || publicKey.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key is 32 bytes");
        }
        publicKey = publicKey.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    public byte[] keyHash(byte algorithm) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            sha.update(algorithm);
            return Arrays.copyOf(sha.digest(publicKey), 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    /**
     * The key's verifier key, as signed-note tools write it: {@code <name>+<key hash, hex>+<base64 of the algorithm
     * byte and the key>}.
     */
    public String verifierKey(byte algorithm) {
        byte[] typed = new byte[1 + publicKey.length];
        typed[0] = algorithm;
        System.arraycopy(publicKey, 0, typed, 1, publicKey.length);
        return name + "+" + HexFormat.of().formatHex(keyHash(algorithm)) + "+" + Base64.getEncoder().encodeToString(typed);
    }

    /**
     * Reads a verifier key of {@code algorithm} ({@link #ED25519} for a log, {@link #COSIGNATURE_V1} for a witness),
     * refusing one of another algorithm or whose key hash does not match its name and key.
     */
    public static NoteKey fromVerifierKey(String verifierKey, byte algorithm) {
        String[] parts = verifierKey.strip().split("\\+", 3); // the base64 key may hold a + of its own
        if (parts.length != 3) {
            throw new IllegalArgumentException("a verifier key is <name>+<key hash>+<key>");
        }
        byte[] typed;
        try {
            typed = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the verifier key's key is not base64");
        }
        if (typed.length != 33 || typed[0] != algorithm) {
            throw new IllegalArgumentException("the verifier key is not an Ed25519 key of algorithm " + algorithm);
        }
        NoteKey key = new NoteKey(parts[0], Arrays.copyOfRange(typed, 1, typed.length));
        if (!HexFormat.of().formatHex(key.keyHash(algorithm)).equalsIgnoreCase(parts[1])) {
            throw new IllegalArgumentException("the verifier key's hash does not match its name and key");
        }
        return key;
    }
}
