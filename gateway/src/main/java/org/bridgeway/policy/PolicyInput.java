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
import java.util.regex.Pattern;
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
 *   "recipient": {"id": "police:kent",         "role": "police", "relation": "placement-area-force"},
 *   "fields": ["child.localId", "child.dateOfBirth", "placement.postcode"],
 *   "context": {"risks": "present"},
 *   "decisionDate": "2025-06-01"
 * }
 * }</pre>
 *
 * @param exchangeType the exchange type slug, e.g. {@code placement-notification}
 * @param sender       the organisation sharing the notice
 * @param recipient    the organisation that would receive it, with its relation to the notice when the question is
 *                     asked for a resolved recipient (an agreement's recipient entry may serve only some relations)
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

    /** A relation: a lower-case slug, such as {@code handling-force}. */
    private static final Pattern RELATION = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    /**
     * One side of the exchange.
     *
     * @param id       the organisation id, {@code <role>:<code>}, e.g. {@code local-authority:886}
     * @param role     the organisation type slug, e.g. {@code local-authority}, {@code police}, {@code health},
     *                 {@code school}
     * @param relation the recipient's relation to the notice (e.g. {@code host-authority}); null for the sender,
     *                 and for a recipient asked about without one, whom only entries listing no relations serve
     */
    public record Party(String id, String role, String relation) {
        public Party {
            Objects.requireNonNull(id, "party id");
            Objects.requireNonNull(role, "party role");
            if (relation != null) {
                checkRelation(relation);
            }
        }

        /** A party in no relation: a sender, or a recipient asked about in none. */
        public Party(String id, String role) {
            this(id, role, null);
        }

        public static Party of(Organisation organisation) {
            return new Party(organisation.id(), organisation.type().slug());
        }

        public static Party of(Organisation organisation, String relation) {
            return new Party(organisation.id(), organisation.type().slug(), checkRelation(relation));
        }

        ObjectNode toJson() {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.put("id", id);
            n.put("role", role);
            if (relation != null) {
                n.put("relation", relation);
            }
            return n;
        }
    }

    /**
     * Checks that {@code relation} is a relation's name, a lower-case slug such as {@code child-health-team}.
     *
     * @return the relation
     * @throws IllegalArgumentException when it is not
     */
    public static String checkRelation(String relation) {
        Objects.requireNonNull(relation, "relation");
        if (!RELATION.matcher(relation).matches()) {
            throw new IllegalArgumentException("a relation is a lower-case slug such as host-authority, not '"
                    + relation + "'");
        }
        return relation;
    }

    public PolicyInput {
        Objects.requireNonNull(exchangeType, "exchangeType");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(decisionDate, "decisionDate");
        if (sender.relation() != null) {
            throw new IllegalArgumentException("the sender has no relation to its own notice");
        }
        fields = fields == null ? List.of() : List.copyOf(new LinkedHashSet<>(fields));
        context = context == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(context));
    }

    /**
     * The input for sharing {@code notice} with {@code recipient}, in its {@code relation} to the notice, on
     * {@code decisionDate}: the names of its fields, and the values of only those fields its exchange type declares
     * as policy facts.
     */
    public static PolicyInput of(Notice notice, Organisation recipient, String relation, LocalDate decisionDate) {
        return of(notice, Party.of(recipient, relation), decisionDate);
    }

    /**
     * The input for sharing {@code notice} with {@code recipient} in no particular relation (as {@code policy
     * explain} asks about an organisation the recipient rule does not name): only agreement entries that list no
     * relations can answer it.
     */
    public static PolicyInput of(Notice notice, Organisation recipient, LocalDate decisionDate) {
        return of(notice, Party.of(recipient), decisionDate);
    }

    private static PolicyInput of(Notice notice, Party recipient, LocalDate decisionDate) {
        Map<String, String> fields = notice.fields();
        Map<String, String> facts = new LinkedHashMap<>();
        for (String fact : notice.exchangeType().policyFacts()) {
            if (fields.containsKey(fact)) {
                facts.put(fact, fields.get(fact));
            }
        }
        return new PolicyInput(notice.exchangeType().slug(), Party.of(notice.sender()), recipient,
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
     * question asked without repeating it. The input holds organisation ids, roles, the recipient's relation, field
     * names, a date and at most a few coded facts (such as an exclusion's category and reason codes), never a name,
     * date of birth or identifier. Because those few codes could be guessed from the digest, the digest is kept in
     * the decision log only, never in the audit log.
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
        String relation = null;
        if (p.has("relation")) {
            relation = text(p, "relation", "input." + name + ".relation");
            try {
                checkRelation(relation);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("input." + name + ".relation: " + e.getMessage(), e);
            }
        }
        return new Party(text(p, "id", "input." + name + ".id"), text(p, "role", "input." + name + ".role"),
                relation);
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
