package org.bridgeway.handover.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.bridgeway.audit.AuditRecord;
import org.bridgeway.directory.AuthorityDirectory;
import org.bridgeway.model.ExchangeType;

/**
 * The Concordat figures of the handovers requested in {@code [from, to)}, read from the audit trail only: the RECEIVED
 * entries of custody-handover and custody-handover-deadline notices and the facts they keep (the shared contract's
 * keys). A handover belongs to the period its request was received in; its later steps count with it whenever they
 * came. Times are the audit entries' own (when the gateway received each step), never the {@code handover.stepAt}
 * its sender states: an authority cannot look quicker by backdating its acknowledgement, nor a force's request
 * look older than it is. The stated time stays in the facts as what the sender said.
 *
 * <p>A force's figures are of the handovers it requested; an authority's of those it was asked, counting its own
 * acknowledgements, the answers it gave, the collections it owned and the escalations that concerned it.
 */
public final class ConcordatReport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 5_000;

    /** Whose figures: everyone's, one force's (data.police.uk slug), or one authority's (DfE number). */
    public record Scope(Optional<String> force, Optional<String> authority) {
        public static final Scope ALL = new Scope(Optional.empty(), Optional.empty());

        public static Scope force(String force) {
            return new Scope(Optional.of(force), Optional.empty());
        }

        public static Scope authority(String authority) {
            return new Scope(Optional.empty(), Optional.of(authority));
        }

        String describe() {
            return force.map(f -> "force " + f).or(() -> authority.map(a -> "authority " + a)).orElse("all");
        }
    }

    /**
     * The figures of {@code scope}; for everyone's, also each force's and each authority's.
     */
    public record Report(Instant from, Instant to, Scope scope, ConcordatFigures figures,
                         SortedMap<String, ConcordatFigures> byForce,
                         SortedMap<String, ConcordatFigures> byAuthority) {

        public Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("from", from.toString());
            json.put("to", to.toString());
            scope.force().ifPresent(f -> json.put("force", f));
            scope.authority().ifPresent(a -> json.put("authority", a));
            json.put("figures", figures.toJson());
            if (!byForce.isEmpty() || !byAuthority.isEmpty()) {
                Map<String, Object> forces = new LinkedHashMap<>();
                byForce.forEach((k, v) -> forces.put(k, v.toJson()));
                Map<String, Object> authorities = new LinkedHashMap<>();
                byAuthority.forEach((k, v) -> authorities.put(k, v.toJson()));
                json.put("byForce", forces);
                json.put("byAuthority", authorities);
            }
            return json;
        }

        public String toText() {
            StringBuilder text = new StringBuilder("Concordat figures, handovers requested from " + from + " to " + to
                    + ", " + scope.describe() + "\n").append(figures.toText("  "));
            byForce.forEach((k, v) -> text.append("force ").append(k).append('\n').append(v.toText("  ")));
            byAuthority.forEach((k, v) -> text.append("authority ").append(k).append('\n').append(v.toText("  ")));
            return text.toString();
        }
    }

    private final AuditEntries audit;

    /**
     * A period's bound as the CLI and the API take it: a date (its midnight in England, as a working day is counted
     * there) or an instant.
     *
     * @throws DateTimeParseException when it is neither
     */
    public static Instant bound(String text) {
        return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(AuthorityDirectory.ENGLAND).toInstant()
                : Instant.parse(text);
    }

    public ConcordatReport(AuditEntries audit) {
        this.audit = audit;
    }

    public Report report(Instant from, Instant to, Scope scope) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("the period's start must be before its end");
        }
        List<Handover> handovers = read().values().stream()
                .filter(h -> h.requestedAt != null && !h.requestedAt.isBefore(from) && h.requestedAt.isBefore(to))
                .toList();
        SortedMap<String, ConcordatFigures> byForce = new TreeMap<>();
        SortedMap<String, ConcordatFigures> byAuthority = new TreeMap<>();
        if (scope.equals(Scope.ALL)) {
            Set<String> forces = new HashSet<>();
            Set<String> authorities = new HashSet<>();
            handovers.forEach(h -> {
                forces.add(h.force);
                authorities.addAll(h.asked());
            });
            forces.forEach(f -> byForce.put(f, figures(handovers, Scope.force(f))));
            authorities.forEach(a -> byAuthority.put(a, figures(handovers, Scope.authority(a))));
        }
        return new Report(from, to, scope, figures(handovers, scope), byForce, byAuthority);
    }

    private static ConcordatFigures figures(List<Handover> all, Scope scope) {
        List<Handover> hs = all.stream().filter(h -> scope.force().map(h.force::equals).orElse(true)
                && scope.authority().map(a -> h.asked().contains(a)).orElse(true)).toList();
        Predicate<String> ours = authority -> scope.authority().map(a -> a.equals(authority)).orElse(true);
        SortedMap<String, Integer> secureOutcomes = new TreeMap<>();
        SortedMap<String, Integer> answers = new TreeMap<>();
        SortedMap<String, Integer> byLimb = new TreeMap<>();
        SortedMap<String, Integer> byReason = new TreeMap<>();
        SortedMap<String, Integer> escalations = new TreeMap<>();
        List<Duration> toAcknowledge = new ArrayList<>();
        List<Duration> toAnswer = new ArrayList<>();
        List<Duration> toCollect = new ArrayList<>();
        int secure = 0;
        int transfers = 0;
        int failed = 0;
        for (Handover h : hs) {
            if ("SECURE".equals(h.accommodation)) {
                secure++;
                secureOutcomes.merge(h.decision != null ? h.decision : "UNANSWERED", 1, Integer::sum);
            }
            if (h.decision != null) {
                answers.merge(h.decision, 1, Integer::sum);
            }
            if (h.transferredAt != null) {
                transfers++;
            }
            if (h.limb != null) {
                byLimb.merge(h.limb, 1, Integer::sum);
                byReason.merge(h.reasonCategory != null ? h.reasonCategory : "UNSTATED", 1, Integer::sum);
                if (h.authorityFailedToProvide) {
                    failed++;
                }
            }
            // an escalation that names no authority (a missed answer) concerns every asked one
            h.escalations.stream().filter(e -> e.authority().map(ours::test).orElse(true))
                    .forEach(e -> escalations.merge(e.event(), 1, Integer::sum));
            h.acknowledgedAt.forEach((authority, at) -> {
                if (ours.test(authority)) {
                    toAcknowledge.add(Duration.between(h.requestedAt, at));
                }
            });
            if (h.answeredAt != null && ours.test(h.owner)) {
                toAnswer.add(Duration.between(h.requestedAt, h.answeredAt));
                if (h.transferredAt != null) {
                    toCollect.add(Duration.between(h.answeredAt, h.transferredAt));
                }
            }
        }
        return new ConcordatFigures(hs.size(), secure, secureOutcomes, answers, transfers, byLimb, byReason, failed,
                escalations, Times.of(toAcknowledge), Times.of(toAnswer), Times.of(toCollect));
    }

    /** A missed deadline: its event, and the authority it names (none for a missed answer). */
    private record Escalation(String event, Optional<String> authority) {
    }

    /** One handover as its audit entries tell it. */
    private static final class Handover {
        String force;
        String suite;
        String responsible;
        String accommodation;
        Instant requestedAt;
        final Map<String, Instant> acknowledgedAt = new TreeMap<>();
        String owner;
        String decision;
        Instant answeredAt;
        Instant transferredAt;
        String limb;
        String reasonCategory;
        boolean authorityFailedToProvide;
        final List<Escalation> escalations = new ArrayList<>();

        Set<String> asked() {
            Set<String> asked = new HashSet<>();
            if (suite != null) {
                asked.add(suite);
            }
            if (responsible != null) {
                asked.add(responsible);
            }
            return asked;
        }
    }

    private Map<String, Handover> read() {
        Map<String, Handover> handovers = new LinkedHashMap<>();
        long size = audit.size();
        for (long start = 0; start < size; start += PAGE) {
            for (AuditRecord r : audit.entries(start, Math.min(size, start + PAGE))) {
                JsonNode entry = parse(r);
                if (!"RECEIVED".equals(entry.path("type").asText())) {
                    continue;
                }
                JsonNode details = entry.path("details");
                JsonNode facts = details.path("facts");
                String type = details.path("exchangeType").asText();
                String id = facts.path("handover.id").asText(null);
                if (id == null) {
                    continue;
                }
                Handover h = handovers.computeIfAbsent(id, k -> new Handover());
                if (type.equals(ExchangeType.CUSTODY_HANDOVER.slug())) {
                    step(h, facts, Instant.parse(r.recordedAt()));
                } else if (type.equals(ExchangeType.CUSTODY_HANDOVER_DEADLINE.slug())) {
                    String event = facts.path("deadline.event").asText();
                    if (event.endsWith("_OVERDUE")) {
                        h.escalations.add(new Escalation(event,
                                Optional.ofNullable(facts.path("deadline.authority").asText(null))));
                    }
                }
            }
        }
        return handovers;
    }

    private static void step(Handover h, JsonNode facts, Instant at) {
        String acting = facts.path("handover.actingAuthority").asText(null);
        switch (facts.path("handover.step").asText()) {
            case "REQUESTED" -> {
                h.force = facts.path("custody.force").asText(null);
                h.suite = facts.path("handover.suiteAuthority").asText(null);
                h.responsible = facts.path("handover.responsibleAuthority").asText(null);
                h.accommodation = facts.path("transfer.accommodationType").asText(null);
                h.requestedAt = at;
            }
            case "ACKNOWLEDGED" -> {
                if (acting != null) {
                    h.acknowledgedAt.putIfAbsent(acting, at);
                }
            }
            case "ANSWERED" -> {
                if (h.answeredAt == null) { // the first answer owns it; the contract refuses a second
                    h.owner = acting;
                    h.decision = facts.path("handover.decision").asText(null);
                    h.answeredAt = at;
                }
            }
            case "TRANSFERRED" -> h.transferredAt = at;
            case "CERTIFIED" -> {
                h.limb = facts.path("certificate.limb").asText(null);
                h.reasonCategory = facts.path("certificate.reasonCategory").asText(null);
                h.authorityFailedToProvide = facts.path("certificate.authorityFailedToProvide").asBoolean(false)
                        || "true".equals(facts.path("certificate.authorityFailedToProvide").asText());
            }
            default -> {
                // a step this report does not count
            }
        }
    }

    private static JsonNode parse(AuditRecord r) {
        try {
            return JSON.readTree(r.entryJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit entry " + r.seq() + " is not JSON", e);
        }
    }
}
