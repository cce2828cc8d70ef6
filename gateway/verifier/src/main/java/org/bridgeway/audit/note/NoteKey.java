package org.bridgeway.audit.note;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

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
}
