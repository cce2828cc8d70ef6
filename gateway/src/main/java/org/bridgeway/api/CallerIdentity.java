package org.bridgeway.api;

import java.util.Optional;
import org.apache.camel.Exchange;
import org.bridgeway.model.Organisation;
import org.bridgeway.transport.RefusalReason;

/**
 * The one seam through which every API endpoint learns who is calling. Over mutual TLS it is
 * {@link CertificateIdentity}: the organisation of the verified client certificate. The Keycloak token check
 * (RFC 8705, certificate-bound) composes here: an implementation that asks {@link CertificateIdentity} first,
 * then validates the bearer token against {@link CertificateIdentity#clientCertificate} and returns the caller
 * {@link Caller#withRoles with the token's roles}, or a {@link Authentication.Refused} with a token reason, which
 * {@link ApiGuard} audits and rate-limits like any other failed authentication.
 * {@link DevelopmentHeaderIdentity} serves only the explicit plain-HTTP demo mode.
 */
public interface CallerIdentity {
    Optional<Organisation> callerOf(Exchange exchange);

    /** Who is calling, or why nobody is. The default serves identities that know only an organisation. */
    default Authentication authenticate(Exchange exchange) {
        return callerOf(exchange).<Authentication>map(o -> new Authentication.Authenticated(Caller.of(o)))
                .orElseGet(() -> Authentication.Refused.because(RefusalReason.NO_IDENTITY));
    }
}
