package org.bridgeway.pipeline;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bridgeway.audit.AuditEvent;
import org.bridgeway.audit.AuditEventType;
import org.bridgeway.audit.AuditLog;
import org.bridgeway.audit.NoticeFingerprint;
import org.bridgeway.delivery.MailboxOutbox;
import org.bridgeway.delivery.MailboxRelay;
import org.bridgeway.model.Notice;
import org.bridgeway.policy.DecisionLog;
import org.bridgeway.policy.PolicyDecision;
import org.bridgeway.policy.RecordedDecision;

/**
 * Accepts a notice: writes what happened to it to the audit log in one atomic append — its receipt, every decision
 * (allow and deny) and every disclosure — and in the same transaction every decision to the decision log, every
 * message to the mailbox outbox and the notice's idempotency record. All of it is stored or none is: nothing is
 * disclosed whose decision is not on record, a DISCLOSED entry exists exactly when its message is on its way to the
 * mailbox ({@link MailboxRelay}), and the same notice is accepted once. A notice accepted meanwhile by a concurrent
 * submission of the same notice becomes a duplicate of it; one whose step's rows refuse the append as outdated
 * ({@link StepOutdated}) is answered as such, to go through the pipeline again. Entries carry identifiers, field
 * names, agreement references and digests; never a field's value.
 */
public final class DispatchAudit {
    private final AuditLog auditLog;
    private final DecisionLog decisionLog;
    private final NoticeFingerprint fingerprint;

    private final NoticeAdmission admission;
    private final Clock clock;

    public DispatchAudit(AuditLog auditLog, DecisionLog decisionLog, NoticeFingerprint fingerprint,
                         NoticeAdmission admission, Clock clock) {
        this.clock = clock;
        this.auditLog = auditLog;
        this.decisionLog = decisionLog;
        this.fingerprint = fingerprint;
        this.admission = admission;
    }

    public Dispatch record(Dispatch dispatch) {
        Notice notice = dispatch.notice();
        List<AuditEvent> events = new ArrayList<>();
        if (dispatch.released()) {
            // its RECEIVED entry was written when it was held; the same fingerprint says it is the same notice
            events.add(new AuditEvent(AuditEventType.RELEASED, notice.exchangeId(), "gateway", null,
                    Map.of("noticeFingerprint", fingerprint.of(notice.fields()),
                            "recipients", dispatch.recipients().stream().map(r -> r.id()).toList())));
        } else {
            events.add(received(dispatch));
        }
        if (dispatch.held()) {
            return recordHeld(dispatch, events);
        }
        for (Disclosure d : dispatch.disclosures()) {
            AuditEventType decided = d.allowed() ? AuditEventType.DECISION_ALLOW : AuditEventType.DECISION_DENY;
            events.add(new AuditEvent(decided, notice.exchangeId(), "gateway", d.recipient().id(),
                    decisionDetails(d.decisionId(), d.recipient().relation(), d.decision())));
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
        Instant acceptedAt = clock.instant();
        try {
            auditLog.append(events, connection -> {
                decisionLog.insert(connection, decisions);
                MailboxOutbox.accept(connection, dispatch.deliveries(), acceptedAt);
                if (dispatch.released()) {
                    admission.recordReleased(connection, notice);
                } else {
                    admission.recordAccepted(connection, notice, acceptedAt);
                }
                writeAlongside(connection, dispatch);
            });
        } catch (NoticeAdmission.AlreadyAccepted raced) {
            return admission.duplicateOf(dispatch);
        } catch (StepOutdated outdated) {
            // nothing of it was stored: the route sends it through the pipeline again, to be decided afresh
            return dispatch.asOutdated();
        }
        return dispatch;
    }

    private Map<String, Object> receivedDetails(Dispatch dispatch) {
        Notice notice = dispatch.notice();
        Map<String, Object> received = new LinkedHashMap<>();
        received.put("exchangeType", notice.exchangeType().slug());
        received.put("idempotencyKey", notice.idempotencyKey());
        received.put("noticeFingerprint", fingerprint.of(notice.fields()));
        received.put("fields", List.copyOf(notice.fields().keySet()));
        received.put("recipients", dispatch.recipients().stream().map(r -> r.id()).toList());
        if (!notice.auditFacts().isEmpty()) {
            received.put("facts", new TreeMap<>(notice.auditFacts()));
        }
        return received;
    }

    private AuditEvent received(Dispatch dispatch) {
        Notice notice = dispatch.notice();
        return new AuditEvent(AuditEventType.RECEIVED, notice.exchangeId(), notice.sender().id(), null,
                receivedDetails(dispatch));
    }

    /**
     * A held notice: received and held, with the reason; no decision, nothing in a mailbox. Its idempotency record
     * says it is held, so the same notice sent again is its duplicate and its release is accepted once.
     */
    private Dispatch recordHeld(Dispatch dispatch, List<AuditEvent> events) {
        Notice notice = dispatch.notice();
        events.add(new AuditEvent(AuditEventType.HELD, notice.exchangeId(), "gateway", null,
                Map.of("reason", dispatch.heldReason().orElseThrow())));
        Instant heldAt = clock.instant();
        try {
            auditLog.append(events, connection -> {
                admission.recordHeld(connection, notice, heldAt);
                writeAlongside(connection, dispatch);
            });
        } catch (NoticeAdmission.AlreadyAccepted raced) {
            return admission.duplicateOf(dispatch);
        }
        return dispatch;
    }

    /** What the exchange's own steps contributed (an episode's state), in the order they added it. */
    private static void writeAlongside(java.sql.Connection connection, Dispatch dispatch) throws java.sql.SQLException {
        for (Dispatch.DecidedWrite write : dispatch.writes()) {
            write.write(connection, dispatch);
        }
    }

    /**
     * What a decision entry records: the recipient's relation to the notice (the agreement entry that applies is
     * chosen by it: a host authority is told less than the responsible one), the agreement, its version and the
     * policy revision that decided (from which
     * the engine's reasons and the agreement's obligations can be reproduced), the lawful basis, and the fields
     * permitted and withheld. A denial also keeps its reasons, since no agreement explains it. The decision id
     * names the decision's row in the decision log, which keeps every decision's reasons and input digest.
     */
    static Map<String, Object> decisionDetails(String decisionId, String relation, PolicyDecision decision) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("decisionId", decisionId);
        details.put("relation", relation);
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
