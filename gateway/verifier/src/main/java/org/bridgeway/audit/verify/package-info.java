/**
 * Checking what the log claims, with public keys only: {@link org.bridgeway.audit.verify.LogCheckpoints} is the
 * one way to open a signed checkpoint (parse, origin, Ed25519 signature);
 * {@link org.bridgeway.audit.verify.Cosignatures} the one cosignature check;
 * {@link org.bridgeway.audit.verify.HeadTimestamps} the one timestamp imprint and token check; and
 * {@link org.bridgeway.audit.verify.AuditLogVerifier} recomputes a whole stored log read through
 * {@link org.bridgeway.audit.verify.StoredLog}.
 *
 * <p>It must not depend on signing code ({@code key}, {@code sign}), a scheduler, or a database: the storage
 * implements {@link org.bridgeway.audit.verify.StoredLog}, not the other way round. Receipts, the witness and the
 * signer check through here rather than keeping checks of their own.
 */
package org.bridgeway.audit.verify;
