package org.bridgeway.workflow;

/**
 * Where a firing timer's notice goes: in the gateway, down the one notice pipeline
 * ({@link PipelineTaskNotices}), so that it is decided, minimised, audited and delivered like any notice.
 */
@FunctionalInterface
public interface TaskNotices {

    /**
     * Raises the firing's notice and returns once it has been accepted (or found a duplicate of one accepted
     * before), with the exchange id it was accepted under. Throws when it could not be accepted; the timer then
     * fires again later.
     */
    String raise(TaskFiring firing);
}
