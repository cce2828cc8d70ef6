package org.bridgeway.audit.verify;

import java.time.Instant;
import java.util.List;
import org.bridgeway.audit.note.Checkpoint;
import org.bridgeway.audit.note.InvalidSignatureException;
import org.bridgeway.audit.note.NoteKey;
import org.bridgeway.audit.note.NoteSignature;
import org.bridgeway.audit.note.SignedCheckpoint;

/** The one check of a witness's cosignature (c2sp.org/tlog-cosignature) on a checkpoint. */
public final class Cosignatures {
    private Cosignatures() {
    }

    /**
     * Checks that {@code cosignature} is {@code witness}'s cosignature of exactly {@code checkpoint}; returns when
     * the witness made it.
     */
    public static Instant check(Checkpoint checkpoint, NoteKey witness, NoteSignature cosignature)
            throws InvalidSignatureException {
        return new SignedCheckpoint(checkpoint, List.of(cosignature)).verifyCosignature(witness);
    }
}
