/**
 * How partners reach the gateway: the HTTPS server with mutual TLS ({@link org.bridgeway.transport.GatewayHttpServer}),
 * the judge of client certificates (PKIX to configured roots, CRLs re-read on change, a reason for every refusal),
 * who a trusted certificate speaks for ({@link org.bridgeway.transport.PartnerCertificate}, which defines the
 * partner-certificate profile), the PKI folder layout it reads ({@link org.bridgeway.transport.PkiDirectory}),
 * and the bookkeeping of failed authentications: audited with reason, source and fingerprint, limited per source
 * ({@link org.bridgeway.transport.AuthenticationFailures}). Which endpoint a caller may call is decided in
 * {@code org.bridgeway.api} ({@code ApiAuthorisation}, {@code ApiGuard}). Nothing here issues certificates or
 * knows the development PKI, which reads this package's profile and layout.
 */
package org.bridgeway.transport;
