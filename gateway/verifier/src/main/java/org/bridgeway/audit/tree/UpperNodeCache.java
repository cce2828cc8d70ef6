package org.bridgeway.audit.tree;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the hashes of the upper levels of a log's tree in memory. Every proof passes through the few nodes near
 * the root and the right edge, and a complete subtree never changes, so a node read once from storage can be
 * served from here for ever after; only the wide lower levels are read from storage each time.
 *
 * <p>Only levels with at most {@link #WIDEST_LEVEL} nodes in a tree of the given size are kept, so the cache
 * holds at most about twice that many hashes (a few MiB) however large the log grows. Only hashes read from
 * storage are cached, never ones being written, so nothing uncommitted is ever served.
 */
public final class UpperNodeCache {
    static final int WIDEST_LEVEL = 1 << 15;
    /** Past this, levels that have become too wide as the tree grew are dropped all at once. */
    private static final int MAX_NODES = 4 * WIDEST_LEVEL;

    private final ConcurrentHashMap<Long, byte[]> nodes = new ConcurrentHashMap<>();

    /** {@code stored}, with the upper levels of the tree of {@code treeSize} leaves served from memory. */
    public NodeSource over(NodeSource stored, long treeSize) {
        int lowest = lowestCachedLevel(treeSize);
        return (level, index) -> {
            if (level < lowest || index >= 1L << (63 - 6)) {
                return stored.node(level, index);
            }
            Long key = (index << 6) | level;
            byte[] hash = nodes.get(key);
            if (hash == null) {
                hash = stored.node(level, index);
                if (hash == null) {
                    return null; // not stored (yet): the caller reports it
                }
                if (nodes.size() >= MAX_NODES) {
                    nodes.clear();
                }
                nodes.put(key, hash.clone());
            }
            return hash.clone();
        };
    }

    /** The lowest level of the tree of {@code treeSize} leaves that has at most {@link #WIDEST_LEVEL} nodes. */
    static int lowestCachedLevel(long treeSize) {
        int level = 0;
        while ((treeSize >> level) > WIDEST_LEVEL) {
            level++;
        }
        return level;
    }

    int size() {
        return nodes.size();
    }
}
