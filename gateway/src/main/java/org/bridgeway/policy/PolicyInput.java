package org.bridgeway.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.bridgeway.adapters.Digests;
import org.bridgeway.audit.CanonicalJson;
import org.bridgeway.model.Notice;
import org.bridgeway.model.Organisation;

/**
 * The one question asked of a {@link PolicyDecisionPoint}: may this notice go to this recipient, and which of its
 * fields? {@link #toJson()} is exactly the document an OPA engine receives as {@code input}:
 *
 * <pre>{@code
 * {
 *   "exchangeType": "placement-notification",
 *   "sender":    {"id": "local-authority:886", "role": "local-authority"},
 *   "recipient": {"id": "police:kent",         "role": "police"},
 *   "fields": ["child.localId", "child.dateOfBirth", "placement.postcode"],
 *   "context": {"risks": "present"},
 *   "decisionDate": "2025-06-01"
 * }
 * }</pre>
 *
 * @param exchangeType the exchange type slug, e.g. {@code placement-notification}
 * @param sender       the organisation sharing the notice
 * @param recipient    the organisation that would receive it
 * @param fields       the canonical dotted names of the fields present in the notice (duplicates removed, order kept)
 * @param context      facts about the notice an agreement's {@code onlyWhen} conditions may test: the coded values
 *                     of the exchange type's {@link org.bridgeway.model.ExchangeType#policyFacts() policy facts}
 *                     (e.g. {@code "exclusion.category" -> "PERM"}, a list field comma-joined as in
 *                     {@link Notice#fields()}); other keys are carried but not consulted
 * @param decisionDate the date the decision is for: engines have no clock of their own
 */
public record PolicyInput(
        String exchangeType,
        Party sender,
        Party recipient,
        List<String> fields,
        Map<String, String> context,
        LocalDate decisionDate) {

    /**
     * One side of the exchange.
     *
     * @param id   the organisation id, {@code <role>:<code>}, e.g. {@code local-authority:886}
     * @param role the organisation type slug, e.g. {@code local-authority}, {@code police}, {@code health},
     *             {@code school}
     */
    public record Party(String id, String role) {
        public Party {
            Objects.requireNonNull(id, "party id");
            Objects.requireNonNull(role, "party role");
        }

        public static Party of(Organisation organisation) {
            return new Party(organisation.id(), organisation.type().slug());
        }

        ObjectNode toJson() {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.put("id", id);
            n.put("role", role);
            return n;
        }
    }

    public PolicyInput {
        Objects.requireNonNull(exchangeType, "exchangeType");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(decisionDate, "decisionDate");
        fields = fields == null ? List.of() : List.copyOf(new LinkedHashSet<>(fields));
        context = context == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(context));
    }

    /**
     * The input for sharing {@code notice} with {@code recipient} on {@code decisionDate}: the names of its fields,
     * and the values of only those fields its exchange type declares as policy facts.
     */
    public static PolicyInput of(Notice notice, Organisation recipient, LocalDate decisionDate) {
        Map<String, String> fields = notice.fields();
        Map<String, String> facts = new LinkedHashMap<>();
        for (String fact : notice.exchangeType().policyFacts()) {
            if (fields.containsKey(fact)) {
                facts.put(fact, fields.get(fact));
            }
        }
        return new PolicyInput(notice.exchangeType().slug(), Party.of(notice.sender()), Party.of(recipient),
                new ArrayList<>(fields.keySet()), facts, decisionDate);
    }

    /** The OPA {@code input} document. */
    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("exchangeType", exchangeType);
        n.set("sender", sender.toJson());
        n.set("recipient", recipient.toJson());
        fields.forEach(n.putArray("fields")::add);
        ObjectNode ctx = n.putObject("context");
        context.forEach(ctx::put);
        n.put("decisionDate", decisionDate.toString());
        return n;
    }

    /**
     * SHA-256 (hex) of the canonical JSON of {@link #toJson()} (keys sorted, no white space): identifies the
     * question asked without repeating it. The input holds organisation ids, roles, field names, a date and at
     * most a few coded facts (such as an exclusion's category and reason codes), never a name, date of birth or
     * identifier. Because those few codes could be guessed from the digest, the digest is kept in the decision
     * log only, never in the audit log.
     */
    public String digest() {
        return Digests.sha256(CanonicalJson.write(toJson()));
    }

    /**
     * Reads an input document as written by {@link #toJson()}.
     *
     * @throws IllegalArgumentException naming the missing or malformed member
     */
    public static PolicyInput fromJson(JsonNode n) {
        List<String> fields = new ArrayList<>();
        JsonNode f = n.path("fields");
        if (!f.isMissingNode() && !f.isArray()) {
            throw new IllegalArgumentException("input.fields must be an array of field names");
        }
        f.forEach(x -> fields.add(x.asText()));
        Map<String, String> context = new LinkedHashMap<>();
        n.path("context").fields().forEachRemaining(e -> context.put(e.getKey(), e.getValue().asText()));
        LocalDate date;
        try {
            date = LocalDate.parse(text(n, "decisionDate"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("input.decisionDate must be an ISO-8601 date: " + e.getMessage());
        }
        return new PolicyInput(text(n, "exchangeType"), party(n, "sender"), party(n, "recipient"), fields, context,
                date);
    }

    private static Party party(JsonNode n, String name) {
        JsonNode p = n.path(name);
        return new Party(text(p, "id", "input." + name + ".id"), text(p, "role", "input." + name + ".role"));
    }

    private static String text(JsonNode n, String name) {
        return text(n, name, "input." + name);
    }

    private static String text(JsonNode n, String name, String path) {
        JsonNode v = n.path(name);
        if (!v.isTextual()) {
            throw new IllegalArgumentException(path + " must be a string");
        }
        return v.asText();
    }
}
