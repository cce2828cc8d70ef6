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
}
