package org.bridgeway.handover;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.PoliceForceCode;

/**
 * The deadlines of custody handovers, as the handover ledger tells them what happened. Every method that takes a
 * {@link Connection} runs in the audit transaction of the notice that made it happen (the request, an
 * acknowledgement, an answer, a closure), so a deadline exists exactly when its request was accepted, and stops
 * exactly when the step that meets it was accepted; it must neither commit nor roll back.
 */
public interface HandoverTimers {

    /** A handover just requested: what its deadlines are computed from. */
    record Requested(String handoverId, PoliceForceCode force, DfeLaCode suiteAuthority,
                     Optional<DfeLaCode> responsibleAuthority, List<DfeLaCode> askedAuthorities, Instant requestedAt,
                     Optional<Instant> courtSittingAt) {
        public Requested {
            Objects.requireNonNull(handoverId, "handoverId");
            Objects.requireNonNull(force, "force");
            Objects.requireNonNull(suiteAuthority, "suiteAuthority");
            Objects.requireNonNull(responsibleAuthority, "responsibleAuthority");
            askedAuthorities = List.copyOf(askedAuthorities);
            Objects.requireNonNull(requestedAt, "requestedAt");
            Objects.requireNonNull(courtSittingAt, "courtSittingAt");
        }
    }

    /**
     * When each step is due. {@code collectBy} is known once an answer is in (so many hours after it, and never
     * after the next court sitting); before that it is the latest the child can wait: the court sitting, if known.
     */
    record Deadlines(Instant acknowledgeBy, Instant answerBy, Optional<Instant> collectBy) {
        public Deadlines {
            Objects.requireNonNull(acknowledgeBy, "acknowledgeBy");
            Objects.requireNonNull(answerBy, "answerBy");
            Objects.requireNonNull(collectBy, "collectBy");
        }
    }

    /** The deadlines a handover requested now would have, from the deadline data: pure, writes nothing. */
    Deadlines deadlinesFor(Requested requested);

    /** Schedules the request's reminders and escalations, in the request's audit transaction. */
    void requested(Connection connection, Requested requested) throws SQLException;

    /** An asked authority acknowledged the request: its acknowledgement reminders and escalation stop. */
    void acknowledged(Connection connection, String handoverId, DfeLaCode authority, Instant at) throws SQLException;

    /**
     * An authority answered first and owns the handover: the answer deadlines stop for every authority, and the
     * collection deadline starts, from {@code at} (and before the next court sitting).
     */
    void answered(Connection connection, String handoverId, DfeLaCode authority, Instant at) throws SQLException;

    /** The force closed the handover (transferred, or certified under PACE s.38(7)): nothing more fires. */
    void closed(Connection connection, String handoverId, Instant at) throws SQLException;

    /** The deadlines of a handover as they stand now, for the lists and the console; empty for an unknown one. */
    Optional<Deadlines> deadlinesOf(String handoverId);
}
