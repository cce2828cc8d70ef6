package org.bridgeway.audit.tree;

import java.util.ArrayList;
import java.util.List;

/**
 * Which perfect subtrees a log keeps: the leaves and every {@value #STRIDE}th level above them (4, 8, 12, …),
 * about one node for every fifteen entries instead of one for every entry. A subtree of a level in between folds
 * from at most {@code 2^(STRIDE-1)} kept subtrees of the kept level below it, read together: an inclusion proof
 * reads a few short runs of neighbouring nodes instead of one node per level, and the log stores a fifteenth of
 * the nodes.
 */
public final class KeptLevels {
    public static final int STRIDE = 4;

    private KeptLevels() {
    }

    /** Whether a log keeps the subtrees of this level (level 0, the leaves, always). */
    public static boolean kept(int level) {
        return level % STRIDE == 0;
    }

    /**
     * Every node of the tree over {@code kept}, which holds the kept levels: a kept node as stored, any other
     * folded from the kept level below. Null where a node it needs is not stored, as {@link NodeSource} asks.
     * Nodes are read a run of {@code 2^STRIDE} at a time (the aligned block of the kept level that a node and its
     * neighbours up to the next kept level fold from), so the four siblings an inclusion proof needs between two kept
     * levels come from one read. For one reader at a time, like the source it wraps.
     */
    public static NodeSource folding(NodeSource kept) {
        return new Folding(kept);
    }

    private static final class Folding implements NodeSource {
        private static final int RUN = 1 << STRIDE;
        private final NodeSource kept;
        /** The last complete run read: complete subtrees never change, so it may be served again. */
        private int runLevel = -1;
        private long runFirst;
        private List<byte[]> run;

        Folding(NodeSource kept) {
            this.kept = kept;
        }

        @Override
        public byte[] node(int level, long index) {
            int base = level - level % STRIDE;
            int height = level - base;
            List<byte[]> hashes = keptRun(base, index << height, 1 << height);
            return height == 0 ? hashes.get(0) : fold(hashes);
        }

        /** {@code count} kept nodes from {@code first}, which lie in one aligned run. */
        private List<byte[]> keptRun(int level, long first, int count) {
            long runStart = first & -RUN;
            int from = (int) (first - runStart);
            if (runLevel == level && runFirst == runStart) {
                return run.subList(from, from + count);
            }
            List<byte[]> read = kept.nodes(level, runStart, RUN);
            if (read.contains(null)) {
                runLevel = -1; // the run reaches past the tree (or a node is missing): never served again
            } else {
                runLevel = level;
                runFirst = runStart;
                run = read;
            }
            return read.subList(from, from + count);
        }
    }

    /** The root of a perfect subtree from its 2^k nodes at one level, left to right; null if one is missing. */
    static byte[] fold(List<byte[]> hashes) {
        if (hashes.contains(null) || Integer.bitCount(hashes.size()) != 1) {
            return null;
        }
        List<byte[]> level = hashes;
        while (level.size() > 1) {
            List<byte[]> up = new ArrayList<>(level.size() / 2);
            for (int i = 0; i < level.size(); i += 2) {
                up.add(MerkleHash.node(level.get(i), level.get(i + 1)));
            }
            level = up;
        }
        return level.get(0);
    }
}
