package org.bridgeway.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.bridgeway.audit.AuditEventType;
import org.bridgeway.audit.AuditLog;
import org.bridgeway.policy.DecisionLog;
import org.bridgeway.policy.PolicyDecision;
import org.bridgeway.policy.RecordedDecision;

/**
 * {@code GET /api/v1/decisions?exchangeId=…}: the policy decisions of one exchange, for oversight (a data
 * protection officer, an auditor). Decision metadata only: recipient, result, agreement, lawful basis, the names of
 * the fields permitted and withheld, reasons; never a field's value. An auditor sees every decision; anyone else
 * only the exchanges its organisation is party to: the sender sees every decision of its exchange, a recipient only
 * those about itself, and for anyone else the exchange does not exist (404), as with receipts.
 */
public final class DecisionsApi {
    private static final String EXCHANGE_ID = "[A-Za-z0-9._:-]{1,100}";

    private final DecisionLog decisions;
    private final AuditLog auditLog;
    private final CallerIdentity callers;

    public DecisionsApi(DecisionLog decisions, AuditLog auditLog, CallerIdentity callers) {
        this.decisions = decisions;
        this.auditLog = auditLog;
        this.callers = callers;
    }

    public void ofExchange(Exchange exchange) {
        Optional<Caller> authenticated = ApiResponses.authenticatedCaller(callers, exchange);
        if (authenticated.isEmpty()) {
            return;
        }
        Caller caller = authenticated.get();
        String exchangeId = exchange.getMessage().getHeader("exchangeId", String.class);
        if (exchangeId == null || !exchangeId.matches(EXCHANGE_ID)) {
            ApiResponses.problem(exchange, 400, "Bad request", "query parameter 'exchangeId' is required", null);
            return;
        }
        List<RecordedDecision> all = decisions.forExchange(exchangeId);
        String organisation = caller.organisation().id();
        List<RecordedDecision> visible = caller.roles().contains(ApiAuthorisation.AUDITOR) || sentBy(exchangeId,
                organisation) ? all : all.stream().filter(d -> organisation.equals(d.recipient())).toList();
        if (visible.isEmpty()) {
            ApiResponses.problem(exchange, 404, "Not found", "no decisions of this exchange concern the caller", null);
            return;
        }
        ApiResponses.json(exchange, 200, Map.of("exchangeId", exchangeId,
                "decisions", visible.stream().map(DecisionsApi::view).toList()));
    }

    private boolean sentBy(String exchangeId, String organisation) {
        return auditLog.entriesFor(exchangeId).stream().anyMatch(r -> AuditEventType.RECEIVED.name()
                .equals(r.field("type")) && organisation.equals(r.field("actor")));
    }

    private static Map<String, Object> view(RecordedDecision recorded) {
        PolicyDecision d = recorded.decision();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("decisionId", recorded.decisionId());
        out.put("recipient", recorded.recipient());
        out.put("decidedAt", recorded.decidedAt().toString());
        out.put("result", d.allow() ? "allow" : "deny");
        out.put("agreementId", d.agreementId());
        out.put("agreementVersion", d.agreementVersion());
        out.put("policyRevision", d.policyRevision());
        out.put("lawfulBasis", d.lawfulBasis() == null ? null : d.lawfulBasis().toJson());
        out.put("permittedFields", d.permittedFields());
        out.put("withheldFields", d.withheldFields());
        out.put("retention", d.retention());
        out.put("reasons", d.reasons());
        return out;
    }
}
