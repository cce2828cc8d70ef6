package org.bridgeway.audit.tree;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    /** The run of kept nodes of {@code level} from {@code first} (aligned): what one read brings. */
    public record Run(int level, long first) {
        public static final int LENGTH = 1 << STRIDE;
    }

    /**
     * The runs of kept nodes an inclusion proof of leaf {@code index} in a tree of {@code size} leaves reads: one
     * per kept level below the root, each the aligned run holding the leaf's ancestor and its siblings up to the
     * next kept level. A store can read them all at once.
     */
    public static List<Run> pathRuns(long index, long size) {
        List<Run> runs = new ArrayList<>();
        for (int level = 0; level < 63 && (1L << level) < size; level += STRIDE) {
            runs.add(new Run(level, (index >> level) & -Run.LENGTH));
        }
        return runs;
    }

    /**
     * Every node of the tree over {@code kept}, which holds the kept levels: a kept node as stored, any other
     * folded from the kept level below. Null where a node it needs is not stored, as {@link NodeSource} asks.
     * Nodes are read a run at a time (the aligned block of the kept level that a node and its neighbours up to the
     * next kept level fold from), so the four siblings an inclusion proof needs between two kept levels come from
     * one read, and {@link Folding#prefetch} reads a whole proof's runs at once.
     */
    public static Folding folding(NodeSource kept) {
        return new Folding(kept);
    }

    /** The nodes of every level over the kept ones. For one reader at a time, like the source it wraps. */
    public static final class Folding implements NodeSource {
        /** Runs kept in memory per reader, at most: a proof needs one per four levels. */
        private static final int MAX_RUNS = 64;
        private final NodeSource kept;
        /** Complete runs read: complete subtrees never change, so they may be served again. */
        private final Map<Run, List<byte[]>> runs = new HashMap<>();

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

        /** Reads these runs in one go (as the source can), for the nodes asked next. */
        public void prefetch(List<Run> wanted) {
            List<Run> missing = wanted.stream().filter(r -> !runs.containsKey(r)).toList();
            if (!missing.isEmpty()) {
                kept.runs(missing).forEach(this::remember);
            }
        }

        /** {@code count} kept nodes from {@code first}, which lie in one aligned run. */
        private List<byte[]> keptRun(int level, long first, int count) {
            Run run = new Run(level, first & -Run.LENGTH);
            int from = (int) (first - run.first());
            List<byte[]> hashes = runs.get(run);
            if (hashes == null) {
                hashes = kept.nodes(level, run.first(), Run.LENGTH);
                remember(run, hashes);
            }
            return hashes.subList(from, from + count);
        }

        private void remember(Run run, List<byte[]> hashes) {
            if (hashes.contains(null)) {
                return; // the run reaches past the tree (or a node is missing): read again when asked
            }
            if (runs.size() >= MAX_RUNS) {
                runs.clear();
            }
            runs.put(run, hashes);
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
