package org.bridgeway.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recipient entries that serve only some relations ({@code relations:}): which entry answers a recipient in a
 * relation, what a recipient in another relation or in none is told, and the loader's refusal of two entries, or two
 * agreements, that could both answer one recipient.
 */
class RecipientRelationsTest {
    private static final LocalDate DAY = LocalDate.of(2026, 6, 1);
    private static final PolicyInput.Party KENT = new PolicyInput.Party("local-authority:886", "local-authority");
    private static final List<String> FIELDS = List.of("child.localId", "child.dateOfBirth", "placement.postcode");

    @TempDir
    Path dir;

    private static String agreement(String id, String from, String until, String... entries) {
        return """
                id: %s
                version: "1.0"
                title: Relations test agreement
                exchangeType: placement-notification
                validFrom: "%s"
                validUntil: "%s"
                reviewDate: "2026-03-31"
                purposes: [test]
                legalGateways: [Children Act 2004 s.11]
                parties:
                  senders:
                    - role: local-authority
                  recipients:
                """.formatted(id, from, until) + String.join("", entries);
    }

    /** A police entry; {@code relations} is the YAML list, or null for none. */
    private static String police(String relations, String retention, String... fields) {
        return (relations == null ? "    - role: police\n" : "    - role: police\n      relations: " + relations + "\n")
                + """
                      purpose: test
                      lawfulBasis:
                        article6: UK GDPR Art 6(1)(e) public task
                        part3Purpose: DPA 2018 s.31 law enforcement purposes
                        legalGateway: Children Act 2004 s.11
                      permittedFields: [%s]
                      retention: %s
                """.formatted(String.join(", ", fields), retention);
    }

    private static final String AUTHORITY = """
                - role: local-authority
                  purpose: test
                  lawfulBasis:
                    article6: UK GDPR Art 6(1)(e) public task
                    legalGateway: Children Act 2004 s.11
                  permittedFields: [child.localId, child.dateOfBirth]
                  retention: P6Y
            """;

    /** Police of the placement area get the postcode; the force of the child's home area only the id. */
    private static final String SPLIT = agreement("ISA-TEST-REL", "2025-04-01", "2028-03-31",
            police("[placement-area-force]", "P2Y", "child.localId", "placement.postcode"),
            police("[home-force]", "P1Y", "child.localId"), AUTHORITY);

    private EmbeddedDecisionPoint load(String... agreements) throws IOException {
        for (int i = 0; i < agreements.length; i++) {
            Files.writeString(dir.resolve("agreement-" + i + ".yaml"), agreements[i]);
        }
        return new EmbeddedDecisionPoint(dir, PolicyRoot.schema(), DAY);
    }

    private PolicyLoadException refused(String... agreements) {
        PolicyLoadException e = catchThrowableOfType(PolicyLoadException.class, () -> load(agreements));
        assertThat(e).as("the set must be refused").isNotNull();
        return e;
    }

    private static PolicyInput to(String id, String role, String relation) {
        return new PolicyInput("placement-notification", KENT, new PolicyInput.Party(id, role, relation), FIELDS,
                Map.of(), DAY);
    }

    @Test
    void theEntryListingTheRecipientsRelationAnswers() throws IOException {
        EmbeddedDecisionPoint pdp = load(SPLIT);

        PolicyDecision area = pdp.decide(to("police:kent", "police", "placement-area-force"));
        assertThat(area.allow()).isTrue();
        assertThat(area.permittedFields()).containsExactly("child.localId", "placement.postcode");
        assertThat(area.retention()).isEqualTo("P2Y");
        assertThat(area.reasons().get(0)).contains("covers placement-notification from local-authority to police as"
                + " placement-area-force and is in force on 2026-06-01");

        PolicyDecision home = pdp.decide(to("police:kent", "police", "home-force"));
        assertThat(home.allow()).isTrue();
        assertThat(home.permittedFields()).containsExactly("child.localId");
        assertThat(home.withheldFields()).containsExactly("child.dateOfBirth", "placement.postcode");
        assertThat(home.retention()).isEqualTo("P1Y");
    }

    @Test
    void anEntryListingNoRelationsServesEveryRelationAndNone() throws IOException {
        EmbeddedDecisionPoint pdp = load(SPLIT);
        for (String relation : new String[] {"host-authority", "responsible-authority", null}) {
            PolicyDecision d = pdp.decide(to("local-authority:352", "local-authority", relation));
            assertThat(d.allow()).as(relation).isTrue();
            assertThat(d.permittedFields()).as(relation).containsExactly("child.localId", "child.dateOfBirth");
        }
    }

    @Test
    void aRecipientInAnotherRelationIsToldWhichRelationsTheAgreementServes() throws IOException {
        PolicyDecision d = load(SPLIT).decide(to("police:kent", "police", "school-area-force"));
        assertThat(d.allow()).isFalse();
        assertThat(d.withheldFields()).containsExactlyElementsOf(FIELDS);
        assertThat(d.reasons()).containsExactly(
                "agreement ISA-TEST-REL version 1.0 serves police recipients only as placement-area-force, home-force",
                "no information sharing agreement covers placement-notification from local-authority to police as"
                        + " school-area-force");
    }

