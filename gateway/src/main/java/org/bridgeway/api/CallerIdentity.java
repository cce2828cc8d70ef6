package org.bridgeway.api;

import java.util.Optional;
import org.apache.camel.Exchange;
import org.bridgeway.model.Organisation;
import org.bridgeway.transport.RefusalReason;

/**
 * The one seam through which every API endpoint learns who is calling. Over mutual TLS with tokens it is
 * {@link TokenBoundIdentity}: the verified client certificate ({@link CertificateIdentity}) and a Keycloak token
 * bound to it (RFC 8705), the caller {@link Caller#withRoles with the token's roles}, or a
 * {@link Authentication.Refused} with a token reason, which {@link ApiGuard} audits and rate-limits like any other
 * failed authentication. Without tokens (the development mode) it is {@link CertificateIdentity} alone.
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
