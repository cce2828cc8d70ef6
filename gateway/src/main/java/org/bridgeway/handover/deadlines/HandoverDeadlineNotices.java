package org.bridgeway.handover.deadlines;

/**
 * Where a firing handover timer's notice goes: in the gateway, down the one notice pipeline
 * ({@link PipelineHandoverDeadlineNotices}).
 */
@FunctionalInterface
public interface HandoverDeadlineNotices {

    /**
     * Raises the firing's notice and returns once it has been accepted (or found a duplicate of one accepted before),
     * with its exchange id. Throws when it could not be accepted; the timer then fires again later.
     */
    String raise(HandoverFiring firing);
}
