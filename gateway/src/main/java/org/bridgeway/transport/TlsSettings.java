package org.bridgeway.transport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * The gateway's TLS server: its key store (PKCS#12, the server certificate with its chain), the roots it trusts
 * for client certificates, CA certificates it may need to complete a client's chain, and the CRLs it checks
 * them against (re-read when a file changes, looked at every {@code crlRecheck}).
 *
 * @param keyStorePassword redacted in {@link #toString()}
 */
public record TlsSettings(Path keyStore, String keyStorePassword, List<Path> trustAnchors, List<Path> intermediates,
                          List<Path> crls, Duration crlRecheck) {
    public static final Duration DEFAULT_CRL_RECHECK = Duration.ofSeconds(30);

    public TlsSettings {
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(keyStorePassword, "keyStorePassword");
        trustAnchors = List.copyOf(trustAnchors);
        intermediates = List.copyOf(intermediates);
        crls = List.copyOf(crls);
        Objects.requireNonNull(crlRecheck, "crlRecheck");
        if (trustAnchors.isEmpty()) {
            throw new IllegalArgumentException("TLS needs at least one trust anchor for client certificates");
        }
        if (crls.isEmpty()) {
            // Without a CRL every client would be refused as revocation-unknown; say so at configuration time.
            throw new IllegalArgumentException("TLS needs the CRL of every CA that issues client certificates");
        }
    }

    /** A {@link PkiDirectory} as {@code ./bridgeway certs-dev} writes it: server store, root, intermediate and CRL. */
    public static TlsSettings developmentPki(Path dir) {
        Path store = dir.resolve(PkiDirectory.SERVER + ".p12");
        if (!Files.isRegularFile(store) || !Files.isRegularFile(dir.resolve(PkiDirectory.PASSWORDS))) {
            throw new IllegalArgumentException(dir + " holds no development PKI (run ./bridgeway certs-dev)");
        }
        Properties passwords = PkiDirectory.passwords(dir);
        String password = passwords.getProperty(PkiDirectory.SERVER + ".p12");
        if (password == null) {
            throw new IllegalArgumentException(dir.resolve(PkiDirectory.PASSWORDS) + " has no password for the "
                    + "gateway's server key store");
        }
        return new TlsSettings(store, password, List.of(dir.resolve(PkiDirectory.ROOT_CA)),
                List.of(dir.resolve(PkiDirectory.INTERMEDIATE_CA)), List.of(dir.resolve(PkiDirectory.CRL)),
                DEFAULT_CRL_RECHECK);
    }

    public TlsSettings withCrlRecheck(Duration every) {
        return new TlsSettings(keyStore, keyStorePassword, trustAnchors, intermediates, crls, every);
    }

    @Override
    public String toString() {
        return "TlsSettings[keyStore=" + keyStore + ", keyStorePassword=(redacted), trustAnchors=" + trustAnchors
                + ", intermediates=" + intermediates + ", crls=" + crls + ", crlRecheck=" + crlRecheck + "]";
    }
}
