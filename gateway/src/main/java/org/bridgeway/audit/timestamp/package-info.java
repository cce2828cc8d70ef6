/**
 * RFC 3161 time-stamps for signed audit tree heads, built on Bouncy Castle TSP.
 *
 * <p>The gateway asks a {@link org.bridgeway.audit.timestamp.TimestampAuthority} (in practice an
 * {@link org.bridgeway.audit.timestamp.Rfc3161Client}) for a token over the SHA-256 digest of a signed head; the
 * client checks the answer fully and fails closed with a
 * {@link org.bridgeway.audit.timestamp.TimestampUnavailableException}. Verifiers later check a stored token offline
 * with {@link org.bridgeway.audit.timestamp.TimestampTokens#verify}, trusting one TSA certificate directly (no chain
 * building, no revocation checking).
 *
 * <p>This package is the client side only: it never issues tokens. The loopback TSA of the demo and the tests is
 * development tooling ({@code org.bridgeway.dev.tsa} in gateway/devtools), never shipped in the gateway.
 */
package org.bridgeway.audit.timestamp;
