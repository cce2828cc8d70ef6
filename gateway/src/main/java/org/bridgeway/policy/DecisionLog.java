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
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Every policy decision the gateway makes, allow and deny, in table {@code policy_decision} (Flyway
 * {@code V2__policy_decision_log.sql}): what a data protection officer reads to see why a recipient got, or did
 * not get, which fields, under which agreement, version and policy revision. Rows hold no personal data: the
 * question is kept as {@link PolicyInput#digest()}, the answer as field names, agreement references and reasons.
 *
 * <p>{@link #record} writes a dispatch's decisions in one transaction and throws when it cannot, so that the
 * exchange fails rather than disclosing anything whose decision is not on record.
 */
public final class DecisionLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };
    private static final String COLUMNS = "decision_id, exchange_id, recipient, decided_at, input_digest, agreement_id,"
            + " agreement_version, policy_revision, result, reasons, permitted, withheld, lawful_basis, retention,"
            + " obligations";

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

    /** Inserts the decisions on {@code c}, within the caller's transaction (the audit append's). */
    public void insert(Connection c, List<RecordedDecision> decisions) throws SQLException {
        if (decisions.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO policy_decision (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (RecordedDecision r : decisions) {
                PolicyDecision d = r.decision();
                if (d.policyRevision() == null) {
                    throw new IllegalArgumentException("decision " + r.decisionId() + " has no policy revision");
                }
                ps.setString(1, r.decisionId());
                ps.setString(2, r.exchangeId());
                ps.setString(3, r.recipient());
                ps.setString(4, r.decidedAt().toString());
                ps.setString(5, r.inputDigest());
                ps.setString(6, d.agreementId());
                ps.setString(7, d.agreementVersion());
                ps.setString(8, d.policyRevision());
                ps.setString(9, d.allow() ? "allow" : "deny");
                ps.setString(10, json(d.reasons()));
                ps.setString(11, json(d.permittedFields()));
                ps.setString(12, json(d.withheldFields()));
                ps.setString(13, d.lawfulBasis() == null ? null : json(d.lawfulBasis().toJson()));
                ps.setString(14, d.retention());
                ps.setString(15, json(d.obligations()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public Optional<RecordedDecision> find(String decisionId) {
        List<RecordedDecision> found = query("SELECT " + COLUMNS + " FROM policy_decision WHERE decision_id = ?",
                decisionId);
        return found.stream().findFirst();
    }

    /**
     * The decisions of one exchange, in the order they were made (then by recipient). Sorted here, not by the
     * database: decided_at is ISO-8601 text whose fraction has a varying length (12:00Z is before 12:00.001Z, but
     * not as text), and text order follows the database's collation, which differs between H2 and PostgreSQL.
     */
    public List<RecordedDecision> forExchange(String exchangeId) {
        List<RecordedDecision> found = query("SELECT " + COLUMNS + " FROM policy_decision WHERE exchange_id = ?",
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

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
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
