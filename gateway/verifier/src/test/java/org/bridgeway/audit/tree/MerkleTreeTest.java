package org.bridgeway.audit.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stored-subtree tree against the RFC 9162 definitions written out naively (recursion over the leaf list),
 * and against the test vectors of the Certificate Transparency reference implementations.
 */
class MerkleTreeTest {
    private static final HexFormat HEX = HexFormat.of();
    /** The leaves used by the RFC 6962 reference implementations' tests. */
    private static final String[] REFERENCE_LEAVES = {"", "00", "10", "2021", "3031", "40414243",
            "5051525354555657", "606162636465666768696a6b6c6d6e6f"};

    @Test
    void rootsMatchTheReferenceVectors() {
        MemoryLog log = new MemoryLog();
        for (String leaf : REFERENCE_LEAVES) {
            log.append(HEX.parseHex(leaf));
        }
        MerkleTree tree = new MerkleTree(log);
        assertThat(HEX.formatHex(tree.root(0)))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(HEX.formatHex(tree.root(1)))
                .isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
        assertThat(HEX.formatHex(tree.root(8)))
                .isEqualTo("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
    }

    @Test
    void rootsAndProofsAgreeWithTheNaiveDefinitionForEveryTreeUpTo70Leaves() throws Exception {
        MemoryLog log = new MemoryLog();
        for (int i = 0; i < 70; i++) {
            log.append(("entry " + i).getBytes(StandardCharsets.UTF_8));
        }
        MerkleTree tree = new MerkleTree(log);
        for (int n = 1; n <= 70; n++) {
            List<byte[]> leaves = log.leaves.subList(0, n);
            byte[] root = mth(leaves);
            assertThat(tree.root(n)).isEqualTo(root);
            assertThat(log.range(n).root()).isEqualTo(root);
            for (int m = 0; m < n; m++) {
                List<byte[]> proof = tree.inclusionProof(m, n);
                assertThat(proof).containsExactlyElementsOf(path(m, leaves));
                ProofVerifier.checkInclusion(leaves.get(m), m, n, proof, root);
            }
            for (int m = 0; m <= n; m++) {
                List<byte[]> proof = tree.consistencyProof(m, n);
                if (m > 0 && m < n) {
                    assertThat(proof).containsExactlyElementsOf(subproof(m, leaves, true));
                }
                ProofVerifier.checkConsistency(m, n, tree.root(m), root, proof);
            }
        }
    }

    @Test
    void aProofForAnotherLeafOrRootOrSizeFails() {
        MemoryLog log = new MemoryLog();
        for (int i = 0; i < 13; i++) {
            log.append(new byte[]{(byte) i});
        }
        MerkleTree tree = new MerkleTree(log);
        List<byte[]> proof = tree.inclusionProof(5, 13);
        byte[] root = tree.root(13);
        assertThatThrownBy(() -> ProofVerifier.checkInclusion(log.leaves.get(6), 5, 13, proof, root))
                .isInstanceOf(InvalidProofException.class).hasMessageContaining("another root");
        assertThatThrownBy(() -> ProofVerifier.checkInclusion(log.leaves.get(5), 5, 13, proof, tree.root(12)))
                .isInstanceOf(InvalidProofException.class);
        assertThatThrownBy(() -> ProofVerifier.checkInclusion(log.leaves.get(5), 5, 40, proof, root))
                .isInstanceOf(InvalidProofException.class).hasMessageContaining("shorter");
        assertThatThrownBy(() -> ProofVerifier.checkInclusion(log.leaves.get(5), 5, 13, proof.subList(0, 2), root))
                .isInstanceOf(InvalidProofException.class);
        List<byte[]> truncatedHash = new ArrayList<>(proof);
        truncatedHash.set(1, new byte[31]);
        assertThatThrownBy(() -> ProofVerifier.checkInclusion(log.leaves.get(5), 5, 13, truncatedHash, root))
                .isInstanceOf(InvalidProofException.class).hasMessageContaining("proof element 1");
        assertThatThrownBy(() -> ProofVerifier.checkInclusion(log.leaves.get(5), 13, 13, proof, root))
                .isInstanceOf(InvalidProofException.class).hasMessageContaining("outside");
    }

    @Test
    void aForkedHistoryFailsTheConsistencyCheck() {
        MemoryLog honest = new MemoryLog();
        MemoryLog forked = new MemoryLog();
        for (int i = 0; i < 20; i++) {
            honest.append(new byte[]{(byte) i});
            forked.append(new byte[]{(byte) (i == 3 ? 99 : i)});
        }
        MerkleTree h = new MerkleTree(honest);
        MerkleTree f = new MerkleTree(forked);
        assertThatThrownBy(() -> ProofVerifier.checkConsistency(7, 20, h.root(7), f.root(20), f.consistencyProof(7, 20)))
                .isInstanceOf(InvalidProofException.class).hasMessageContaining("not a prefix");
        assertThatThrownBy(() -> ProofVerifier.checkConsistency(7, 7, h.root(7), f.root(7), List.of()))
                .isInstanceOf(InvalidProofException.class).hasMessageContaining("forked");
        assertThatThrownBy(() -> ProofVerifier.checkConsistency(7, 20, h.root(7), h.root(20), List.of()))
                .isInstanceOf(InvalidProofException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> ProofVerifier.checkConsistency(9, 7, h.root(9), h.root(7), List.of()))
                .isInstanceOf(InvalidProofException.class);
    }

    @Test
    void decompositionTilesARangeWithAlignedPerfectSubtrees() {
        assertThat(MerkleTree.decompose(0, 13)).containsExactly(new Subtree(3, 0), new Subtree(2, 2), new Subtree(0, 12));
        assertThat(MerkleTree.decompose(8, 13)).containsExactly(new Subtree(2, 2), new Subtree(0, 12));
        assertThat(MerkleTree.decompose(0, 0)).isEmpty();
    }

    // RFC 9162 2.1.1, 2.1.3.1 and 2.1.4.1, verbatim over a list of leaf hashes

    private static byte[] mth(List<byte[]> d) {
        if (d.size() == 1) {
            return d.get(0);
        }
        int k = Integer.highestOneBit(d.size() - 1);
        return MerkleHash.node(mth(d.subList(0, k)), mth(d.subList(k, d.size())));
    }

    private static List<byte[]> path(int m, List<byte[]> d) {
        List<byte[]> out = new ArrayList<>();
        if (d.size() > 1) {
            int k = Integer.highestOneBit(d.size() - 1);
            if (m < k) {
                out.addAll(path(m, d.subList(0, k)));
                out.add(mth(d.subList(k, d.size())));
            } else {
                out.addAll(path(m - k, d.subList(k, d.size())));
                out.add(mth(d.subList(0, k)));
            }
        }
        return out;
    }

    private static List<byte[]> subproof(int m, List<byte[]> d, boolean b) {
        List<byte[]> out = new ArrayList<>();
        int n = d.size();
        if (m == n) {
            if (!b) {
                out.add(mth(d));
            }
            return out;
        }
        int k = Integer.highestOneBit(n - 1);
        if (m <= k) {
            out.addAll(subproof(m, d.subList(0, k), b));
            out.add(mth(d.subList(k, n)));
        } else {
            out.addAll(subproof(m - k, d.subList(k, n), false));
            out.add(mth(d.subList(0, k)));
        }
        return out;
    }
}
