package org.bridgeway.console;

import java.util.List;
import java.util.Optional;
import org.bridgeway.audit.AuditLog;
import org.bridgeway.audit.AuditRecord;
import org.bridgeway.policy.DecisionLog;
import org.bridgeway.policy.LawfulBasis;
import org.bridgeway.policy.PolicyDecision;
import org.bridgeway.policy.RecordedDecision;

/**
 * "Why was this shared?" for a data protection officer: one exchange's policy decisions (the agreement and version,
 * the lawful basis, the fields shared and withheld, the reasons, the policy revision and a digest of what was
 * decided on) and its audit trail, from the decision log and the audit log. A DPO answers for their own organisation:
 * the sender's DPO sees every recipient's decision; a recipient's, only those about their organisation. Nothing
 * here is personal data: decisions name fields, never their values, and audit entries carry identifiers and digests.
 */
public final class DisclosureInquiry {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private final DecisionLog decisions;
    private final AuditLog auditLog;

    public DisclosureInquiry(DecisionLog decisions, AuditLog auditLog) {
        this.decisions = decisions;
        this.auditLog = auditLog;
    }

    /** One recipient's decision, for reading. */
    public record Decision(String recipient, String decidedAt, boolean allowed, String agreement, List<String> basis,
                           List<String> shared, List<String> withheld, List<String> reasons, List<String> obligations,
                           String policyRevision, String inputDigest) {
    }

    /** An audit entry of the exchange: its place in the log, what happened, who to whom. */
    public record Step(long seq, String recordedAt, String type, String actor, String subject) {
    }

    /** What the DPO may see of the exchange: empty when their organisation neither sent it nor was asked about. */
    public record Answer(String exchangeId, String sender, List<Decision> decisions, List<Step> trail) {
    }

    public Optional<Answer> ask(ConsolePerson person, String exchangeId) {
        String own = person.organisation().id();
        List<Step> entries = auditLog.entriesFor(exchangeId).stream().map(DisclosureInquiry::step).toList();
        String sender = entries.stream().filter(e -> "RECEIVED".equals(e.type()))
                .map(Step::actor).findFirst().orElse(null);
        boolean sent = own.equals(sender);
        List<RecordedDecision> recorded = decisions.forExchange(exchangeId).stream()
                .filter(d -> sent || d.recipient().equals(own)).toList();
        if (!sent && recorded.isEmpty()) {
            return Optional.empty();
        }
        List<Step> trail = entries.stream().filter(e -> sent || own.equals(e.actor()) || own.equals(e.subject()))
                .toList();
        return Optional.of(new Answer(exchangeId, sender, recorded.stream().map(DisclosureInquiry::decision).toList(),
                trail));
    }

    /** The entry read once: its JSON parsed for the three fields the trail shows. */
    private static Step step(AuditRecord record) {
        com.fasterxml.jackson.databind.JsonNode entry;
        try {
            entry = JSON.readTree(record.entryJson());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("audit entry " + record.seq() + " is not JSON", e);
        }
        return new Step(record.seq(), record.recordedAt(), entry.path("type").asText(null),
                entry.path("actor").asText(null), entry.path("subject").asText(null));
    }

    /** A lawful basis as the lines a person reads, each naming its own law ("UK GDPR Art 6(1)(e) public task"). */
    static List<String> basisLines(LawfulBasis b) {
        return b == null ? List.of() : java.util.stream.Stream.of(b.article6(), b.article9(), b.schedule1Condition(),
                b.part3Purpose(), b.legalGateway()).filter(v -> v != null && !v.isBlank()).toList();
    }

    private static Decision decision(RecordedDecision r) {
        PolicyDecision d = r.decision();
        List<String> basis = basisLines(d.lawfulBasis());
        String agreement = d.agreementId() == null ? null : d.agreementId() + ", version " + d.agreementVersion();
        return new Decision(r.recipient(), r.decidedAt().toString(), d.allow(), agreement, basis,
                d.permittedFields(), d.withheldFields(), d.reasons(), d.obligations(), d.policyRevision(),
                r.inputDigest());
    }
}
