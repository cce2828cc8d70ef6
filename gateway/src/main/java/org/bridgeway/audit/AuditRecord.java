package org.bridgeway.audit;

/**
 * An appended audit entry as stored: its index (the leaf's position in the tree), when it was recorded, its
 * canonical JSON and its leaf hash, SHA-256(0x00 || JSON) in hex.
 */
public record AuditRecord(long seq, String recordedAt, String entryJson, String leafHash) {
}
