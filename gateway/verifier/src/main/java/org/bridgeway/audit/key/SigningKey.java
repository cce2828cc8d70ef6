package org.bridgeway.audit.key;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The gateway's Ed25519 audit-signing key (Bouncy Castle). Generated on first start and kept in the data
 * directory, readable by the owner only; never logged. The public half is written beside it for verifiers.
 */
public final class SigningKey {
    private final Ed25519PrivateKeyParameters privateKey;
    private final Ed25519PublicKeyParameters publicKey;

    private SigningKey(Ed25519PrivateKeyParameters privateKey) {
        this.privateKey = privateKey;
        this.publicKey = privateKey.generatePublicKey();
    }

    public static SigningKey generate() {
        return new SigningKey(new Ed25519PrivateKeyParameters(new SecureRandom()));
    }

    /**
     * Loads the key in {@code directory}, creating it on first use, with its public half beside it. A directory that
     * already holds both (a read-only secret mounted on every gateway node) is only read.
     */
    public static SigningKey loadOrCreate(Path directory) {
        SigningKey key = loadOrCreateFile(directory.resolve("audit-signing.ed25519"));
        Path publicHalf = directory.resolve("audit-signing.ed25519.pub");
        try {
            if (Files.exists(publicHalf) && Files.readString(publicHalf).strip().equals(key.publicKeyHex())) {
                return key;
            }
            Files.writeString(publicHalf, key.publicKeyHex());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit public key in " + directory, e);
        }
        return key;
    }

    /** Loads a key kept as hex in {@code file}, creating it, readable by the owner only, on first use. */
    public static SigningKey loadOrCreateFile(Path file) {
        try {
            byte[] seed = SecretFile.loadOrCreate(file, () -> generate().privateKey.getEncoded());
            return new SigningKey(new Ed25519PrivateKeyParameters(seed, 0));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot load or create the Ed25519 key " + file + ": " + e.getMessage(), e);
        }
    }

    public byte[] sign(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    public String publicKeyHex() {
        return HexFormat.of().formatHex(publicKey.getEncoded());
    }

    public byte[] publicKey() {
        return publicKey.getEncoded();
    }
}
