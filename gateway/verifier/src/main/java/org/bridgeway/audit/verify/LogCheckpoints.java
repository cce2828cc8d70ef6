package org.bridgeway.audit.verify;

import org.bridgeway.audit.note.InvalidSignatureException;
import org.bridgeway.audit.note.MalformedNoteException;
import org.bridgeway.audit.note.NoteKey;
import org.bridgeway.audit.note.SignedCheckpoint;

/**
 * The one way to open a signed checkpoint of a log: read the signed note strictly, check that its origin line
 * names the expected log, and check the log's Ed25519 signature over the body. The log is its {@link NoteKey}:
 * the key's name is the log's origin, so a head signed by the right key for another of its logs is refused too.
 * Receipts, the witness, the offline verifier and the head signer all open checkpoints here.
 */
public final class LogCheckpoints {
    private LogCheckpoints() {
    }

    /** Parses {@code text} and checks it is a checkpoint of {@code log}, signed by its key. */
    public static SignedCheckpoint open(String text, NoteKey log) throws CheckpointRefusedException {
        SignedCheckpoint note;
        try {
            note = SignedCheckpoint.parse(text);
        } catch (MalformedNoteException e) {
            throw new CheckpointRefusedException(CheckpointRefusedException.Reason.MALFORMED,
                    "is malformed: " + e.getMessage());
        }
        check(note, log);
        return note;
    }

    /** Checks an already parsed checkpoint is one of {@code log}, signed by its key. */
    public static void check(SignedCheckpoint note, NoteKey log) throws CheckpointRefusedException {
        String origin = note.checkpoint().origin();
        if (!origin.equals(log.name())) {
            throw new CheckpointRefusedException(CheckpointRefusedException.Reason.OTHER_LOG,
                    "names the log " + origin + ", not " + log.name());
        }
        try {
            note.verifyLogSignature(log);
        } catch (InvalidSignatureException e) {
            throw new CheckpointRefusedException(CheckpointRefusedException.Reason.NOT_SIGNED,
                    "is not signed by the gateway's key (forged or re-signed): " + e.getMessage());
        }
    }
}
