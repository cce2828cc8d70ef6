package org.bridgeway.dev.bench;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bridgeway.audit.AuditVerification;
import org.bridgeway.audit.log.MerkleAuditLog;
import org.bridgeway.audit.key.SigningKey;
import org.bridgeway.audit.TreeHead;
import org.bridgeway.audit.sign.TreeHeadSigner;
import org.bridgeway.audit.store.AuditStore;
import org.bridgeway.audit.store.JdbcAuditStore;
import org.bridgeway.audit.tree.InvalidProofException;
import org.bridgeway.audit.tree.MerkleHash;
import org.bridgeway.audit.tree.ProofVerifier;

/**
 * The audit benchmark on a real database (the embedded default, or PostgreSQL) and a real {@link MerkleAuditLog}
 * with its head signer on
 * its usual interval: appends from several threads in exchange-sized batches, inclusion proofs at the final
 * size, their verification against the signed head, the offline verification of the whole log, and the floor of
 * hashing and signing that any log pays.
 */
final class AuditBench {
    static final String ORIGIN = "bridgeway/bench";

    /**
     * @param postgresSharedBuffers PostgreSQL's {@code shared_buffers} (e.g. {@code 128MB}, its own default); not
     *                              used on H2
     */
    record Settings(long entries, int threads, int proofs, Duration headInterval, boolean postgres,
                    String postgresSharedBuffers) {
    }

    private final Settings settings;

    AuditBench(Settings settings) {
        this.settings = settings;
    }

    /** Runs every phase in {@code dataDir}, which must be empty or absent. */
    AuditBenchReport run(Path dataDir) throws Exception {
        SigningKey key = SigningKey.generate();
        try (AuditBenchStorage storage = AuditBenchStorage.open(dataDir, settings)) {
            AuditStore store = new JdbcAuditStore(storage.database().dataSource());
            MerkleAuditLog log = new MerkleAuditLog(store, new TreeHeadSigner(store, key, ORIGIN,
                    Clock.systemUTC(), settings.headInterval()), Clock.systemUTC());
            try {
                Appends appends = append(log);
                long heads = countHeads(store);
                TreeHead head = log.signHeadNow();
                Proofs proofs = prove(log, head);
                AuditBenchPhase verified = verify(log, head, proofs);
                long cpu = AuditBenchPhase.start();
                long start = System.nanoTime();
                AuditVerification whole = log.verify();
                AuditBenchPhase offline = AuditBenchPhase.untimed(cpu, whole.entriesChecked(), seconds(start));
                if (!whole.valid() || whole.entriesChecked() != settings.entries()) {
                    throw new IllegalStateException("the benchmark's own log does not verify: " + whole.problem());
                }
                AuditBenchPhase floor = AuditFloor.measure(log, head.size(), key, ORIGIN, heads);
                long bytesUsed = storage.bytesUsed();
                log.close(); // signs its last head while the database is still there
                return new AuditBenchReport(settings, storage.describe(), appends.phase(), appends.calls(), heads,
                        proofs.phase(), verified, offline, whole.headsChecked(), floor, bytesUsed,
                        storage.closeAndCompact());
            } finally {
                log.close();
            }
        }
    }

    private record Appends(AuditBenchPhase phase, long calls) {
    }

    private Appends append(MerkleAuditLog log) throws Exception {
        long cpu = AuditBenchPhase.start();
        long start = System.nanoTime();
        List<Latencies> all = SyntheticAppends.append(log, settings.entries(), settings.threads());
        double seconds = seconds(start);
        Latencies merged = Latencies.merge(all);
        // the phase counts entries, as throughput does; latency stays per append call
        return new Appends(AuditBenchPhase.timed(cpu, merged, settings.entries(), seconds), merged.count());
    }

    private record Proofs(AuditBenchPhase phase, long[] indexes, List<List<byte[]>> paths) {
    }

    private Proofs prove(MerkleAuditLog log, TreeHead head) {
        long cpu = AuditBenchPhase.start();
        SplittableRandom random = new SplittableRandom(7);
        long[] indexes = new long[settings.proofs()];
        List<List<byte[]>> paths = new ArrayList<>(indexes.length);
        Latencies latencies = new Latencies();
        long start = System.nanoTime();
        for (int i = 0; i < indexes.length; i++) {
            indexes[i] = random.nextLong(head.size());
            long t0 = System.nanoTime();
            paths.add(log.inclusionProof(indexes[i], head.size()));
            latencies.add(System.nanoTime() - t0);
        }
        return new Proofs(AuditBenchPhase.timed(cpu, latencies, indexes.length, seconds(start)), indexes, paths);
    }

    private static AuditBenchPhase verify(MerkleAuditLog log, TreeHead head, Proofs proofs)
            throws InvalidProofException {
        // the leaves are what a holder of a receipt already has: read them before the clock starts
        List<byte[]> leaves = new ArrayList<>(proofs.indexes().length);
        for (long index : proofs.indexes()) {
            leaves.add(MerkleHash.fromHex(log.entries(index, index + 1).get(0).leafHash()));
        }
        byte[] root = head.note().checkpoint().rootHash();
        long cpu = AuditBenchPhase.start();
        Latencies latencies = new Latencies();
        long start = System.nanoTime();
        for (int i = 0; i < leaves.size(); i++) {
            long t0 = System.nanoTime();
            ProofVerifier.checkInclusion(leaves.get(i), proofs.indexes()[i], head.size(), proofs.paths().get(i), root);
            latencies.add(System.nanoTime() - t0);
        }
        return AuditBenchPhase.timed(cpu, latencies, leaves.size(), seconds(start));
    }

    private static long countHeads(AuditStore store) {
        long heads = 0;
        try (AuditStore.Reading log = store.read()) {
            for (var all = log.heads(); all.hasNext(); all.next()) {
                heads++;
            }
        }
        return heads;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
