package org.bridgeway.transport;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPath;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a client certificate chain is trusted, and if not, why: PKIX path building to the configured
 * roots (from the presented chain and the configured intermediates), then validation of that path with the
 * end-entity certificate checked against the issuer's CRL. Revocation is checked from CRLs only, never OCSP or a
 * network fetch; a leaf without a current CRL from its issuer is refused. Intermediates are not revocation-checked:
 * their roots publish no CRL here, and a compromised intermediate is handled by replacing the trust anchor.
 */
public final class ClientCertificateVerifier {
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

    private final Set<TrustAnchor> anchors;
    private final List<X509Certificate> intermediates;
    private final RevocationLists crls;
    private final Clock clock;

    public ClientCertificateVerifier(List<X509Certificate> roots, List<X509Certificate> intermediates,
                                     RevocationLists crls, Clock clock) {
        this.anchors = Set.copyOf(roots.stream().map(r -> new TrustAnchor(r, null)).toList());
        this.intermediates = List.copyOf(intermediates);
        this.crls = crls;
        this.clock = clock;
    }

    /** Empty when trusted; otherwise the reason it is not. */
    public Optional<RefusalReason> verify(X509Certificate[] chain) {
        if (chain == null || chain.length == 0) {
            return Optional.of(RefusalReason.NO_CERTIFICATE);
        }
        X509Certificate leaf = chain[0];
        Date now = Date.from(clock.instant());
        try {
            leaf.checkValidity(now);
        } catch (CertificateExpiredException e) {
            return Optional.of(RefusalReason.EXPIRED);
        } catch (CertificateNotYetValidException e) {
            return Optional.of(RefusalReason.NOT_YET_VALID);
        }
        if (!forClientAuthentication(leaf)) {
            return Optional.of(RefusalReason.NOT_A_CLIENT_CERTIFICATE);
        }
        CertPath path;
        try {
            path = build(chain, leaf, now);
        } catch (CertPathBuilderException e) {
            return Optional.of(RefusalReason.UNKNOWN_CA);
        } catch (GeneralSecurityException e) {
            return Optional.of(RefusalReason.INVALID_CHAIN);
        }
        return validate(path, now);
    }

    /** A path from the leaf to a trusted root, without revocation: only whether one exists. */
    private CertPath build(X509Certificate[] chain, X509Certificate leaf, Date now) throws GeneralSecurityException {
        X509CertSelector target = new X509CertSelector();
        target.setCertificate(leaf);
        PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, target);
        params.setRevocationEnabled(false);
        params.setDate(now);
        List<X509Certificate> candidates = new ArrayList<>(List.of(chain));
        candidates.addAll(intermediates);
        params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(candidates)));
        return ((PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(params)).getCertPath();
    }

    /** Validates the built path with the end entity checked against the current CRLs, naming what failed. */
    private Optional<RefusalReason> validate(CertPath path, Date now) {
        try {
            CertPathValidator validator = CertPathValidator.getInstance("PKIX");
            PKIXRevocationChecker revocation = (PKIXRevocationChecker) validator.getRevocationChecker();
            revocation.setOptions(EnumSet.of(PKIXRevocationChecker.Option.ONLY_END_ENTITY,
                    PKIXRevocationChecker.Option.PREFER_CRLS, PKIXRevocationChecker.Option.NO_FALLBACK));
            PKIXParameters params = new PKIXParameters(anchors);
            params.setDate(now);
            params.setRevocationEnabled(true);
            params.addCertPathChecker(revocation);
            params.addCertStore(crls.certStore());
            validator.validate(path, params);
            return Optional.empty();
        } catch (CertPathValidatorException e) {
            return Optional.of(reasonOf(e));
        } catch (InvalidAlgorithmParameterException | java.security.NoSuchAlgorithmException e) {
            return Optional.of(RefusalReason.INVALID_CHAIN);
        }
    }

    private static RefusalReason reasonOf(CertPathValidatorException e) {
        CertPathValidatorException.Reason reason = e.getReason();
        if (reason == CertPathValidatorException.BasicReason.REVOKED) {
            return RefusalReason.REVOKED;
        }
        if (reason == CertPathValidatorException.BasicReason.UNDETERMINED_REVOCATION_STATUS) {
            return RefusalReason.REVOCATION_UNKNOWN;
        }
        if (reason == CertPathValidatorException.BasicReason.EXPIRED) {
            return RefusalReason.EXPIRED;
        }
        if (reason == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
            return RefusalReason.NOT_YET_VALID;
        }
        if (reason == PKIXReason.NO_TRUST_ANCHOR || reason == CertPathValidatorException.BasicReason.INVALID_SIGNATURE) {
            return RefusalReason.UNKNOWN_CA;
        }
        return RefusalReason.INVALID_CHAIN;
    }

    /** An end entity whose extended key usage, if it has one, allows TLS client authentication. */
    private static boolean forClientAuthentication(X509Certificate leaf) {
        if (leaf.getBasicConstraints() >= 0) {
            return false;
        }
        try {
            List<String> usages = leaf.getExtendedKeyUsage();
            return usages == null || usages.contains(CLIENT_AUTH) || usages.contains(ANY_EXTENDED_KEY_USAGE);
        } catch (CertificateParsingException e) {
            return false;
        }
    }
}
