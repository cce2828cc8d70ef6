package org.bridgeway.policy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * The legal grounds a disclosure relies on, as recorded with the decision and in the audit log.
 *
 * @param article6           the UK GDPR Article 6 basis, e.g. "UK GDPR Art 6(1)(e) public task"; always present
 * @param article9           the UK GDPR Article 9 condition, e.g. "UK GDPR Art 9(2)(g) substantial public interest";
 *                           {@code null} unless special-category fields are actually being disclosed
 * @param schedule1Condition the DPA 2018 Schedule 1 condition the Article 9 condition relies on, e.g. "DPA 2018 Sch
 *                           1 Pt 2 para 18 safeguarding of children and individuals at risk"; {@code null} exactly
 *                           when {@code article9} is
 * @param part3Purpose       the DPA 2018 Part 3 law-enforcement purpose the recipient processes for (police
 *                           recipients), e.g. "DPA 2018 s.31 law enforcement purposes: ..."; otherwise {@code null}
 * @param legalGateway       the statute or regulation that permits or requires the sharing, e.g. "Care Planning,
 *                           Placement and Case Review (England) Regulations 2010 reg 13(4)"; always present
 */
public record LawfulBasis(
        String article6,
        String article9,
        String schedule1Condition,
        String part3Purpose,
        String legalGateway) {

    public LawfulBasis {
        Objects.requireNonNull(article6, "article6");
        Objects.requireNonNull(legalGateway, "legalGateway");
        if ((article9 == null) != (schedule1Condition == null)) {
            throw new IllegalArgumentException("an Article 9 condition and its Schedule 1 condition go together");
        }
    }

    /** The same basis without the Article 9 condition (when no special-category field is disclosed). */
    public LawfulBasis withoutArticle9() {
        return new LawfulBasis(article6, null, null, part3Purpose, legalGateway);
    }

    /** JSON with every member; absent parts are JSON {@code null}. */
    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("article6", article6);
        n.put("article9", article9);
        n.put("schedule1Condition", schedule1Condition);
        n.put("part3Purpose", part3Purpose);
        n.put("legalGateway", legalGateway);
        return n;
    }
}
