package org.bridgeway.audit.verify;

import java.util.Objects;

/**
 * A signed checkpoint that does not open as the expected log's: it cannot be read, it names another log, or the
 * log's key did not sign it. The message completes a sentence about the checkpoint ("the tree head " + message),
 * so each caller says which checkpoint it was.
 */
public final class CheckpointRefusedException extends Exception {

    /** Which check the checkpoint failed. */
    public enum Reason {
        /** Not a signed note holding a checkpoint. */
        MALFORMED,
        /** Its origin line names another log than the one expected. */
        OTHER_LOG,
        /** No valid signature by the log's key: forged, re-signed by another key, or edited since. */
        NOT_SIGNED
    }

    private final Reason reason;

    CheckpointRefusedException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
