package org.bridgeway.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.cert.CRL;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CRLs client certificates are checked against, re-read when one of their files changes. The files are
 * looked at no more often than every {@code recheck}, on use, so a handshake never waits for the disk more than
 * once per interval. A CRL is accepted only if one of the configured CA certificates signed it; a file that cannot
 * be read or verified keeps the CRLs read before (a partial update must not unrevoke anything) and is logged.
 */
public final class RevocationLists {
    private static final Logger LOG = LoggerFactory.getLogger(RevocationLists.class);

    private record Snapshot(List<X509CRL> crls, CertStore store, List<FileTime> modified, Instant checkedAt) {
    }

    private final List<Path> files;
    private final List<X509Certificate> issuers;
    private final Duration recheck;
    private final Clock clock;
    private volatile Snapshot current;

    /** Reads the CRLs now: a gateway that cannot read its CRLs at start does not start. */
    public RevocationLists(List<Path> files, List<X509Certificate> issuers, Duration recheck, Clock clock) {
        this.files = List.copyOf(files);
        this.issuers = List.copyOf(issuers);
        this.recheck = recheck;
        this.clock = clock;
        try {
            current = load();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the CRLs " + files + ": " + e.getMessage(), e);
        }
    }

    /** The current CRLs as a store for path validation. */
    public CertStore certStore() {
        return fresh().store();
    }

    /** Whether a current CRL lists the certificate: checked again on every request, after the handshake. */
    public boolean isRevoked(X509Certificate certificate) {
        for (X509CRL crl : fresh().crls()) {
            if (crl.getIssuerX500Principal().equals(certificate.getIssuerX500Principal()) && crl.isRevoked(certificate)) {
                return true;
            }
        }
        return false;
    }

    private Snapshot fresh() {
        Snapshot seen = current;
        Instant now = clock.instant();
        if (now.isBefore(seen.checkedAt().plus(recheck))) {
            return seen;
        }
        synchronized (this) {
            seen = current;
            if (now.isBefore(seen.checkedAt().plus(recheck))) {
                return seen;
            }
            try {
                if (modifiedTimes().equals(seen.modified())) {
                    current = new Snapshot(seen.crls(), seen.store(), seen.modified(), now);
                } else {
                    current = load();
                    LOG.info("CRLs reloaded: {} list(s) from {}", current.crls().size(), files);
                }
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                // Keep the lists read before; look again at the next interval.
                current = new Snapshot(seen.crls(), seen.store(), seen.modified(), now);
                LOG.warn("CRLs not reloaded, keeping the ones read before: {}", e.getMessage());
            }
            return current;
        }
    }

    private Snapshot load() throws IOException, GeneralSecurityException {
        List<FileTime> modified = modifiedTimes();
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509CRL> crls = new ArrayList<>();
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                for (CRL crl : factory.generateCRLs(in)) {
                    crls.add(verified((X509CRL) crl, file));
                }
            }
        }
        if (crls.isEmpty()) {
            throw new GeneralSecurityException("no CRL in " + files);
        }
        CertStore store = CertStore.getInstance("Collection", new CollectionCertStoreParameters(crls));
        return new Snapshot(List.copyOf(crls), store, modified, clock.instant());
    }

    private X509CRL verified(X509CRL crl, Path file) throws GeneralSecurityException {
        for (X509Certificate issuer : issuers) {
            if (issuer.getSubjectX500Principal().equals(crl.getIssuerX500Principal())) {
                try {
                    crl.verify(issuer.getPublicKey());
                    return crl;
                } catch (GeneralSecurityException e) {
                    // another CA of the same name may have signed it
                }
            }
        }
        throw new GeneralSecurityException(file + " is not signed by any configured CA");
    }

    private List<FileTime> modifiedTimes() throws IOException {
        List<FileTime> times = new ArrayList<>();
        for (Path file : files) {
            times.add(Files.getLastModifiedTime(file));
        }
        return times;
    }
}
