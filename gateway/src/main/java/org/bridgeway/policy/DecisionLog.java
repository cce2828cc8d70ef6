package org.bridgeway.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Every policy decision the gateway makes, allow and deny, in table {@code policy_decision} (Flyway
 * {@code V2__policy_decision_log.sql}): what a data protection officer reads to see why a recipient got, or did
 * not get, which fields, under which agreement, version and policy revision. Rows hold no personal data: the
 * question is kept as {@link PolicyInput#digest()}, the answer as field names, agreement references and reasons.
 * What a decision says apart from whom and when is kept once in {@code policy_explanation} ({@link Explanation},
 * {@code V55}) and named by every decision that says it.
 *
 * <p>{@link #record} writes a dispatch's decisions in one transaction and throws when it cannot, so that the
 * exchange fails rather than disclosing anything whose decision is not on record.
 */
public final class DecisionLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };
    private static final String COLUMNS = "decision_id, exchange_id, recipient, decided_at, input_digest, agreement_id,"
            + " agreement_version, policy_revision, result, explanation_id";
    /** Outer: a decision whose explanation were missing is reported as such, not silently left out. */
    private static final String READ = "SELECT d.decision_id, d.exchange_id, d.recipient, d.decided_at,"
            + " d.input_digest, d.agreement_id, d.agreement_version, d.policy_revision, d.result, d.explanation_id,"
            + " e.reasons,"
            + " e.permitted, e.withheld, e.lawful_basis, e.retention, e.obligations"
            + " FROM policy_decision d LEFT JOIN policy_explanation e ON e.explanation_id = d.explanation_id";

    private static final Comparator<RecordedDecision> IN_ORDER_MADE =
            Comparator.comparing(RecordedDecision::decidedAt).thenComparing(RecordedDecision::recipient);

    private final DataSource dataSource;

    public DecisionLog(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** Records the decisions, all or none. */
    public void record(List<RecordedDecision> decisions) {
        if (decisions.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                insert(c, decisions);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new DecisionLogUnavailableException("cannot record " + decisions.size()
                    + " policy decision(s) of exchange " + decisions.get(0).exchangeId() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Inserts the decisions on {@code c}, within the caller's transaction (the audit append's), and the explanations
     * among them that the log does not hold yet. The audit append holds the sequencer's lock, the one writer of the
     * log on any node, so no other transaction can insert an explanation between the look and the insert.
     */
    public void insert(Connection c, List<RecordedDecision> decisions) throws SQLException {
        if (decisions.isEmpty()) {
            return;
        }
        Map<String, Explanation> explanations = new LinkedHashMap<>();
        List<String> explanationIds = new ArrayList<>(decisions.size());
        for (RecordedDecision r : decisions) {
            if (r.decision().policyRevision() == null) {
                throw new IllegalArgumentException("decision " + r.decisionId() + " has no policy revision");
            }
            Explanation explanation = Explanation.of(r.decision());
            explanations.putIfAbsent(explanation.id(), explanation);
            explanationIds.add(explanation.id());
        }
        insertNew(c, explanations.values());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO policy_decision (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < decisions.size(); i++) {
                RecordedDecision r = decisions.get(i);
                PolicyDecision d = r.decision();
                ps.setString(1, r.decisionId());
                ps.setString(2, r.exchangeId());
                ps.setString(3, r.recipient());
                ps.setString(4, r.decidedAt().toString());
                ps.setString(5, r.inputDigest());
                ps.setString(6, d.agreementId());
                ps.setString(7, d.agreementVersion());
                ps.setString(8, d.policyRevision());
                ps.setString(9, d.allow() ? "allow" : "deny");
                ps.setString(10, explanationIds.get(i));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void insertNew(Connection c, Collection<Explanation> explanations) throws SQLException {
        List<Explanation> absent = new ArrayList<>();
        try (PreparedStatement look = c.prepareStatement(
                "SELECT 1 FROM policy_explanation WHERE explanation_id = ?")) {
            for (Explanation e : explanations) {
                look.setString(1, e.id());
                try (ResultSet rs = look.executeQuery()) {
                    if (!rs.next()) {
                        absent.add(e);
                    }
                }
            }
        }
        if (absent.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO policy_explanation (explanation_id, reasons,"
                + " permitted, withheld, lawful_basis, retention, obligations) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Explanation e : absent) {
                ps.setString(1, e.id());
                ps.setString(2, e.reasons());
                ps.setString(3, e.permitted());
                ps.setString(4, e.withheld());
                ps.setString(5, e.lawfulBasis());
                ps.setString(6, e.retention());
                ps.setString(7, e.obligations());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public Optional<RecordedDecision> find(String decisionId) {
        List<RecordedDecision> found = query(READ + " WHERE d.decision_id = ?",
                decisionId);
        return found.stream().findFirst();
    }

    /**
     * The decisions of one exchange, in the order they were made (then by recipient). Sorted here, not by the
     * database: decided_at is ISO-8601 text whose fraction has a varying length (12:00Z is before 12:00.001Z, but
     * not as text), and text order follows the database's collation, which differs between H2 and PostgreSQL.
     */
    public List<RecordedDecision> forExchange(String exchangeId) {
        List<RecordedDecision> found = query(READ + " WHERE d.exchange_id = ?",
                exchangeId);
        found.sort(IN_ORDER_MADE);
        return found;
    }

    private List<RecordedDecision> query(String sql, String key) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, key);
            List<RecordedDecision> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new DecisionLogUnavailableException("cannot read the decision log: " + e.getMessage(), e);
        }
    }

    private static RecordedDecision read(ResultSet rs) throws SQLException {
        if (rs.getString("reasons") == null) { // a column no explanation leaves null
            throw new IllegalStateException("the decision log's decision " + rs.getString("decision_id").trim()
                    + " names explanation " + rs.getString("explanation_id") + ", which the log does not hold");
        }
        String basisJson = rs.getString("lawful_basis");
        LawfulBasis basis = null;
        if (basisJson != null) {
            JsonNode b = tree(basisJson);
            basis = new LawfulBasis(text(b, "article6"), text(b, "article9"), text(b, "schedule1Condition"),
                    text(b, "part3Purpose"), text(b, "legalGateway"));
        }
        PolicyDecision decision = new PolicyDecision("allow".equals(rs.getString("result")),
                rs.getString("agreement_id"), rs.getString("agreement_version"), basis,
                strings(rs.getString("permitted")), strings(rs.getString("withheld")), rs.getString("retention"),
                strings(rs.getString("obligations")), strings(rs.getString("reasons")),
                rs.getString("policy_revision"));
        return new RecordedDecision(rs.getString("decision_id").trim(), rs.getString("exchange_id"),
                rs.getString("recipient"), Instant.parse(rs.getString("decided_at")),
                rs.getString("input_digest").trim(), decision);
    }

    private static String text(JsonNode n, String name) {
        JsonNode v = n.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the decision log holds malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static List<String> strings(String json) {
        try {
            return JSON.readValue(json, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the decision log holds malformed JSON: " + e.getOriginalMessage(), e);
        }
    }
}
