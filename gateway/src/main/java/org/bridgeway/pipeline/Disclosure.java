package org.bridgeway.pipeline;

import org.bridgeway.delivery.Delivery;
import org.bridgeway.model.Organisation;
import org.bridgeway.policy.PolicyDecision;

/**
 * What was decided for one recipient of a notice and, when allowed, what will be delivered.
 *
 * @param delivery the rendered, minimised message; null when the decision denied the disclosure
 * @param payloadDigest SHA-256 (hex) of the delivered payload, for the audit log; null when denied
 */
public record Disclosure(Organisation recipient, PolicyDecision decision, Delivery delivery, String payloadDigest) {
    public boolean allowed() {
        return delivery != null;
    }
}
