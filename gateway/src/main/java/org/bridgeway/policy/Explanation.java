package org.bridgeway.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bridgeway.adapters.Digests;

/**
 * What a decision says apart from whom it was for and when — its reasons, fields, lawful basis, retention and
 * obligations — as the decision log stores it (table {@code policy_explanation}): once, named by the SHA-256 of its
 * content, however many decisions say the same (every notice of one kind to one kind of recipient on one day does).
 *
 * @param id          the SHA-256 hex of the other components (for decisions recorded before explanations were
 *                    shared: the decision's own id)
 * @param reasons     JSON array of strings
 * @param permitted   JSON array of canonical field names
 * @param withheld    JSON array of canonical field names
 * @param lawfulBasis JSON object, or {@code null} on deny
 * @param retention   ISO-8601 period, or {@code null} on deny
 * @param obligations JSON array of strings
 */
record Explanation(String id, String reasons, String permitted, String withheld, String lawfulBasis,
                   String retention, String obligations) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Explanations already worked out, by what they explain: a decision log records thousands of each. */
    private static final Map<Said, Explanation> KNOWN = new ConcurrentHashMap<>();
    private static final int MOST_KNOWN = 4096;

    /** The parts of a decision its explanation holds. */
    private record Said(List<String> reasons, List<String> permitted, List<String> withheld, LawfulBasis lawfulBasis,
                        String retention, List<String> obligations) {
    }

    static Explanation of(PolicyDecision d) {
        Said said = new Said(d.reasons(), d.permittedFields(), d.withheldFields(), d.lawfulBasis(), d.retention(),
                d.obligations());
        Explanation known = KNOWN.get(said);
        if (known != null) {
            return known;
        }
        if (KNOWN.size() >= MOST_KNOWN) {
            KNOWN.clear(); // reasons name the day, so old explanations stop recurring; a cleared cache only costs time
        }
        Explanation worked = worked(said);
        KNOWN.put(said, worked);
        return worked;
    }

    private static Explanation worked(Said said) {
        String reasons = json(said.reasons());
        String permitted = json(said.permitted());
        String withheld = json(said.withheld());
        String lawfulBasis = said.lawfulBasis() == null ? null : json(said.lawfulBasis().toJson());
        String obligations = json(said.obligations());
        // a JSON array of the stored texts: unambiguous where the texts' own boundaries are concerned
        String id = Digests.sha256(json(Arrays.asList(reasons, permitted, withheld, lawfulBasis, said.retention(),
                obligations)));
        return new Explanation(id, reasons, permitted, withheld, lawfulBasis, said.retention(), obligations);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
