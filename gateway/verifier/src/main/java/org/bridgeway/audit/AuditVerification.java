package org.bridgeway.audit;

/**
 * The outcome of checking a whole audit log. When not {@link #valid()}, {@code firstBadSeq} locates the first
 * entry that does not check and {@code problem} says what is wrong with it. {@code uncoveredEntries} counts the
 * newest entries no signed head covers yet (heads are signed every second and on shutdown).
 */
public record AuditVerification(boolean valid, long entriesChecked, long headsChecked, long uncoveredEntries,
                                long firstBadSeq, String problem) {
    public static AuditVerification ok(long entries, long heads, long uncovered) {
        return new AuditVerification(true, entries, heads, uncovered, -1, null);
    }

    public static AuditVerification broken(long entriesChecked, long headsChecked, long seq, String problem) {
        return new AuditVerification(false, entriesChecked, headsChecked, 0, seq, problem);
    }
}
