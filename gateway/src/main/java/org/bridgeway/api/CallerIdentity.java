package org.bridgeway.api;

import org.apache.camel.Exchange;

/**
 * The one seam through which every API endpoint learns who is calling. Over mutual TLS with tokens it is
 * {@link TokenBoundIdentity}: the verified client certificate ({@link CertificateIdentity}) and a Keycloak token
 * bound to it (RFC 8705), the caller {@link Caller#withRoles with the token's roles}, or a
 * {@link Authentication.Refused} with a token reason, which {@link ApiGuard} audits and rate-limits like any other
 * failed authentication. Without tokens (the development mode) it is {@link CertificateIdentity} alone.
 * In the explicit plain-HTTP demo mode it is what the development tooling supplies (a header that proves nothing,
 * {@code GatewayConfig#plainHttpCallers}); the production gateway has no such identity.
 */
public interface CallerIdentity {
    /** Who is calling, or why nobody is. */
    Authentication authenticate(Exchange exchange);
}
