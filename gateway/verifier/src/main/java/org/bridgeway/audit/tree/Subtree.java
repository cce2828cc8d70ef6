package org.bridgeway.audit.tree;

/** A perfect subtree: {@code 2^level} leaves starting at leaf {@code index * 2^level}. */
public record Subtree(int level, long index) {
    public long firstLeaf() {
        return index << level;
    }

    public long size() {
        return 1L << level;
    }
}
