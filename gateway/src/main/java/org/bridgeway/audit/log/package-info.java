/**
 * The audit log as the gateway runs it: {@link org.bridgeway.audit.log.MerkleAuditLog} turns events into entries
 * (canonical JSON, leaf hashes, the subtrees they complete) and appends them through one writer thread that commits
 * whatever is waiting in one transaction (group commit), with the rows a caller writes alongside, and syncs before
 * anyone is told; it serves entries and proofs.
 *
 * <p>It owns no SQL (everything stored goes through {@link org.bridgeway.audit.store.AuditStore}) and no signing key
 * (heads come from {@link org.bridgeway.audit.sign.TreeHeadSigner}).
 */
package org.bridgeway.audit.log;
