package org.bridgeway.audit.witness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bridgeway.audit.key.SigningKey;
import org.bridgeway.audit.note.Checkpoint;
import org.bridgeway.audit.note.NoteKey;
import org.bridgeway.audit.note.NoteSignature;
import org.bridgeway.audit.note.SignedCheckpoint;
import org.bridgeway.audit.tree.InvalidProofException;
import org.bridgeway.audit.tree.MerkleHash;
import org.bridgeway.audit.tree.ProofVerifier;
import org.bridgeway.audit.verify.CheckpointRefusedException;
import org.bridgeway.audit.verify.LogCheckpoints;

/**
 * The witness's one rule for the one log it witnesses: countersign a head (c2sp.org/tlog-cosignature) only if it
 * extends the head it countersigned last, as a consistency proof from that head's size shows, and record the new
 * head durably before the cosignature leaves. Checking the size it was told against the size it holds and recording
 * the new head happen under one lock, so two submissions can never roll its record back.
 *
 * <p>Both ways a witness is asked go through here: {@link Witness} fetching heads from the gateway, and
 * {@link WitnessServer} answering the log's {@code add-checkpoint} (c2sp.org/tlog-witness).
 */
public final class Cosigner {
    private final NoteKey log;
    private final NoteKey witness;
    private final SigningKey signingKey;
    private final Path state;
    private final Clock clock;

    /**
     * @param log     the log witnessed: its origin and the gateway's public key
     * @param name    this witness's name in its cosignatures
     * @param state   where the head last countersigned is kept (a signed checkpoint)
     */
    public Cosigner(NoteKey log, String name, SigningKey signingKey, Path state, Clock clock) {
        this.log = Objects.requireNonNull(log, "log");
        this.signingKey = Objects.requireNonNull(signingKey, "signingKey");
        this.witness = new NoteKey(name, signingKey.publicKey());
        this.state = Objects.requireNonNull(state, "state");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The log witnessed. */
    public NoteKey log() {
        return log;
    }

    /** This witness's public key, named as its cosignatures name it. */
    public NoteKey witness() {
        return witness;
    }

    /** Why a head was not countersigned; {@link #reason()} says which rule it broke. */
    public static final class Refused extends Exception {
        /** Which rule a submission broke. */
        public enum Reason {
            /** The head kept in the state file is not one of the log's. */
            STATE_UNREADABLE,
            /** The size the head is said to extend is larger than the head itself. */
            OLD_SIZE_TOO_LARGE,
            /** The size the head is said to extend is not the size of the head countersigned last. */
            OLD_SIZE_MISMATCH,
            /** A head of the size countersigned last, with another root: the log forked. */
            SAME_SIZE_OTHER_ROOT,
            /** The consistency proof does not show the head extends the one countersigned last. */
            INCONSISTENT
        }

        private final Reason reason;
        private final long latestSize;

        Refused(Reason reason, long latestSize, String message) {
            super(message);
            this.reason = reason;
            this.latestSize = latestSize;
        }

        public Reason reason() {
            return reason;
        }

        /** The size of the head countersigned last (0 before the first): what a submitter must extend. */
        public long latestSize() {
            return latestSize;
        }
    }

    /** The head countersigned last, checked to be the log's; empty before the first. */
    public synchronized Optional<SignedCheckpoint> latest() throws Refused, IOException {
        if (!Files.exists(state)) {
            return Optional.empty();
        }
        try {
            return Optional.of(LogCheckpoints.open(Files.readString(state), log));
        } catch (CheckpointRefusedException e) {
            throw new Refused(Refused.Reason.STATE_UNREADABLE, 0, "the head in " + state + " " + e.getMessage());
        }
    }

    /**
     * Countersigns {@code head}, a head already opened as the log's, if {@code proof} shows it extends the head of
     * {@code oldSize} countersigned last (none when {@code oldSize} is 0); records it, then returns the cosignature.
     */
    public synchronized NoteSignature add(long oldSize, List<byte[]> proof, SignedCheckpoint head)
            throws Refused, IOException {
        Checkpoint now = head.checkpoint();
        Optional<SignedCheckpoint> latest = latest();
        long latestSize = latest.map(h -> h.checkpoint().size()).orElse(0L);
        if (oldSize > now.size()) {
            throw new Refused(Refused.Reason.OLD_SIZE_TOO_LARGE, latestSize, "the old size " + oldSize
                    + " is larger than the head's size " + now.size());
        }
        if (oldSize != latestSize) {
            throw new Refused(Refused.Reason.OLD_SIZE_MISMATCH, latestSize, "the head countersigned last has size "
                    + latestSize + ", not " + oldSize);
        }
        if (latest.isPresent()) {
            Checkpoint before = latest.get().checkpoint();
            if (before.size() == now.size() && !MerkleHash.same(before.rootHash(), now.rootHash())) {
                throw new Refused(Refused.Reason.SAME_SIZE_OTHER_ROOT, latestSize, notConsistent(now, before,
                        "two heads of size " + now.size() + " have different roots"));
            }
            try {
                ProofVerifier.checkConsistency(before.size(), now.size(), before.rootHash(), now.rootHash(), proof);
            } catch (InvalidProofException e) {
                throw new Refused(Refused.Reason.INCONSISTENT, latestSize, notConsistent(now, before,
                        e.getMessage()));
            }
        } else if (!proof.isEmpty()) {
            throw new Refused(Refused.Reason.INCONSISTENT, latestSize,
                    "a head extending nothing countersigned comes with an empty proof");
        }
        NoteSignature cosignature = SignedCheckpoint.cosign(now, witness, signingKey::sign, clock.instant());
        remember(head);
        return cosignature;
    }

    private static String notConsistent(Checkpoint now, Checkpoint before, String why) {
        return "the head of size " + now.size() + " is not consistent with the head of size " + before.size()
                + " seen before (" + why + "): the log was forked or rewritten";
    }

    /** Keeps the head with the log's own signature only, written whole under a temporary name and moved into place. */
    private void remember(SignedCheckpoint head) throws IOException {
        byte[] logKeyHash = log.keyHash(NoteKey.ED25519);
        List<NoteSignature> logs = head.signatures().stream()
                .filter(s -> s.name().equals(log.name()) && Arrays.equals(s.keyHash(), logKeyHash)).toList();
        Path parent = state.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, ".witness", ".tmp");
        Files.writeString(temporary, new SignedCheckpoint(head.checkpoint(), logs).text());
        Files.move(temporary, state, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
