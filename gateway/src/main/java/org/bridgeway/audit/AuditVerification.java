package org.bridgeway.audit;

/**
 * The outcome of checking a whole audit log. When not {@link #valid()}, {@code firstBadSeq} locates the first
 * entry that does not check and {@code problem} says what is wrong with it.
 */
public record AuditVerification(boolean valid, long entriesChecked, long firstBadSeq, String problem) {
    public static AuditVerification ok(long entries) {
        return new AuditVerification(true, entries, -1, null);
    }

    public static AuditVerification broken(long entriesChecked, long seq, String problem) {
        return new AuditVerification(false, entriesChecked, seq, problem);
    }
}
