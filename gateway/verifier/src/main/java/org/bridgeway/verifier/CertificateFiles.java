package org.bridgeway.verifier;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.bridgeway.audit.key.AuditCertificate;

/** Reads certificates named on the command line, saying which file is wrong. */
public final class CertificateFiles {
    private CertificateFiles() {
    }

    public static X509Certificate readX509(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (CertificateException e) {
            throw new IOException(file + " is not an X.509 certificate (PEM or DER): " + e.getMessage(), e);
        }
    }

    /** A certificate named by an optional option: empty when the option was not given. */
    public static Optional<X509Certificate> optionalX509(Path file) throws IOException {
        return file == null ? Optional.empty() : Optional.of(readX509(file));
    }

    /** The gateway's Ed25519 audit key, from its audit-signing certificate (PEM). */
    public static byte[] auditKey(Path file) throws IOException {
        try {
            return AuditCertificate.ed25519Key(AuditCertificate.read(Files.readString(file)));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
