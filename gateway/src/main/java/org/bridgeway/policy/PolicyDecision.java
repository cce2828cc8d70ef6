package org.bridgeway.policy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
}
