package org.bridgeway.audit.store;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.bridgeway.audit.AuditRecord;
import org.bridgeway.audit.AuditUnavailableException;
import org.bridgeway.audit.SameTransaction;
import org.bridgeway.audit.tree.CompactRange.CompletedNode;
import org.bridgeway.audit.tree.KeptLevels;
import org.bridgeway.audit.tree.NodeSource;
import org.bridgeway.audit.verify.StoredLog;

/**
 * Where the audit log keeps its entries, the perfect subtrees they complete, the sequencer (the committed tree
 * size), signed heads, their timestamp tokens and witnesses' cosignatures. The log, the head signer, the offline
 * verifier and the command line read and write the log only through this seam; what it stores it neither checks
 * nor interprets (hashing, signing and verifying are theirs).
 *
 * <p>Every method fails with {@link AuditUnavailableException} when the storage cannot be reached or refuses.
 */
public interface AuditStore extends StoredLog {

    /** The committed tree size: how many entries the log holds. */
    long treeSize();

    /**
     * The committed tree size once everything committed so far is on disk: what a head may be signed over, since
     * a head served and then lost in a crash would be a fork of the log.
     */
    long durableTreeSize();

    /**
     * Opens a transaction holding the sequencer until it ends: appends and head signing of every gateway sharing
     * the storage happen one after another, so each index is used once and heads grow in size and time together.
     */
    Sequenced lockSequencer();

    /** Reads every subtree, kept or folded from the kept ones; close it when done. */
    TreeReading readTree();

    /** The entries of one exchange, in order. */
    List<AuditRecord> entriesFor(String exchangeId);

    /** Entries {@code [from, to)}, in order. */
    List<AuditRecord> entries(long from, long to);

    /** The index of the entry with this leaf hash (lower-case hex), if there is one. */
    OptionalLong indexOf(String leafHash);

    /** The signed head of exactly {@code size} entries. */
    Optional<Head> head(long size);

    /** The newest signed head. */
    Optional<Head> latestHead();

    /** The cosignatures of the head of {@code size}, by witness name. */
    List<Cosignature> cosignatures(long size);

    /** Up to {@code limit} signed heads that have no timestamp token yet, oldest first. */
    List<Head> untimestampedHeads(int limit);

    /** Keeps the timestamp token of the head of {@code size} unless it has one already. */
    void addTimestamp(long size, String token, String timestampedAt);

    /** Keeps a witness's cosignature of the head of {@code size}, replacing an earlier one of the same witness. */
    void putCosignature(long size, Cosignature cosignature, String receivedAt);

    /** Reads of the stored subtrees on one connection, and of the committed size when a caller needs it. */
    interface TreeReading extends NodeSource, AutoCloseable {
        long treeSize();

        /** Reads these runs of kept nodes in one go, for the nodes asked next (a proof's, typically). */
        void prefetch(List<KeptLevels.Run> runs);

        @Override
        void close();
    }

    /**
     * A transaction that holds the sequencer. Writes go out in the order they are made; nothing is visible to
     * others until {@link #commit}; closing it rolls back whatever was not committed.
     */
    interface Sequenced extends AutoCloseable {
        /** The committed tree size. */
        long treeSize();

        /** Every subtree, kept or folded from the kept ones, read in this transaction. */
        NodeSource nodes();

        /** The newest signed head, read in this transaction. */
        Optional<Head> latestHead();

        /** The cosignatures of the head of {@code size}, read in this transaction. */
        List<Cosignature> cosignatures(long size);

        /**
         * Queues entry {@code seq} (its canonical JSON, UTF-8, and leaf hash; its exchange, null for none, for
         * {@link #entriesFor}); it is written, with the others queued, by {@link #grow}.
         */
        void addEntry(long seq, String exchangeId, byte[] json, byte[] leafHash);

        /**
         * Writes the queued entries and those of the subtrees they completed that the store keeps
         * ({@link org.bridgeway.audit.tree.KeptLevels}), and sets the tree size to {@code size}.
         */
        void grow(List<CompletedNode> nodes, long size);

        /** Writes a signed head. */
        void addHead(Head head);

        /** Writes {@code alongside}'s rows in this transaction, then commits. */
        void commit(SameTransaction alongside);

        /** After {@link #commit}: makes what was committed durable before anyone is told it is. */
        void syncCommitted();

        @Override
        void close();
    }
}
