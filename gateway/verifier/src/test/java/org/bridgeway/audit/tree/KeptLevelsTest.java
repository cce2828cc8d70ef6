package org.bridgeway.audit.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A log that keeps only every fourth level of subtrees serves the same roots and proofs as one that keeps them
 * all, reading runs of neighbouring kept nodes; a kept node that is missing is reported, never folded around.
 */
class KeptLevelsTest {

    /** The kept levels of a full log, nothing else, counting how many reads reach them. */
    private static final class KeptOnly implements NodeSource {
        private final Map<String, byte[]> kept = new HashMap<>();
        final AtomicInteger reads = new AtomicInteger();

        KeptOnly(MemoryLog full, int size) {
            for (int level = 0; (1L << level) <= size; level++) {
                for (long index = 0; (index + 1) << level <= size; index++) {
                    if (KeptLevels.kept(level)) {
                        kept.put(level + "/" + index, full.node(level, index));
                    }
                }
            }
        }

        void drop(int level, long index) {
            kept.remove(level + "/" + index);
        }

        @Override
        public byte[] node(int level, long index) {
            reads.incrementAndGet();
            return kept.get(level + "/" + index);
        }

        @Override
        public List<byte[]> nodes(int level, long first, int count) {
            reads.incrementAndGet(); // one read for the run, as a store's range query
            java.util.ArrayList<byte[]> run = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                run.add(kept.get(level + "/" + (first + i)));
            }
            return run;
        }

        @Override
        public Map<KeptLevels.Run, List<byte[]>> runs(List<KeptLevels.Run> runs) {
            int before = reads.get();
            Map<KeptLevels.Run, List<byte[]>> read = NodeSource.super.runs(runs);
            reads.set(before + 1); // one read for them all, as a store's single query
            return read;
        }
    }

    private static MemoryLog logOf(int size) {
        MemoryLog full = new MemoryLog();
        for (int i = 0; i < size; i++) {
            full.append(("entry " + i).getBytes(StandardCharsets.UTF_8));
        }
        return full;
    }

    @Test
    void rootsAndProofsFromTheKeptLevelsAreThoseOfTheWholeTree() {
        int size = 300;
        MemoryLog full = logOf(size);
        KeptOnly kept = new KeptOnly(full, size);
        MerkleTree whole = new MerkleTree(full);
        MerkleTree folded = new MerkleTree(KeptLevels.folding(kept));
        for (int n = 1; n <= size; n += 7) {
            assertThat(folded.root(n)).as("root of %d", n).isEqualTo(whole.root(n));
            assertThat(CompactRange.of(n, KeptLevels.folding(kept)).root()).isEqualTo(whole.root(n));
            for (int m = 0; m < n; m += 5) {
                assertThat(folded.inclusionProof(m, n)).as("inclusion of %d in %d", m, n)
                        .containsExactlyElementsOf(whole.inclusionProof(m, n));
                assertThat(folded.consistencyProof(m, n)).containsExactlyElementsOf(whole.consistencyProof(m, n));
            }
        }
    }

    @Test
    void aProofReadsAFewRunsNotANodeALevel() {
        int size = 1 << 12;
        MemoryLog full = logOf(size);
        KeptOnly kept = new KeptOnly(full, size);
        new MerkleTree(KeptLevels.folding(kept)).inclusionProof(1234, size);
        assertThat(kept.reads.get()).as("12 levels: one run of 16 kept nodes per stride of 4").isEqualTo(3);
    }

    @Test
    void aProofsRunsReadInOneGoServeTheWholeProof() {
        int size = 5000;
        MemoryLog full = logOf(size);
        KeptOnly kept = new KeptOnly(full, size);
        for (long index : new long[] {0, 1234, 4095}) {
            KeptLevels.Folding folding = KeptLevels.folding(kept);
            folding.prefetch(KeptLevels.pathRuns(index, size));
            int afterPrefetch = kept.reads.get();
            assertThat(new MerkleTree(folding).inclusionProof(index, size)).as("proof of %d", index)
                    .containsExactlyElementsOf(new MerkleTree(full).inclusionProof(index, size));
            // in a tree of 5000 the last 904 leaves are the right edge, read apart; the rest came with the runs
            assertThat(kept.reads.get() - afterPrefetch).as("reads after the prefetch, proof of %d", index)
                    .isLessThanOrEqualTo(4);
        }
        assertThat(KeptLevels.pathRuns(1234, size)).containsExactly(new KeptLevels.Run(0, 1232),
                new KeptLevels.Run(4, 64), new KeptLevels.Run(8, 0), new KeptLevels.Run(12, 0));
    }

    @Test
    void aMissingKeptNodeIsReportedNotFoldedAround() {
        MemoryLog full = logOf(64);
        KeptOnly kept = new KeptOnly(full, 64);
        kept.drop(4, 1);
        NodeSource folding = KeptLevels.folding(kept);
        assertThat(folding.node(4, 1)).isNull();
        assertThat(folding.node(5, 0)).as("folds from the missing node").isNull();
        assertThat(folding.node(5, 1)).isEqualTo(full.node(5, 1));
        assertThatThrownBy(() -> new MerkleTree(folding).root(64)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no node for leaves [0, 64)");
    }
}
