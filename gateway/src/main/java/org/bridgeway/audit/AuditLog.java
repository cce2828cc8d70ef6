package org.bridgeway.audit;

import java.util.List;
import java.util.OptionalLong;

/**
 * The append-only audit log every exchange writes to: a Merkle tree whose signed heads anyone can check. An
 * append that cannot be made throws, so the exchange fails rather than disclosing anything unaudited.
 */
public interface AuditLog {

    /**
     * Appends the events in order, and writes {@code alongside} in the same transaction, atomically: all of it or
     * none.
     */
    List<AuditRecord> append(List<AuditEvent> events, SameTransaction alongside);

    /** Appends the events in order, atomically: all of them or none. */
    default List<AuditRecord> append(List<AuditEvent> events) {
        return append(events, SameTransaction.NOTHING);
    }

    default AuditRecord append(AuditEvent event) {
        return append(List.of(event)).get(0);
    }

    /** Recomputes the tree from storage and checks every signed head; locates the first entry that fails. */
    AuditVerification verify();

    /** The entries of one exchange, in order. */
    List<AuditRecord> entriesFor(String exchangeId);

    /** Entries {@code [from, to)} of the log, in order. */
    List<AuditRecord> entries(long from, long to);

    /** The index of the entry with this leaf hash (hex), if there is one. */
    OptionalLong indexOf(String leafHash);

    /** The number of committed entries. */
    long size();

    /**
     * The number of committed entries as the store holds them now, including those other gateway nodes on the same
     * database appended since this one last did: what a reader of the whole log asks for.
     */
    default long committedSize() {
        return size();
    }

    /** The newest signed tree head. */
    TreeHead latestHead();

    /** The newest signed head that includes entry {@code index}, signing one now if none does yet. */
    TreeHead headIncluding(long index);

    /** The signed head of exactly {@code size} entries, if one was signed. */
    java.util.Optional<TreeHead> head(long size);

    List<byte[]> inclusionProof(long index, long treeSize);

    List<byte[]> consistencyProof(long first, long second);
}
