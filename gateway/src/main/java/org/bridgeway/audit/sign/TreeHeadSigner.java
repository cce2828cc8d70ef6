package org.bridgeway.audit.sign;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bridgeway.audit.AuditUnavailableException;
import org.bridgeway.audit.SameTransaction;
import org.bridgeway.audit.TreeHead;
import org.bridgeway.audit.key.SigningKey;
import org.bridgeway.audit.note.Checkpoint;
import org.bridgeway.audit.note.InvalidSignatureException;
import org.bridgeway.audit.note.MalformedNoteException;
import org.bridgeway.audit.note.NoteKey;
import org.bridgeway.audit.note.NoteSignature;
import org.bridgeway.audit.note.SignedCheckpoint;
import org.bridgeway.audit.store.AuditStore;
import org.bridgeway.audit.timestamp.TimestampAuthority;
import org.bridgeway.audit.timestamp.TimestampToken;
import org.bridgeway.audit.timestamp.TimestampUnavailableException;
import org.bridgeway.audit.tree.MerkleHash;
import org.bridgeway.audit.tree.MerkleTree;
import org.bridgeway.audit.verify.Cosignatures;
import org.bridgeway.audit.verify.HeadTimestamps;
import org.bridgeway.audit.witness.WitnessClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs the audit tree's head — size, root hash, time — with the gateway's Ed25519 key whenever the log has grown,
 * over entries already durable only:
 * on an interval (default one second), on demand (a receipt needs a head that includes its entry) and on close.
 * Heads are kept in the {@link AuditStore}; a head for a size another gateway on the same database already
 * signed is not signed twice. Witnesses' cosignatures, handed in or collected from a c2sp.org/tlog-witness
 * ({@link #collectCosignature}), are checked ({@link Cosignatures}) and stored beside the head.
 */
public final class TreeHeadSigner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TreeHeadSigner.class);
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    private static final int TIMESTAMPS_PER_TICK = 50;

    private final AuditStore store;
    private final SigningKey signingKey;
    private final NoteKey key;
    private final Clock clock;
    private final Optional<TimestampAuthority> timestamps;
    private final ScheduledExecutorService schedule;
    private volatile boolean closed;
    private volatile boolean timestampsFailing;
    /** Why the last pass could not sign, for the readiness check; null while signing works. */
    private volatile String signingFailure;
    /** When a pass last signed or found the committed tree signed; null before the first pass. */
    private volatile Instant lastSigned;

    public TreeHeadSigner(AuditStore store, SigningKey signingKey, String origin, Clock clock, Duration interval) {
        this(store, signingKey, origin, clock, interval, Optional.empty());
    }

    /**
     * @param timestamps a time-stamping authority asked for an RFC 3161 token over each signed head; while it is
     *                   unreachable heads are signed anyway and timestamped once it answers again
     */
    public TreeHeadSigner(AuditStore store, SigningKey signingKey, String origin, Clock clock, Duration interval,
                          Optional<TimestampAuthority> timestamps) {
        this.timestamps = Objects.requireNonNull(timestamps);
        this.store = Objects.requireNonNull(store);
        this.signingKey = Objects.requireNonNull(signingKey);
        this.key = new NoteKey(origin, signingKey.publicKey());
        this.clock = Objects.requireNonNull(clock);
        schedule = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "audit-head-signer");
            t.setDaemon(true);
            return t;
        });
        long millis = interval.toMillis();
        schedule.scheduleWithFixedDelay(this::tick, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Why the last signing pass failed (the exception's class only); empty while signing works. */
    public Optional<String> signingFailure() {
        return Optional.ofNullable(signingFailure);
    }

    /** When a pass last signed, or found already signed, the committed tree; empty before the first pass. */
    public Optional<Instant> lastSigned() {
        return Optional.ofNullable(lastSigned);
    }

    /** Whether the time-stamping authority failed at its last call (heads are signed and wait for their token). */
    public boolean timestampsFailing() {
        return timestampsFailing;
    }

    /** Signed heads still without a time-stamp token, counted up to {@code limit}; 0 without an authority. */
    public int untimestampedHeads(int limit) {
        return timestamps.isEmpty() ? 0 : store.untimestampedHeads(limit).size();
    }

    /** The log's public key, named by its origin: all a verifier needs. */
    public NoteKey key() {
        return key;
    }

    private void tick() {
        try {
            signNow();
            signingFailure = null;
            lastSigned = clock.instant();
        } catch (RuntimeException e) {
            // the next tick tries again; appends do not depend on heads being signed
            signingFailure = "tree-head signing failed: " + e.getClass().getSimpleName();
            LOG.warn("could not sign an audit tree head: {}", e.getMessage());
            return;
        }
        try {
            timestampPending();
        } catch (RuntimeException e) {
            LOG.warn("could not time-stamp the audit tree heads: {}", e.getMessage());
        }
    }

    /**
     * Asks the time-stamping authority for a token over each signed head that has none, oldest first. An outage
     * is logged once when it starts and once when it ends; the heads wait.
     */
    public void timestampPending() {
        if (timestamps.isEmpty()) {
            return;
        }
        try {
            List<AuditStore.Head> pending = store.untimestampedHeads(TIMESTAMPS_PER_TICK);
            for (AuditStore.Head head : pending) {
                Checkpoint checkpoint = parseStored(head.signedNote()).checkpoint();
                TimestampToken token = timestamps.get().timestamp(HeadTimestamps.imprint(checkpoint));
                store.addTimestamp(head.size(), token.base64(), token.genTime().toString());
            }
            if (timestampsFailing && !pending.isEmpty()) {
                timestampsFailing = false;
                LOG.info("the time-stamping authority answers again; pending tree heads are timestamped");
            }
        } catch (TimestampUnavailableException e) {
            if (!timestampsFailing) {
                timestampsFailing = true;
                LOG.warn("the time-stamping authority is unavailable ({}); tree heads are signed and will be "
                        + "timestamped when it returns", e.getMessage());
            }
        }
    }

    /**
     * Signs a head for the committed tree unless the newest head already covers it; returns the newest head. It
     * holds the sequencer row while it signs, so that across gateways sharing the database heads grow in size and
     * time together and no append slips in between reading the size and signing it.
     */
    public synchronized TreeHead signNow() {
        // a head is signed only over durable entries: one served and then lost in a crash would be a fork of the log
        // that every witness and receipt holder could hold against it
        long durable = store.durableTreeSize();
        try (AuditStore.Sequenced transaction = store.lockSequencer()) {
            TreeHead head = signLocked(transaction, durable);
            transaction.commit(SameTransaction.NOTHING);
            return head;
        }
    }

    private TreeHead signLocked(AuditStore.Sequenced transaction, long durable) {
        // the lock orders heads across gateways sharing the database; entries committed since are not yet durable
        long size = Math.min(transaction.treeSize(), durable);
        Optional<TreeHead> latest = transaction.latestHead()
                .map(head -> treeHead(head, transaction.cosignatures(head.size())));
        if (latest.isPresent() && latest.get().size() >= size) {
            return latest.get();
        }
        Instant issued = clock.instant();
        if (latest.isPresent() && issued.isBefore(latest.get().note().checkpoint().issuedAt())) {
            issued = latest.get().note().checkpoint().issuedAt(); // a clock behind another node's: heads never go back
        }
        byte[] root = new MerkleTree(transaction.nodes()).root(size);
        SignedCheckpoint note = SignedCheckpoint.sign(new Checkpoint(key.name(), size, root, issued), key,
                signingKey::sign);
        transaction.addHead(new AuditStore.Head(size, MerkleHash.hex(root), issued.toString(), note.text(), null));
        return new TreeHead(note, Optional.empty());
    }

    public Optional<TreeHead> latest() {
        return store.latestHead().map(head -> treeHead(head, store.cosignatures(head.size())));
    }

    public Optional<TreeHead> head(long size) {
        return store.head(size).map(head -> treeHead(head, store.cosignatures(size)));
    }

    private TreeHead treeHead(AuditStore.Head head, List<AuditStore.Cosignature> cosignatures) {
        SignedCheckpoint note = parseStored(head.signedNote());
        for (AuditStore.Cosignature cosignature : cosignatures) {
            note = note.with(parseLine(cosignature.signatureLine()));
        }
        return new TreeHead(note, Optional.ofNullable(head.timestampToken()));
    }

    /**
     * Stores a witness's cosignature of the head of {@code size} after checking it against that head; a
     * cosignature that does not verify is refused with the reason.
     */
    public void addCosignature(long size, NoteKey witness, NoteSignature cosignature) throws InvalidSignatureException {
        TreeHead head = head(size).orElseThrow(() -> new InvalidSignatureException(
                "the gateway signed no tree head of size " + size));
        Cosignatures.check(head.note().checkpoint(), witness, cosignature);
        store.putCosignature(size, new AuditStore.Cosignature(witness.name(),
                HexFormat.of().formatHex(witness.publicKey()), cosignature.line().strip()), clock.instant().toString());
    }

    /**
     * Asks a witness that speaks c2sp.org/tlog-witness to cosign the latest head, with a consistency proof from the
     * head it cosigned before (it says which when asked with none), and stores its cosignature beside the head.
     *
     * @return the size of the head cosigned
     */
    public long collectCosignature(WitnessClient witness)
            throws WitnessClient.RefusedException, InvalidSignatureException, IOException, InterruptedException {
        TreeHead head = latest().orElseThrow(() -> new InvalidSignatureException("the gateway signed no tree head"));
        NoteSignature cosignature = witness.cosign(head.note(), 0, (from, to) -> {
            try (AuditStore.TreeReading tree = store.readTree()) {
                return new MerkleTree(tree).consistencyProof(from, to);
            }
        });
        addCosignature(head.size(), witness.witness(), cosignature);
        return head.size();
    }

    /** The signer reads back only what it wrote: it parses its heads, and leaves checking them to verifiers. */
    private static SignedCheckpoint parseStored(String text) {
        try {
            return SignedCheckpoint.parse(text);
        } catch (MalformedNoteException e) {
            throw new AuditUnavailableException("a stored tree head is malformed: " + e.getMessage(), null);
        }
    }

    private static NoteSignature parseLine(String line) {
        try {
            return NoteSignature.parse(line);
        } catch (MalformedNoteException e) {
            throw new AuditUnavailableException("a stored cosignature is malformed: " + e.getMessage(), null);
        }
    }

    /** Stops the interval and signs a last head, so a clean shutdown leaves every entry covered. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        schedule.shutdown(); // a tick in flight finishes: its time-stamping request is bounded by the client's timeouts
        try {
            if (!schedule.awaitTermination(10, TimeUnit.SECONDS)) {
                schedule.shutdownNow();
            }
            signNow();
            timestampPending();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (AuditUnavailableException e) {
            LOG.warn("could not sign the last audit tree head: {}", e.getMessage());
        }
    }
}
