package org.bridgeway.dev.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bridgeway.audit.AuditRecord;
import org.bridgeway.audit.log.MerkleAuditLog;
import org.bridgeway.audit.key.SigningKey;
import org.bridgeway.audit.note.Checkpoint;
import org.bridgeway.audit.tree.MerkleHash;

/**
 * The cost no audit log can avoid, measured on the entries the run appended: the SHA-256 leaf hash of each
 * entry's canonical JSON, and one Ed25519 signature per tree head the run signed. Reading the entries back is
 * not timed; only the hashing and signing are.
 */
final class AuditFloor {
    /** The most entries {@link MerkleAuditLog#entries} returns at once. */
    private static final int CHUNK = 1000;
    /** Written with every hash, so the JIT cannot drop hashes that nobody reads. */
    private static volatile byte sink;

    private AuditFloor() {
    }

    static AuditBenchPhase measure(MerkleAuditLog log, long size, SigningKey key, String origin, long heads) {
        JvmUsage.resetPeaks();
        long nanos = 0;
        byte keep = 0;
        for (long from = 0; from < size; from += CHUNK) {
            List<AuditRecord> chunk = log.entries(from, Math.min(size, from + CHUNK));
            long start = System.nanoTime();
            for (AuditRecord entry : chunk) {
                keep ^= MerkleHash.leaf(entry.entryJson().getBytes(StandardCharsets.UTF_8))[0];
            }
            nanos += System.nanoTime() - start;
        }
        List<byte[]> bodies = new ArrayList<>();
        byte[] root = MerkleHash.leaf(new byte[] {keep});
        for (long h = 1; h <= heads; h++) {
            bodies.add(new Checkpoint(origin, size * h / heads, root, Instant.now()).bodyBytes());
        }
        long start = System.nanoTime();
        for (byte[] body : bodies) {
            keep ^= key.sign(body)[0];
        }
        nanos += System.nanoTime() - start;
        sink = keep;
        // one thread doing nothing else while timed: its time is its CPU time (reading entries is not counted)
        return new AuditBenchPhase(size, nanos / 1e9, Double.NaN, Double.NaN, JvmUsage.peakHeapMiB(),
                nanos / 1e3 / size);
    }
}
