package org.bridgeway.policy;

/**
 * Answers one question per (notice, recipient): may this be shared, on what lawful basis, and which fields?
 *
 * <p>Implementations evaluate the same information-sharing agreements ({@code policies/agreements/*.yaml}) with the
 * same generic rules, and must pass the engine-neutral vectors in {@code policies/conformance/}. Default is deny;
 * a decision point never throws for a well-formed input, it denies with reasons.
 */
public interface PolicyDecisionPoint {

    PolicyDecision decide(PolicyInput input);

    /** A digest identifying the loaded policy set (e.g. {@code sha256:...}); stamped on every decision. */
    String revision();
}
