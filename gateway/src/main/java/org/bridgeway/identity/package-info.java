/**
 * Who a bearer token says is calling: {@link org.bridgeway.identity.TokenValidator} checks a Keycloak access token
 * (signature first, against the realm's keys that {@link org.bridgeway.identity.RealmKeys} fetches over HTTPS and
 * caches; then issuer, audience, type, times with a bounded clock skew, and the Bridgeway claims) and its RFC 8705
 * binding to the client certificate of this very connection ({@link org.bridgeway.identity.ClientCertificates}),
 * and answers with a {@link org.bridgeway.identity.VerifiedCaller} or an
 * {@link org.bridgeway.identity.InvalidTokenException} whose reason code is safe to log and audit.
 *
 * <p>It must not: judge the client certificate (that is {@code org.bridgeway.transport}, whose
 * {@code PartnerCertificate} says which organisation a certificate speaks for), decide what a caller may do
 * ({@code org.bridgeway.api.ApiAuthorisation}), believe any claim before the signature is checked, log, keep or echo
 * a token or a value taken from one, or depend on development tooling (the Keycloak launcher and the development PKI
 * are for demos and tests only).
 */
package org.bridgeway.identity;