    @Test
    void anEntryListingRelationsNeverServesARecipientAskedAboutInNone() throws IOException {
        PolicyDecision d = load(SPLIT).decide(to("police:kent", "police", null));
        assertThat(d.allow()).isFalse();
        assertThat(d.reasons()).containsExactly(
                "agreement ISA-TEST-REL version 1.0 serves police recipients only as placement-area-force, home-force",
                "no information sharing agreement covers placement-notification from local-authority to police");
    }

    @Test
    void twoEntriesOfARoleListingNoRelationsAreRefused() {
        PolicyLoadException e = refused(agreement("ISA-TEST-REL", "2025-04-01", "2028-03-31",
                police(null, "P2Y", "child.localId"), AUTHORITY, police(null, "P1Y", "child.localId")));
        assertThat(e.file().getFileName()).hasToString("agreement-0.yaml");
        assertThat(e.field()).isEqualTo("$.parties.recipients[2].role");
        assertThat(e.getMessage()).contains("recipient entries 0 and 2 of agreement ISA-TEST-REL could both apply to a"
                + " police recipient (neither lists relations)");
    }

    @Test
    void anEntryListingNoRelationsBesideOneListingSomeIsRefused() {
        PolicyLoadException after = refused(agreement("ISA-TEST-REL", "2025-04-01", "2028-03-31",
                police(null, "P2Y", "child.localId"), police("[home-force]", "P1Y", "child.localId")));
        assertThat(after.field()).isEqualTo("$.parties.recipients[1].relations");
        assertThat(after.getMessage()).contains("recipient entries 0 and 1 of agreement ISA-TEST-REL could both"
                + " apply to a police recipient as home-force");

        PolicyLoadException before = refused(agreement("ISA-TEST-REL", "2025-04-01", "2028-03-31",
                police("[home-force, area-force]", "P1Y", "child.localId"), police(null, "P2Y", "child.localId")));
        assertThat(before.field()).isEqualTo("$.parties.recipients[1].role");
        assertThat(before.getMessage()).contains("could both apply to a police recipient as home-force, area-force");
    }

    @Test
    void entriesSharingARelationAreRefusedNamingIt() {
        PolicyLoadException e = refused(agreement("ISA-TEST-REL", "2025-04-01", "2028-03-31",
                police("[handling-force, area-force]", "P2Y", "child.localId"),
                police("[home-force, area-force]", "P1Y", "child.localId")));
        assertThat(e.field()).isEqualTo("$.parties.recipients[1].relations");
        assertThat(e.getMessage()).contains("agreement-0.yaml")
                .contains("recipient entries 0 and 1 of agreement ISA-TEST-REL could both apply to a police recipient"
                        + " as area-force:");
    }

    @Test
    void agreementsForDisjointRelationsMayBeInForceTogetherButNotForASharedOne() throws IOException {
        String areaOnly = agreement("ISA-TEST-AREA", "2025-04-01", "2028-03-31",
                police("[placement-area-force]", "P2Y", "child.localId", "placement.postcode"));
        String homeOnly = agreement("ISA-TEST-HOME", "2026-01-01", "2029-03-31",
                police("[home-force]", "P1Y", "child.localId"));
        EmbeddedDecisionPoint pdp = load(areaOnly, homeOnly);
        assertThat(pdp.decide(to("police:kent", "police", "placement-area-force")).agreementId())
                .isEqualTo("ISA-TEST-AREA");
        assertThat(pdp.decide(to("police:kent", "police", "home-force")).agreementId()).isEqualTo("ISA-TEST-HOME");

        PolicyLoadException e = refused(areaOnly, agreement("ISA-TEST-ANY", "2026-01-01", "2029-03-31",
                police(null, "P1Y", "child.localId")));
        assertThat(e.file().getFileName()).hasToString("agreement-1.yaml");
        assertThat(e.field()).isEqualTo("$.parties.recipients[0].role");
        assertThat(e.getMessage()).contains("ISA-TEST-ANY contradicts agreement ISA-TEST-AREA (agreement-0.yaml):"
                + " both cover placement-notification from local-authority to police as placement-area-force in"
                + " overlapping validity periods");
    }

    @Test
    void aRelationIsASlugAndAListedSetIsNotEmpty() {
        PolicyLoadException notSlug = refused(agreement("ISA-TEST-REL", "2025-04-01", "2028-03-31",
                police("[Home Force]", "P1Y", "child.localId")));
        assertThat(notSlug.getMessage()).contains("$.parties.recipients[0].relations[0]")
                .contains("agreement.schema.json");

        PolicyLoadException empty = refused(agreement("ISA-TEST-REL", "2025-04-01", "2028-03-31",
                police("[]", "P1Y", "child.localId")));
        assertThat(empty.getMessage()).contains("$.parties.recipients[0].relations");
    }
}
