package org.bridgeway.audit.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The upper levels come from memory after one read; proofs through the cache are the proofs without it. */
class UpperNodeCacheTest {

    /** Records every node asked of storage. */
    private static final class CountingSource implements NodeSource {
        final MemoryLog log;
        final List<String> reads = new ArrayList<>();

        CountingSource(MemoryLog log) {
            this.log = log;
        }

        @Override
        public byte[] node(int level, long index) {
            reads.add(level + "/" + index);
            return log.node(level, index);
        }
    }

    @Test
    void proofsThroughTheCacheAreTheProofsFromStorageAndReadTheUpperLevelsOnce() throws Exception {
        MemoryLog log = new MemoryLog();
        for (int i = 0; i < 300; i++) {
            log.append(new byte[] {(byte) i, (byte) (i >> 8)});
        }
        MerkleTree plain = new MerkleTree(log);
        CountingSource stored = new CountingSource(log);
        UpperNodeCache cache = new UpperNodeCache();
        MerkleTree cached = new MerkleTree(cache.over(stored, 300));
        byte[] root = plain.root(300);
        for (int round = 0; round < 2; round++) {
            for (int m = 0; m < 300; m++) {
                List<byte[]> proof = cached.inclusionProof(m, 300);
                assertThat(proof).containsExactlyElementsOf(plain.inclusionProof(m, 300));
                ProofVerifier.checkInclusion(log.leaves.get(m), m, 300, proof, root);
            }
            assertThat(cached.consistencyProof(77, 300)).containsExactlyElementsOf(plain.consistencyProof(77, 300));
        }
        // a tree this small fits whole: every node was read from storage once, however many proofs followed
        assertThat(stored.reads).doesNotHaveDuplicates();
        assertThat(cache.size()).isEqualTo(stored.reads.size());
    }

    @Test
    void aServedHashCannotChangeTheCachedOne() {
        MemoryLog log = new MemoryLog();
        for (int i = 0; i < 4; i++) {
            log.append(new byte[] {(byte) i});
        }
        NodeSource cached = new UpperNodeCache().over(log, 4);
        byte[] first = cached.node(2, 0);
        byte[] copy = first.clone();
        first[0] ^= 1;
        assertThat(cached.node(2, 0)).isEqualTo(copy);
    }

    @Test
    void aMissingNodeIsNotRememberedAsMissing() {
        MemoryLog log = new MemoryLog();
        log.append(new byte[] {0});
        NodeSource cached = new UpperNodeCache().over(log, 2);
        assertThat(cached.node(0, 1)).isNull();
        log.append(new byte[] {1});
        assertThat(cached.node(0, 1)).isEqualTo(log.leaves.get(1));
    }

    @Test
    void onlyLevelsNarrowEnoughAreKeptSoTheCacheStaysSmallAsTheLogGrows() {
        assertThat(UpperNodeCache.lowestCachedLevel(1_000)).isZero();
        assertThat(UpperNodeCache.lowestCachedLevel(UpperNodeCache.WIDEST_LEVEL)).isZero();
        assertThat(UpperNodeCache.lowestCachedLevel(1L << 20)).isEqualTo(5);
        assertThat(UpperNodeCache.lowestCachedLevel(1L << 40)).isEqualTo(25);
        CountingSource stored = new CountingSource(new MemoryLog());
        NodeSource cached = new UpperNodeCache().over((level, index) -> {
            stored.node(level, index);
            return new byte[MerkleHash.SIZE];
        }, 1L << 20);
        cached.node(4, 7);
        cached.node(4, 7);
        cached.node(5, 7);
        cached.node(5, 7);
        assertThat(stored.reads).containsExactly("4/7", "4/7", "5/7");
    }
}
