package org.bridgeway.api;

import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.bridgeway.transport.PartnerCertificate;
import org.bridgeway.transport.RefusalReason;
import org.bridgeway.transport.RevocationLists;

/**
 * The caller is the organisation of the client certificate the TLS handshake verified (chain, validity, CRL,
 * partner identity). Validity and the CRL are looked at again on every request, because a keep-alive connection
 * or a resumed TLS session (which skips the trust manager) outlives the handshake, and a certificate revoked or
 * expired since must stop working then, not at the next full handshake.
 * The verified certificate travels in the {@link Caller} for the token check, which binds the token to it
 * ({@code cnf.x5t#S256}).
 */
public final class CertificateIdentity implements CallerIdentity {
    /** Exchange property: the {@link Caller} read once per exchange. Properties cannot be set by an HTTP client. */
    private static final String CALLER = "BridgewayCertificateCaller";

    private final RevocationLists crls;
    private final Clock clock;

    public CertificateIdentity(RevocationLists crls, Clock clock) {
        this.crls = crls;
        this.clock = clock;
    }

    @Override
    public Authentication authenticate(Exchange exchange) {
        Caller known = exchange.getProperty(CALLER, Caller.class);
        if (known != null) {
            return new Authentication.Authenticated(known);
        }
        Optional<X509Certificate> presented = presented(exchange);
        if (presented.isEmpty()) {
            return Authentication.Refused.because(RefusalReason.NO_CERTIFICATE);
        }
        X509Certificate certificate = presented.get();
        try {
            certificate.checkValidity(Date.from(clock.instant()));
        } catch (CertificateExpiredException e) {
            return new Authentication.Refused(RefusalReason.EXPIRED, presented);
        } catch (CertificateNotYetValidException e) {
            return new Authentication.Refused(RefusalReason.NOT_YET_VALID, presented);
        }
        if (crls.isRevoked(certificate)) {
            return new Authentication.Refused(RefusalReason.REVOKED, presented);
        }
        PartnerCertificate.Result read = PartnerCertificate.read(certificate);
        if (read.identity().isEmpty()) {
            return new Authentication.Refused(read.refusal().orElse(RefusalReason.NO_ORGANISATION), presented);
        }
        PartnerCertificate partner = read.identity().get();
        Caller caller = new Caller(partner.organisation(), partner.system(), partner.unit(), Set.of(), presented);
        exchange.setProperty(CALLER, caller);
        return new Authentication.Authenticated(caller);
    }

    /** The certificate of the connection the request came on; the handshake has verified it. */
    private static Optional<X509Certificate> presented(Exchange exchange) {
        if (!(exchange.getIn() instanceof HttpMessage http) || http.getRequest() == null || !http.getRequest().isSSL()) {
            return Optional.empty();
        }
        try {
            List<Certificate> peer = http.getRequest().connection().peerCertificates();
            return peer == null || peer.isEmpty() || !(peer.get(0) instanceof X509Certificate leaf)
                    ? Optional.empty() : Optional.of(leaf);
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }
}
