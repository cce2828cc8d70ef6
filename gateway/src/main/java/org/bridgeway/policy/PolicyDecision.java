package org.bridgeway.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The answer of a {@link PolicyDecisionPoint}. On allow, {@code permittedFields} are the fields present in the
 * notice that the recipient may see and {@code withheldFields} the rest; on deny nothing is disclosed and every
 * present field is withheld. Either way {@code permittedFields} and {@code withheldFields} partition the fields of
 * the input, and {@code reasons} say, step by step, why.
 *
 * @param allow            whether anything may be shared with this recipient
 * @param agreementId      the information sharing agreement the decision rests on; {@code null} on deny
 * @param agreementVersion that agreement's version; {@code null} on deny
 * @param lawfulBasis      the grounds for the disclosure; {@code null} on deny
 * @param permittedFields  present ∩ permitted, in input order
 * @param withheldFields   present − permitted, in input order
 * @param retention        how long the recipient may keep the disclosed data, an ISO-8601 period (e.g. {@code P2Y});
 *                         {@code null} on deny
 * @param obligations      what the recipient must do (record receipt, no onward sharing without a further decision, ...)
 * @param reasons          human-readable account of every step
 * @param policyRevision   the {@link PolicyDecisionPoint#revision()} of the policy set that decided
 */
public record PolicyDecision(
        boolean allow,
        String agreementId,
        String agreementVersion,
        LawfulBasis lawfulBasis,
        List<String> permittedFields,
        List<String> withheldFields,
        String retention,
        List<String> obligations,
        List<String> reasons,
        String policyRevision) {

    public PolicyDecision {
        permittedFields = permittedFields == null ? List.of() : List.copyOf(permittedFields);
        withheldFields = withheldFields == null ? List.of() : List.copyOf(withheldFields);
        obligations = obligations == null ? List.of() : List.copyOf(obligations);
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        if (!allow && !permittedFields.isEmpty()) {
            throw new IllegalArgumentException("a denial permits no fields");
        }
    }

    /** A denial with the given reasons: nothing permitted, no agreement, no revision (see the {@code with} methods). */
    public static PolicyDecision deny(String... reasons) {
        return deny(Arrays.asList(reasons));
    }

    public static PolicyDecision deny(List<String> reasons) {
        return new PolicyDecision(false, null, null, null, List.of(), List.of(), null, List.of(), reasons, null);
    }

    public PolicyDecision withPolicyRevision(String revision) {
        return new PolicyDecision(allow, agreementId, agreementVersion, lawfulBasis, permittedFields, withheldFields,
                retention, obligations, reasons, revision);
    }

    public PolicyDecision withWithheldFields(List<String> withheld) {
        return new PolicyDecision(allow, agreementId, agreementVersion, lawfulBasis, permittedFields, withheld,
                retention, obligations, reasons, policyRevision);
    }

    /** The decision as JSON, the shape an OPA engine returns as its result and the audit log records. */
    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("allow", allow);
        n.put("agreementId", agreementId);
        n.put("agreementVersion", agreementVersion);
        if (lawfulBasis == null) {
            n.putNull("lawfulBasis");
        } else {
            n.set("lawfulBasis", lawfulBasis.toJson());
        }
        permittedFields.forEach(n.putArray("permittedFields")::add);
        withheldFields.forEach(n.putArray("withheldFields")::add);
        n.put("retention", retention);
        obligations.forEach(n.putArray("obligations")::add);
        reasons.forEach(n.putArray("reasons")::add);
        n.put("policyRevision", policyRevision);
        return n;
    }

    /**
     * Reads a decision as written by {@link #toJson()} (the {@code result} an OPA engine returns), checking what a
     * decision must say: {@code allow} is a boolean; an allow names its agreement ({@code agreementId}) and a lawful
     * basis with {@code article6} and {@code legalGateway} (an {@code article9} only with its
     * {@code schedule1Condition}) and permits at least one field; a denial permits nothing. Absent lists are empty,
     * absent strings {@code null}. Whether the fields belong to the input is for the caller to check.
     *
     * @throws IllegalArgumentException naming the missing or malformed member
     */
    public static PolicyDecision fromJson(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("decision must be a JSON object, got " + kind(n));
        }
        JsonNode allowNode = n.get("allow");
        if (allowNode == null || !allowNode.isBoolean()) {
            throw new IllegalArgumentException("decision.allow must be true or false, got " + kind(allowNode));
        }
        boolean allow = allowNode.booleanValue();
        String agreementId = optionalText(n, "agreementId");
        String agreementVersion = optionalText(n, "agreementVersion");
        LawfulBasis basis = lawfulBasis(n.get("lawfulBasis"));
        List<String> permitted = strings(n, "permittedFields");
        List<String> withheld = strings(n, "withheldFields");
        if (allow) {
            if (agreementId == null || agreementId.isBlank()) {
                throw new IllegalArgumentException("decision.agreementId is required when allow is true");
            }
            if (basis == null) {
                throw new IllegalArgumentException("decision.lawfulBasis is required when allow is true");
            }
            if (permitted.isEmpty()) {
                throw new IllegalArgumentException("decision.permittedFields must not be empty when allow is true");
            }
        } else if (!permitted.isEmpty()) {
            throw new IllegalArgumentException("decision.permittedFields must be empty when allow is false");
        }
        for (String f : permitted) {
            if (withheld.contains(f)) {
                throw new IllegalArgumentException("decision field " + f + " is both permitted and withheld");
            }
        }
        return new PolicyDecision(allow, agreementId, agreementVersion, basis, permitted, withheld,
                optionalText(n, "retention"), strings(n, "obligations"), strings(n, "reasons"),
                optionalText(n, "policyRevision"));
    }

    private static LawfulBasis lawfulBasis(JsonNode lb) {
        if (lb == null || lb.isNull()) {
            return null;
        }
        if (!lb.isObject()) {
            throw new IllegalArgumentException("decision.lawfulBasis must be an object or null, got " + kind(lb));
        }
        String article6 = optionalText(lb, "article6", "decision.lawfulBasis.article6");
        String legalGateway = optionalText(lb, "legalGateway", "decision.lawfulBasis.legalGateway");
        if (article6 == null || article6.isBlank()) {
            throw new IllegalArgumentException("decision.lawfulBasis.article6 is required");
        }
        if (legalGateway == null || legalGateway.isBlank()) {
            throw new IllegalArgumentException("decision.lawfulBasis.legalGateway is required");
        }
        String article9 = optionalText(lb, "article9", "decision.lawfulBasis.article9");
        String schedule1 = optionalText(lb, "schedule1Condition", "decision.lawfulBasis.schedule1Condition");
        if ((article9 == null) != (schedule1 == null)) {
            throw new IllegalArgumentException(
                    "decision.lawfulBasis.article9 and schedule1Condition must be both present or both null");
        }
        return new LawfulBasis(article6, article9, schedule1,
                optionalText(lb, "part3Purpose", "decision.lawfulBasis.part3Purpose"), legalGateway);
    }

    private static String optionalText(JsonNode n, String name) {
        return optionalText(n, name, "decision." + name);
    }

    private static String optionalText(JsonNode n, String name, String path) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(path + " must be a string or null, got " + kind(v));
        }
        return v.textValue();
    }

    private static List<String> strings(JsonNode n, String name) {
        JsonNode v = n.get(name);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            throw new IllegalArgumentException("decision." + name + " must be an array of strings, got " + kind(v));
        }
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw new IllegalArgumentException(
                        "decision." + name + "[" + i + "] must be a string, got " + kind(v.get(i)));
            }
            out.add(v.get(i).textValue());
        }
        return out;
    }

    private static String kind(JsonNode n) {
        return n == null || n.isMissingNode() ? "nothing" : n.getNodeType().name().toLowerCase();
    }
}
