package org.bridgeway.audit.tree;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks inclusion and consistency proofs exactly as RFC 9162 sections 2.1.3.2 and 2.1.4.2 describe, with nothing
 * but hashes: what a sender, a recipient or a witness runs without trusting the gateway. Anything malformed fails.
 */
public final class ProofVerifier {
    private ProofVerifier() {
    }

    public static void checkInclusion(byte[] leafHash, long index, long size, List<byte[]> proof, byte[] root)
            throws InvalidProofException {
        requireHash(leafHash, "leaf hash");
        requireHash(root, "root hash");
        requireHashes(proof);
        if (index < 0 || index >= size) {
            throw new InvalidProofException("leaf index " + index + " is outside a tree of size " + size);
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                throw new InvalidProofException("the inclusion proof is longer than a tree of size " + size + " needs");
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = MerkleHash.node(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = MerkleHash.node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) {
            throw new InvalidProofException("the inclusion proof is shorter than a tree of size " + size + " needs");
        }
        if (!MerkleHash.same(r, root)) {
            throw new InvalidProofException("the inclusion proof leads to another root: leaf " + index
                    + " is not in the tree of size " + size + " with that root");
        }
    }

    public static void checkConsistency(long first, long second, byte[] firstRoot, byte[] secondRoot,
                                        List<byte[]> proof) throws InvalidProofException {
        requireHash(firstRoot, "first root hash");
        requireHash(secondRoot, "second root hash");
        requireHashes(proof);
        if (first < 0 || first > second) {
            throw new InvalidProofException("tree size " + first + " cannot precede tree size " + second);
        }
        if (first == second) {
            if (!proof.isEmpty()) {
                throw new InvalidProofException("two heads of the same size need an empty proof");
            }
            if (!MerkleHash.same(firstRoot, secondRoot)) {
                throw new InvalidProofException("two heads of size " + first + " have different roots: the log forked");
            }
            return;
        }
        if (first == 0) {
            if (!proof.isEmpty()) {
                throw new InvalidProofException("the empty tree needs an empty consistency proof");
            }
            return;
        }
        if (proof.isEmpty()) {
            throw new InvalidProofException("the consistency proof is empty");
        }
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(first) == 1) {
            path.add(0, firstRoot);
        }
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                throw new InvalidProofException("the consistency proof is longer than needed");
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = MerkleHash.node(c, fr);
                sr = MerkleHash.node(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = MerkleHash.node(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) {
            throw new InvalidProofException("the consistency proof is shorter than needed");
        }
        if (!MerkleHash.same(fr, firstRoot)) {
            throw new InvalidProofException("the consistency proof does not lead to the first root: the tree of size "
                    + first + " is not a prefix of the tree of size " + second);
        }
        if (!MerkleHash.same(sr, secondRoot)) {
            throw new InvalidProofException("the consistency proof does not lead to the second root of size " + second);
        }
    }

    private static void requireHash(byte[] hash, String what) throws InvalidProofException {
        if (hash == null || hash.length != MerkleHash.SIZE) {
            throw new InvalidProofException("the " + what + " is not a 32-byte SHA-256 hash");
        }
    }

    private static void requireHashes(List<byte[]> proof) throws InvalidProofException {
        if (proof == null) {
            throw new InvalidProofException("the proof is missing");
        }
        for (int i = 0; i < proof.size(); i++) {
            requireHash(proof.get(i), "proof element " + i);
        }
        if (proof.size() > 64) {
            throw new InvalidProofException("a proof has at most 64 elements; this one has " + proof.size());
        }
    }
}
