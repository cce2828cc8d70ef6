/**
 * The audit log as the rest of the gateway sees it: {@link org.bridgeway.audit.AuditLog} and the values it takes
 * and gives ({@link org.bridgeway.audit.AuditEvent}, {@link org.bridgeway.audit.AuditRecord},
 * {@link org.bridgeway.audit.TreeHead}, {@link org.bridgeway.audit.AuditVerification}), rows written in an append's
 * transaction ({@link org.bridgeway.audit.SameTransaction}), its two failures, the canonical JSON of entries, and the
 * keyed digests callers put in entries instead of personal data.
 *
 * <p>Pipeline, intake and delivery code depend on this package only; the audit API and the command line also use
 * the subpackages, and {@code Gateway} wires them. Nothing here stores, signs or verifies; that is in the subpackages: {@code log} (the Merkle log),
 * {@code store} (the storage seam and its JDBC tables), {@code sign} (the head signer), {@code key} (key files),
 * {@code verify}, {@code note}, {@code tree}, {@code receipt}, {@code witness} (what a partner checks with, in the
 * {@code gateway/verifier} module with {@code key} and the token checks of {@code timestamp}) and {@code timestamp}
 * (RFC 3161).
 */
package org.bridgeway.audit;
