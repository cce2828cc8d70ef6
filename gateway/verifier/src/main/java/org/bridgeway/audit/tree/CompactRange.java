package org.bridgeway.audit.tree;

import java.util.ArrayList;
import java.util.List;

/**
 * The right edge of a growing tree: one hash for each perfect subtree in the binary decomposition of its size.
 * Appending a leaf merges equal-sized subtrees and reports each node that became complete, which is all a log
 * needs to store; the root folds from at most 64 hashes. This is what keeps an append O(1) amortised.
 */
public final class CompactRange {
    private long size;
    /** Hashes of the perfect subtrees, largest (leftmost) first. */
    private final List<byte[]> hashes;

    private CompactRange(long size, List<byte[]> hashes) {
        this.size = size;
        this.hashes = hashes;
    }

    public static CompactRange empty() {
        return new CompactRange(0, new ArrayList<>());
    }

    /** The right edge of a stored tree of {@code size} leaves, read from its perfect subtrees. */
    public static CompactRange of(long size, NodeSource nodes) {
        List<byte[]> hashes = new ArrayList<>();
        for (Subtree s : MerkleTree.decompose(0, size)) {
            hashes.add(nodes.node(s.level(), s.index()));
        }
        return new CompactRange(size, hashes);
    }

    public long size() {
        return size;
    }

    /** A completed perfect subtree to store. */
    public record CompletedNode(int level, long index, byte[] hash) {
    }

    /** Appends a leaf hash; returns every node of level 1 or more that this leaf completed, lowest first. */
    public List<CompletedNode> append(byte[] leafHash) {
        List<CompletedNode> completed = new ArrayList<>(2);
        byte[] hash = leafHash;
        long index = size;
        int level = 0;
        // each trailing one bit of the old size is a subtree of equal size waiting for a right sibling
        while (((size >> level) & 1) == 1) {
            byte[] left = hashes.remove(hashes.size() - 1);
            hash = MerkleHash.node(left, hash);
            level++;
            index >>= 1;
            completed.add(new CompletedNode(level, index, hash));
        }
        hashes.add(hash);
        size++;
        return completed;
    }

    public byte[] root() {
        if (hashes.isEmpty()) {
            return MerkleHash.emptyTree();
        }
        byte[] root = hashes.get(hashes.size() - 1);
        for (int i = hashes.size() - 2; i >= 0; i--) {
            root = MerkleHash.node(hashes.get(i), root);
        }
        return root;
    }

    public CompactRange copy() {
        return new CompactRange(size, new ArrayList<>(hashes));
    }
}
