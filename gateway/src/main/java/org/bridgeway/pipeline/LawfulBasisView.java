package org.bridgeway.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bridgeway.policy.LawfulBasis;
import org.bridgeway.policy.PolicyDecision;

/** The lawful basis of a decision as named parts (only those that apply), for outcomes and audit entries. */
final class LawfulBasisView {
    private LawfulBasisView() {
    }

    static Map<String, String> of(PolicyDecision decision) {
        Map<String, String> parts = new LinkedHashMap<>();
        LawfulBasis basis = decision.lawfulBasis();
        if (basis == null) {
            return parts;
        }
        parts.put("article6", basis.article6());
        if (basis.article9() != null) {
            parts.put("article9", basis.article9());
            parts.put("schedule1", basis.schedule1Condition());
        }
        if (basis.part3Purpose() != null) {
            parts.put("part3", basis.part3Purpose());
        }
        parts.put("gateway", basis.legalGateway());
        return parts;
    }
}
