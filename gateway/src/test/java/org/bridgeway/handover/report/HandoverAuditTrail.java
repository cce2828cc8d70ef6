package org.bridgeway.handover.report;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bridgeway.audit.AuditEvent;
import org.bridgeway.audit.AuditEventType;
import org.bridgeway.audit.AuditLog;
import org.bridgeway.store.TimeOrderedIds;
import org.bridgeway.testing.AdjustableClock;

/**
 * A known audit trail of custody handovers on 4 December 2026, as RECEIVED entries with the shared contract's facts:
 * CH-a (Kent Police; Kent 886 and Devon 878; acknowledged at 5 and 12 minutes, answered by Devon at 20, collected
 * 2 hours later), CH-b (Kent Police, secure; Kent acknowledged at 10, Devon's acknowledgement and the answer overdue,
 * Kent offered non-secure at 75, certified impracticable), CH-c (Devon and Cornwall Police; Plymouth 879 and Devon;
 * acknowledged at 3, answered at 30, collected an hour later); CH-before and CH-after outside the day.
 */
public final class HandoverAuditTrail {
    public static final Instant DAY = Instant.parse("2026-12-04T00:00:00Z");

    private final AuditLog auditLog;
    private final AdjustableClock clock;

    /** @param clock the audit log's clock, moved to each step's time as it is appended */
    public HandoverAuditTrail(AuditLog auditLog, AdjustableClock clock) {
        this.auditLog = auditLog;
        this.clock = clock;
    }

    /** The audit trail: each step appended when it happened, with the contract's facts. */
    public void append() {
        Instant a = Instant.parse("2026-12-04T01:30:00Z");
        step("CH-a", "REQUESTED", a, "kent", "886", "878", Map.of("transfer.accommodationType", "NON_SECURE",
                "handover.responsibleFoundBy", "LOCATOR"));
        step("CH-a", "ACKNOWLEDGED", a.plus(Duration.ofMinutes(5)), "kent", "886", "878",
                Map.of("handover.actingAuthority", "878"));
        step("CH-a", "ACKNOWLEDGED", a.plus(Duration.ofMinutes(12)), "kent", "886", "878",
                Map.of("handover.actingAuthority", "886"));
        step("CH-a", "ANSWERED", a.plus(Duration.ofMinutes(20)), "kent", "886", "878",
                Map.of("handover.actingAuthority", "878", "handover.decision", "ACCEPT_NON_SECURE"));
        step("CH-a", "TRANSFERRED", a.plus(Duration.ofMinutes(140)), "kent", "886", "878", Map.of());

        Instant b = Instant.parse("2026-12-04T02:00:00Z");
        step("CH-b", "REQUESTED", b, "kent", "886", "878", Map.of("transfer.accommodationType", "SECURE",
                "handover.responsibleFoundBy", "HOME_POSTCODE"));
        step("CH-b", "ACKNOWLEDGED", b.plus(Duration.ofMinutes(10)), "kent", "886", "878",
                Map.of("handover.actingAuthority", "886"));
        deadline("CH-b", "ACKNOWLEDGEMENT_OVERDUE", "878", b.plus(Duration.ofMinutes(15)));
        deadline("CH-b", "ANSWER_REMINDER", null, b.plus(Duration.ofMinutes(60)));
        deadline("CH-b", "ANSWER_OVERDUE", null, b.plus(Duration.ofMinutes(60)));
        step("CH-b", "ANSWERED", b.plus(Duration.ofMinutes(75)), "kent", "886", "878",
                Map.of("handover.actingAuthority", "886", "handover.decision",
                        "SECURE_UNAVAILABLE_NON_SECURE_OFFERED"));
        step("CH-b", "CERTIFIED", b.plus(Duration.ofMinutes(200)), "kent", "886", "878",
                Map.of("certificate.limb", "IMPRACTICABLE", "certificate.reasonCategory", "TRAVEL_CIRCUMSTANCES",
                        "certificate.authorityFailedToProvide", "false"));

        Instant c = Instant.parse("2026-12-04T03:00:00Z");
        step("CH-c", "REQUESTED", c, "devon-and-cornwall", "879", "878",
                Map.of("transfer.accommodationType", "NON_SECURE", "handover.responsibleFoundBy", "LOCATOR"));
        step("CH-c", "ACKNOWLEDGED", c.plus(Duration.ofMinutes(3)), "devon-and-cornwall", "879", "878",
                Map.of("handover.actingAuthority", "879"));
        step("CH-c", "ANSWERED", c.plus(Duration.ofMinutes(30)), "devon-and-cornwall", "879", "878",
                Map.of("handover.actingAuthority", "879", "handover.decision", "ACCEPT_NON_SECURE"));
        step("CH-c", "TRANSFERRED", c.plus(Duration.ofMinutes(90)), "devon-and-cornwall", "879", "878", Map.of());

        step("CH-before", "REQUESTED", DAY.minus(Duration.ofHours(1)), "kent", "886", null,
                Map.of("transfer.accommodationType", "NON_SECURE", "handover.responsibleFoundBy", "NOT_FOUND"));
        step("CH-after", "REQUESTED", DAY.plus(Duration.ofHours(25)), "kent", "886", null,
                Map.of("transfer.accommodationType", "NON_SECURE", "handover.responsibleFoundBy", "NOT_FOUND"));
        // not a RECEIVED entry: never counted
        auditLog.append(new AuditEvent(AuditEventType.DISCLOSED, TimeOrderedIds.next(), "gateway",
                "local-authority:886", Map.of("facts", Map.of("handover.id", "CH-a", "handover.step", "REQUESTED"))));
    }

    private void step(String id, String step, Instant at, String force, String suite, String responsible,
                      Map<String, String> more) {
        step(id, step, at, at, force, suite, responsible, more);
    }

    /** One step whose sender states {@code statedAt}, received by the gateway at {@code receivedAt}. */
    public void step(String id, String step, Instant statedAt, Instant receivedAt, String force, String suite,
                     String responsible, Map<String, String> more) {
        Map<String, String> facts = new LinkedHashMap<>(more);
        facts.put("handover.id", id);
        facts.put("handover.step", step);
        facts.put("custody.force", force);
        facts.put("handover.suiteAuthority", suite);
        if (responsible != null) {
            facts.put("handover.responsibleAuthority", responsible);
        }
        facts.put("handover.stepAt", statedAt.toString());
        String sender = step.equals("ACKNOWLEDGED") || step.equals("ANSWERED")
                ? "local-authority:" + facts.get("handover.actingAuthority") : "police:" + force;
        received("custody-handover", sender, receivedAt, facts);
    }

    private void deadline(String id, String event, String authority, Instant due) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("handover.id", id);
        facts.put("deadline.event", event);
        if (authority != null) {
            facts.put("deadline.authority", authority);
        }
        facts.put("custody.force", "kent");
        facts.put("deadline.dueAt", due.toString());
        received("custody-handover-deadline", "police:kent", due, facts);
    }

    private void received(String exchangeType, String sender, Instant at, Map<String, String> facts) {
        clock.advance(Duration.between(clock.instant(), at.plusSeconds(2))); // recorded a moment after the step: the report uses the recorded time
        auditLog.append(new AuditEvent(AuditEventType.RECEIVED, TimeOrderedIds.next(), sender, null, Map.of(
                "exchangeType", exchangeType, "fields", List.of(), "facts", facts)));
    }
}
