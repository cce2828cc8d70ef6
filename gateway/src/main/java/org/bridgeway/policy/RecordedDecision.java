package org.bridgeway.policy;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of the {@link DecisionLog}: a policy decision about one recipient of one exchange, under its own id.
 *
 * @param decisionId  a UUID; the audit log's DECISION_ALLOW / DECISION_DENY entry names it
 * @param exchangeId  the exchange the decision was made for
 * @param recipient   the organisation id of the recipient asked about, e.g. {@code police:kent}
 * @param decidedAt   when the decision was made
 * @param inputDigest {@link PolicyInput#digest()} of the question asked
 * @param decision    the answer, with the policy revision that gave it
 */
public record RecordedDecision(String decisionId, String exchangeId, String recipient, Instant decidedAt,
                               String inputDigest, PolicyDecision decision) {

    public RecordedDecision {
        Objects.requireNonNull(decisionId, "decisionId");
        Objects.requireNonNull(exchangeId, "exchangeId");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(decidedAt, "decidedAt");
        Objects.requireNonNull(inputDigest, "inputDigest");
        Objects.requireNonNull(decision, "decision");
    }
}
