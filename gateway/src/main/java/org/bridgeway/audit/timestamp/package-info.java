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
 * <p>{@link org.bridgeway.audit.timestamp.DevelopmentTimestampAuthority} is a loopback TSA for the demo and tests,
 * issuing under policy {@value org.bridgeway.audit.timestamp.DevelopmentTimestampAuthority#POLICY_OID}.
 */
package org.bridgeway.audit.timestamp;
