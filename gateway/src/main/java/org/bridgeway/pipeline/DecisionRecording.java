package org.bridgeway.pipeline;

import java.util.List;
import org.bridgeway.policy.DecisionLog;
import org.bridgeway.policy.RecordedDecision;

/**
 * Writes every decision of a dispatch, allow and deny, to the decision log in one transaction, before the audit
 * append that refers to them. A failure is thrown into the exchange, which fails like an audit failure: nothing is
 * disclosed whose decision is not on record.
 */
public final class DecisionRecording {
    private final DecisionLog decisionLog;

    public DecisionRecording(DecisionLog decisionLog) {
        this.decisionLog = decisionLog;
    }

    public Dispatch record(Dispatch dispatch) {
        List<RecordedDecision> decisions = dispatch.disclosures().stream()
                .map(d -> new RecordedDecision(d.decisionId(), dispatch.exchangeId(), d.recipient().id(),
                        d.decidedAt(), d.inputDigest(), d.decision()))
                .toList();
        decisionLog.record(decisions);
        return dispatch;
    }
}
