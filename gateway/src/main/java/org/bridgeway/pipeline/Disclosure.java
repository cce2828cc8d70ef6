package org.bridgeway.pipeline;

import java.time.Instant;
import org.bridgeway.delivery.Delivery;
import org.bridgeway.policy.PolicyDecision;

/**
 * What was decided for one recipient of a notice and, when allowed, what will be delivered.
 *
 * @param recipient     the organisation asked about, in the relation the question was asked for
 * @param delivery      the rendered, minimised message; null when the decision denied the disclosure
 * @param payloadDigest SHA-256 (hex) of the delivered payload, for the audit log; null when denied
 * @param decisionId    the decision's id in the decision log (a UUID), named by its audit entry
 * @param inputDigest   {@link org.bridgeway.policy.PolicyInput#digest()} of the question the decision answers
 * @param decidedAt     when the decision was made
 */
public record Disclosure(Recipient recipient, PolicyDecision decision, Delivery delivery, String payloadDigest,
                         String decisionId, String inputDigest, Instant decidedAt) {
    public boolean allowed() {
        return delivery != null;
    }
}
