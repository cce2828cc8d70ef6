package org.bridgeway.audit;

/** An appended audit entry as stored: its position, canonical JSON, chain hashes and signature (hex; null unless it closed a batch). */
public record AuditRecord(long seq, String recordedAt, String entryJson, String prevHash, String entryHash,
                          String signature) {
}
