package org.bridgeway.pipeline;

/**
 * A step of the notice pipeline that only some exchange types take, such as the repeated-suspension watch of
 * exclusion notices. An exchange type declares its steps by bean name in its {@link ExchangeRegistration}; the
 * pipeline runs them ({@link ExchangeSteps}) after admission and before the recipients are resolved, so a duplicate
 * never reaches them.
 */
@FunctionalInterface
public interface ExchangeStep {

    /** The dispatch with what this step found; it may amend the notice ({@link Dispatch#withNotice}), never replace it. */
    Dispatch apply(Dispatch dispatch);
}
