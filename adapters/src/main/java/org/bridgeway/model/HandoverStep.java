package org.bridgeway.model;

/**
 * The steps of a custody handover (PACE 1984 s.38(6)), each one notice: the force's request, an asked authority's
 * acknowledgement and (the first one's) answer, and the force's closure, by the child's transfer or by a s.38(7)
 * certificate. There is no refusal step: an authority cannot refuse (Children Act 1989 s.21(2)(b)).
 */
public enum HandoverStep {
    /** The force asks the authorities to accommodate the child. */
    REQUESTED,
    /** An asked authority (its emergency duty team out of hours) has seen the request and is dealing with it. */
    ACKNOWLEDGED,
    /** The first asked authority to answer accepts the child and owns the handover. */
    ANSWERED,
    /** The force handed the child over to the authority: the power to detain passed with it (s.38(6B)). */
    TRANSFERRED,
    /** The custody officer certified under s.38(7) why the child was not transferred. */
    CERTIFIED;

    /** Whether this step closes the handover. */
    public boolean closes() {
        return this == TRANSFERRED || this == CERTIFIED;
    }

    /** Whether the force sends this step (otherwise an asked authority does). */
    public boolean sentByForce() {
        return this == REQUESTED || closes();
    }
}
