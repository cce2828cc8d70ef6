/**
 * RFC 3161 time-stamp tokens as a verifier checks them, offline: {@link org.bridgeway.audit.timestamp.TimestampTokens}
 * against one trusted TSA certificate (no chain building, no revocation checking), failing with an
 * {@link org.bridgeway.audit.timestamp.InvalidTimestampException} that says which check failed.
 *
 * <p>Only checking lives in the verifier module; asking a TSA for tokens (the gateway's RFC 3161 client) lives in the
 * gateway under this package name and checks every answer here. Nothing here does I/O.
 */
package org.bridgeway.audit.timestamp;
