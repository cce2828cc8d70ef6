package org.bridgeway.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

/** Reads certificates named on the command line, saying which file is wrong. */
final class Certificates {
    private Certificates() {
    }

    static X509Certificate readX509(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (CertificateException e) {
            throw new IOException(file + " is not an X.509 certificate (PEM or DER): " + e.getMessage(), e);
        }
    }

    /** A certificate named by an optional option: empty when the option was not given. */
    static java.util.Optional<X509Certificate> optionalX509(Path file) throws IOException {
        return file == null ? java.util.Optional.empty() : java.util.Optional.of(readX509(file));
    }

    /** The gateway's Ed25519 audit key, from its audit-signing certificate (PEM). */
    static byte[] auditKey(Path file) throws IOException {
        try {
            return org.bridgeway.audit.key.AuditCertificate.ed25519Key(
                    org.bridgeway.audit.key.AuditCertificate.read(Files.readString(file)));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
