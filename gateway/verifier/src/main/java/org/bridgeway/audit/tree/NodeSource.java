package org.bridgeway.audit.tree;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the hashes of perfect subtrees come from: the node at {@code level} and {@code index} covers the leaves
 * {@code [index * 2^level, (index + 1) * 2^level)}; level 0 is a leaf hash. Only complete subtrees are ever asked
 * for, and they never change once the log has grown past them, which is what lets a log store them once.
 */
@FunctionalInterface
public interface NodeSource {
    /** The node, or null when there is none. */
    byte[] node(int level, long index);

    /**
     * The {@code count} neighbouring nodes of one level from index {@code first}, in order, null for each that
     * there is not. A store reads them in one go.
     */
    default List<byte[]> nodes(int level, long first, int count) {
        List<byte[]> hashes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            hashes.add(node(level, first + i));
        }
        return hashes;
    }

    /** Whole runs of nodes, each as {@link #nodes} reads it; a store reads them all in one go. */
    default java.util.Map<KeptLevels.Run, List<byte[]>> runs(List<KeptLevels.Run> runs) {
        java.util.Map<KeptLevels.Run, List<byte[]>> read = new java.util.LinkedHashMap<>();
        for (KeptLevels.Run run : runs) {
            read.put(run, nodes(run.level(), run.first(), KeptLevels.Run.LENGTH));
        }
        return read;
    }
}
