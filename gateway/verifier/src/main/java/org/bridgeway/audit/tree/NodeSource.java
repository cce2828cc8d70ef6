package org.bridgeway.audit.tree;

/**
 * Where the hashes of perfect subtrees come from: the node at {@code level} and {@code index} covers the leaves
 * {@code [index * 2^level, (index + 1) * 2^level)}; level 0 is a leaf hash. Only complete subtrees are ever asked
 * for, and they never change once the log has grown past them, which is what lets a log store them once.
 */
@FunctionalInterface
public interface NodeSource {
    byte[] node(int level, long index);
}
