package org.bridgeway.audit.tree;

import java.util.ArrayList;
import java.util.List;

/**
 * Roots and proofs of RFC 9162 section 2.1 for a log of any size, computed from stored perfect subtrees. The tree
 * over {@code n} leaves splits at the largest power of two below {@code n}, so every subtree a proof needs is
 * either perfect (one stored node) or lies on the right edge of the tree, where it folds from the few perfect
 * subtrees of its binary decomposition. An append, a root, an inclusion proof and a consistency proof each read
 * O(log n) nodes; nothing walks the leaves.
 */
public final class MerkleTree {
    private final NodeSource nodes;

    public MerkleTree(NodeSource nodes) {
        this.nodes = nodes;
    }

    /** The root hash of the first {@code size} leaves. */
    public byte[] root(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("a tree size is never negative");
        }
        return size == 0 ? MerkleHash.emptyTree() : rangeHash(0, size);
    }

    /** The audit path of RFC 9162 2.1.3.1 for leaf {@code index} in the tree of {@code size} leaves, leaf end first. */
    public List<byte[]> inclusionProof(long index, long size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + size);
        }
        List<byte[]> path = new ArrayList<>();
        path(index, 0, size, path);
        return path;
    }

    private void path(long index, long start, long length, List<byte[]> out) {
        if (length == 1) {
            return;
        }
        long k = largestPowerOfTwoBelow(length);
        if (index < start + k) {
            path(index, start, k, out);
            out.add(rangeHash(start + k, start + length));
        } else {
            path(index, start + k, length - k, out);
            out.add(rangeHash(start, start + k));
        }
    }

    /** The consistency proof of RFC 9162 2.1.4.1 that the tree of {@code first} leaves is a prefix of {@code second}. */
    public List<byte[]> consistencyProof(long first, long second) {
        if (first < 0 || first > second) {
            throw new IllegalArgumentException("no consistency proof from " + first + " to " + second);
        }
        List<byte[]> proof = new ArrayList<>();
        if (first > 0 && first < second) {
            subproof(first, 0, second, true, proof);
        }
        return proof;
    }

    private void subproof(long m, long start, long length, boolean whole, List<byte[]> out) {
        if (m == length) {
            if (!whole) {
                out.add(rangeHash(start, start + length));
            }
            return;
        }
        long k = largestPowerOfTwoBelow(length);
        if (m <= k) {
            subproof(m, start, k, whole, out);
            out.add(rangeHash(start + k, start + length));
        } else {
            subproof(m - k, start + k, length - k, false, out);
            out.add(rangeHash(start, start + k));
        }
    }

    /**
     * The hash of leaves {@code [start, end)} where {@code start} is aligned to a power of two at least the
     * range's length, as every range of the RFC's recursion is: a right fold of its perfect subtrees.
     */
    byte[] rangeHash(long start, long end) {
        List<Subtree> parts = decompose(start, end);
        byte[] hash = fetch(parts.get(parts.size() - 1));
        for (int i = parts.size() - 2; i >= 0; i--) {
            hash = MerkleHash.node(fetch(parts.get(i)), hash);
        }
        return hash;
    }

    private byte[] fetch(Subtree subtree) {
        byte[] hash = nodes.node(subtree.level(), subtree.index());
        if (hash == null || hash.length != MerkleHash.SIZE) {
            throw new IllegalStateException("the log has no node for leaves [" + subtree.firstLeaf() + ", "
                    + (subtree.firstLeaf() + subtree.size()) + ")");
        }
        return hash;
    }

    /** The perfect subtrees, largest first, that tile {@code [start, end)}. */
    public static List<Subtree> decompose(long start, long end) {
        List<Subtree> parts = new ArrayList<>();
        long at = start;
        while (at < end) {
            int level = 63 - Long.numberOfLeadingZeros(end - at);
            if (at != 0) {
                level = Math.min(level, Long.numberOfTrailingZeros(at));
            }
            parts.add(new Subtree(level, at >> level));
            at += 1L << level;
        }
        return parts;
    }

    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }
}
