package org.bridgeway.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bridgeway.audit.AuditEvent;
import org.bridgeway.audit.AuditEventType;
import org.bridgeway.audit.AuditLog;
import org.bridgeway.audit.NoticeFingerprint;
import org.bridgeway.model.Notice;
import org.bridgeway.policy.DecisionLog;
import org.bridgeway.policy.PolicyDecision;
import org.bridgeway.policy.RecordedDecision;

/**
 * Writes what happened to a notice to the audit log in one atomic append, before anything is put in a
 * mailbox: its receipt, every decision (allow and deny) and every disclosure, with every decision written to
 * the decision log in the same transaction: both are stored or neither is, and nothing is disclosed whose
 * decision is not on record. Entries carry identifiers, field names, agreement references and digests; never a
 * field's value.
 */
public final class DispatchAudit {
    private final AuditLog auditLog;
    private final DecisionLog decisionLog;
    private final NoticeFingerprint fingerprint;

    public DispatchAudit(AuditLog auditLog, DecisionLog decisionLog, NoticeFingerprint fingerprint) {
        this.auditLog = auditLog;
        this.decisionLog = decisionLog;
        this.fingerprint = fingerprint;
    }

    public Dispatch record(Dispatch dispatch) {
        Notice notice = dispatch.notice();
        List<AuditEvent> events = new ArrayList<>();
        Map<String, Object> received = new LinkedHashMap<>();
        received.put("exchangeType", notice.exchangeType().slug());
        received.put("idempotencyKey", notice.idempotencyKey());
        received.put("noticeFingerprint", fingerprint.of(notice.fields()));
        received.put("fields", List.copyOf(notice.fields().keySet()));
        received.put("recipients", dispatch.recipients().stream().map(r -> r.id()).toList());
        events.add(new AuditEvent(AuditEventType.RECEIVED, notice.exchangeId(), notice.sender().id(), null, received));
        for (Disclosure d : dispatch.disclosures()) {
            AuditEventType decided = d.allowed() ? AuditEventType.DECISION_ALLOW : AuditEventType.DECISION_DENY;
            events.add(new AuditEvent(decided, notice.exchangeId(), "gateway", d.recipient().id(),
                    decisionDetails(d.decisionId(), d.decision())));
            if (d.allowed()) {
                Map<String, Object> disclosed = new LinkedHashMap<>();
                disclosed.put("messageId", d.delivery().messageId());
                disclosed.put("format", d.delivery().format());
                disclosed.put("payloadDigest", d.payloadDigest());
                events.add(new AuditEvent(AuditEventType.DISCLOSED, notice.exchangeId(), "gateway",
                        d.recipient().id(), disclosed));
            }
        }
        List<RecordedDecision> decisions = dispatch.disclosures().stream()
                .map(d -> new RecordedDecision(d.decisionId(), dispatch.exchangeId(), d.recipient().id(),
                        d.decidedAt(), d.inputDigest(), d.decision()))
                .toList();
        auditLog.append(events, connection -> decisionLog.insert(connection, decisions));
        return dispatch;
    }

    /**
     * What a decision entry records: the agreement, its version and the policy revision that decided (from which
     * the engine's reasons and the agreement's obligations can be reproduced), the lawful basis, and the fields
     * permitted and withheld. A denial also keeps its reasons, since no agreement explains it. The decision id
     * names the decision's row in the decision log, which keeps every decision's reasons and input digest.
     */
    static Map<String, Object> decisionDetails(String decisionId, PolicyDecision decision) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("decisionId", decisionId);
        details.put("agreement", decision.agreementId());
        details.put("agreementVersion", decision.agreementVersion());
        details.put("policyRevision", decision.policyRevision());
        details.put("lawfulBasis", LawfulBasisView.of(decision));
        details.put("permitted", decision.permittedFields());
        details.put("withheld", decision.withheldFields());
        details.put("retention", decision.retention());
        if (!decision.allow()) {
            details.put("reasons", decision.reasons());
        }
        return details;
    }
}
