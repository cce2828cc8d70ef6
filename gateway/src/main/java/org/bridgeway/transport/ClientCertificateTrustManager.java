package org.bridgeway.transport;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS server's judge of client certificates. It refuses a chain that does not verify, or that verifies but
 * names no usable partner identity, and reports each refusal with its reason and the peer's address (which the
 * handshake's {@link SSLEngine} knows), because a refused handshake never reaches the HTTP layer. A source that
 * is blocked for repeated failures is refused before any validation.
 *
 * <p>A connection with no certificate at all never comes here (the JDK decides that before asking a trust
 * manager), so the server only requests a certificate and the HTTP layer refuses a connection without one,
 * where the address is known; see {@link EdgeGuard}.
 */
final class ClientCertificateTrustManager extends X509ExtendedTrustManager {
    private final ClientCertificateVerifier verifier;
    private final AuthenticationFailures failures;
    private final X509Certificate[] acceptedIssuers;

    ClientCertificateTrustManager(ClientCertificateVerifier verifier, AuthenticationFailures failures,
                                  List<X509Certificate> roots) {
        this.verifier = verifier;
        this.failures = failures;
        this.acceptedIssuers = roots.toArray(X509Certificate[]::new);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain, SourceAddress.of(engine == null ? null : engine.getPeerHost()));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(chain, SourceAddress.of(socket == null || socket.getInetAddress() == null ? null
                : socket.getInetAddress().getHostAddress()));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, SourceAddress.UNKNOWN);
    }

    private void check(X509Certificate[] chain, String source) throws CertificateException {
        if (failures.blocked(source)) {
            failures.refusedWhileBlocked(source);
            throw new CertificateException(source + " is blocked after repeated failed authentications");
        }
        Optional<RefusalReason> refusal = verifier.verify(chain);
        if (refusal.isEmpty()) {
            refusal = PartnerCertificate.read(chain[0]).refusal();
        }
        if (refusal.isPresent()) {
            failures.refused(source, refusal.get(), chain == null || chain.length == 0 ? null : chain[0]);
            // The message goes nowhere but the server's own exception handler: a code, no names.
            throw new CertificateException("client certificate refused: " + refusal.get().code());
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("the gateway's server trust manager judges only clients");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("the gateway's server trust manager judges only clients");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the gateway's server trust manager judges only clients");
    }

    /** Sent in the CertificateRequest so clients holding several certificates pick one of ours. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return acceptedIssuers.clone();
    }
}
