package org.bridgeway.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.bridgeway.verifier.CertificateFiles;

/** Reads certificates named on the command line, saying which file is wrong (as the verifier's command line does). */
final class Certificates {
    private Certificates() {
    }

    static X509Certificate readX509(Path file) throws IOException {
        return CertificateFiles.readX509(file);
    }

    /** A certificate named by an optional option: empty when the option was not given. */
    static Optional<X509Certificate> optionalX509(Path file) throws IOException {
        return CertificateFiles.optionalX509(file);
    }
}
