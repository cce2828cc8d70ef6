package org.bridgeway.handover;

import java.sql.Connection;
import java.time.Duration;
import java.util.Optional;

/**
 * A stand-in for the handover deadlines until their implementation (org.bridgeway.handover.deadlines) is wired in
 * its place: it schedules nothing and fires nothing, and tells the contract's default deadlines (acknowledge within
 * 15 minutes, answer within 60, collect before the court sitting) so that a force's 202 says what is expected of the
 * authorities. Not for production: nobody is reminded or escalated.
 */
public final class PendingHandoverTimers implements HandoverTimers {
    static final Duration ACKNOWLEDGE = Duration.ofMinutes(15);
    static final Duration ANSWER = Duration.ofMinutes(60);

    @Override
    public Deadlines deadlinesFor(Requested requested) {
        return new Deadlines(requested.requestedAt().plus(ACKNOWLEDGE), requested.requestedAt().plus(ANSWER),
                requested.courtSittingAt());
    }

    @Override
    public void requested(Connection connection, Requested requested) {
    }

    @Override
    public void acknowledged(Connection connection, String handoverId, org.bridgeway.model.DfeLaCode authority,
                             java.time.Instant at) {
    }

    @Override
    public void answered(Connection connection, String handoverId, org.bridgeway.model.DfeLaCode authority,
                         java.time.Instant at) {
    }

    @Override
    public void closed(Connection connection, String handoverId, java.time.Instant at) {
    }

    @Override
    public Optional<Deadlines> deadlinesOf(String handoverId) {
        return Optional.empty();
    }
}
