package org.bridgeway.handover.deadlines;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.HandoverDeadlineEvent;
import org.bridgeway.model.PoliceForceCode;

/**
 * One custody handover timer firing, with what its notice says, read from the handover at the moment it fires.
 *
 * @param authority      the asked authority the timer concerns (none for the answer, owed by every asked one)
 * @param dueAt          the deadline the timer is about
 * @param idempotencyKey one per timer: the same timer fired twice is a duplicate the pipeline does not deliver
 */
public record HandoverFiring(String timerId, String handoverId, HandoverDeadlineEvent event,
                             Optional<DfeLaCode> authority, Instant dueAt, PoliceForceCode force,
                             String custodyReference, DfeLaCode suiteAuthority,
                             Optional<DfeLaCode> responsibleAuthority, String idempotencyKey) {
    public HandoverFiring {
        Objects.requireNonNull(timerId, "timerId");
        Objects.requireNonNull(handoverId, "handoverId");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }

    /** The idempotency key of the notice of timer {@code timerId}. */
    public static String keyOf(String timerId) {
        return "custody-handover-deadline:" + timerId;
    }
}
