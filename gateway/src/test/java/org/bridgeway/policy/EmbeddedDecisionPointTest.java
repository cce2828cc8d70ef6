package org.bridgeway.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading: the decision point refuses to start on a bad policy set, and says which file and field. */
class EmbeddedDecisionPointTest {

    private static Path resource(String dir) {
        try {
            return Path.of(EmbeddedDecisionPointTest.class.getResource("/policy/" + dir).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PolicyLoadException loadFails(String brokenCase) {
        PolicyLoadException e = catchThrowableOfType(PolicyLoadException.class,
                () -> new EmbeddedDecisionPoint(resource("broken/" + brokenCase), PolicyRoot.schema()));
        assertThat(e).as("loading broken/" + brokenCase + " must fail").isNotNull();
        return e;
    }

    @Test
    void productionAgreementsLoad() {
        EmbeddedDecisionPoint pdp = new EmbeddedDecisionPoint(PolicyRoot.agreements());
        assertThat(pdp.agreementIds()).containsExactly("ISA-CH-EDT-2026", "ISA-CH-2026", "ISA-EX-2026",
                "ISA-LOC-ACCESS-2026",
                "ISA-ME-2026", "ISA-PN-2025", "ISA-RHI-2026", "ISA-RHI-TASK-2026");
        assertThat(pdp.revision()).matches("sha256:[0-9a-f]{64}");
    }

    @Test
    void anExpiredAgreementIsRefusedAtLoad() {
        Path archive = PolicyRoot.policies().resolve("archive");
        PolicyLoadException e = catchThrowableOfType(PolicyLoadException.class,
                () -> new EmbeddedDecisionPoint(archive, PolicyRoot.schema(), LocalDate.of(2026, 11, 25)));
        assertThat(e).isNotNull();
        assertThat(e.file().getFileName().toString()).isEqualTo("legacy-placement-notification-2021.yaml");
        assertThat(e.field()).isEqualTo("$.validUntil");
        assertThat(e.getMessage()).contains("expired on 2024-03-31");
        // the same file loads on a day it was still in force
        assertThat(new EmbeddedDecisionPoint(archive, PolicyRoot.schema(), LocalDate.of(2024, 3, 31)).agreementIds())
                .containsExactly("ISA-PN-2021");
    }

    @Test
    void schemaTypeErrorNamesFileAndField() {
        PolicyLoadException e = loadFails("schema-error");
        assertThat(e.file().getFileName()).hasToString("wrong-type.yaml");
        assertThat(e.field()).isEqualTo("$.version");
        assertThat(e.getMessage()).contains("wrong-type.yaml").contains("$.version").contains("agreement.schema.json");
    }

    @Test
    void schemaMisspeltPropertyNamesBothTheUnknownAndTheMissingField() {
        PolicyLoadException e = loadFails("schema-error-typo");
        assertThat(e.getMessage()).contains("health.yaml")
                .contains("$.parties.recipients[0].permittedFeilds")
                .contains("$.parties.recipients[0].permittedFields");
        assertThat(e.field()).startsWith("$.parties.recipients[0].permitted");
    }

    @Test
    void aConditionOnAValueNoEngineIsShownIsRefused() {
        PolicyLoadException e = loadFails("condition-on-unshared-value");
        assertThat(e.field()).isEqualTo("$.parties.recipients[0].onlyWhen[1].field");
        assertThat(e.getMessage()).contains("exclusion.yaml")
                .contains("the value of child.dateOfBirth is not given to policy engines")
                .contains("exclusion.category, exclusion.reasons");
    }

    @Test
    void unknownFieldNameIsRefused() {
        PolicyLoadException e = loadFails("bad-field-name");
        assertThat(e.field()).isEqualTo("$.parties.recipients[0].permittedFields[2]");
        assertThat(e.getMessage()).contains("health.yaml").contains("$.parties.recipients[0].permittedFields[2]")
                .contains("child.nhsNo is not a canonical field name of placement-notification");
    }

    @Test
    void overlappingAgreementsForTheSameRouteAreContradictory() {
        PolicyLoadException e = loadFails("overlapping");
        assertThat(e.file().getFileName()).hasToString("b-renewal.yaml");
        assertThat(e.field()).isEqualTo("$.parties.recipients[0].role");
        assertThat(e.getMessage()).contains("b-renewal.yaml").contains("$.parties.recipients[0].role")
                .contains("ISA-TEST-B contradicts agreement ISA-TEST-A (a-current.yaml)")
                .contains("from local-authority to health")
                .contains("2027-04-01 to 2030-03-31 and 2025-04-01 to 2028-03-31");
    }

    @Test
    void validFromAfterValidUntilIsRefused() {
        PolicyLoadException e = loadFails("valid-from-after-until");
        assertThat(e.field()).isEqualTo("$.validFrom");
        assertThat(e.getMessage()).contains("health.yaml").contains("$.validFrom")
                .contains("validFrom 2028-04-01 is after validUntil 2025-03-31");
    }

    @Test
    void specialCategoryFieldWithoutArticle9ConditionIsRefused() {
        PolicyLoadException e = loadFails("special-category-without-art9");
        assertThat(e.field()).isEqualTo("$.parties.recipients[0].permittedFields[2]");
        assertThat(e.getMessage()).contains("health.yaml")
                .contains("special category field child.ethnicity is permitted to health")
                .contains("no UK GDPR Art 9 condition");
    }

    @Test
    void duplicateAgreementIdIsRefused() {
        PolicyLoadException e = loadFails("duplicate-id");
        assertThat(e.file().getFileName()).hasToString("b.yaml");
        assertThat(e.field()).isEqualTo("$.id");
        assertThat(e.getMessage()).contains("b.yaml").contains("duplicate agreement id ISA-TEST-A")
                .contains("a.yaml");
    }

    @Test
    void policeRecipientMustStateItsPart3Purpose() {
        PolicyLoadException e = loadFails("police-without-part3");
        assertThat(e.field()).isEqualTo("$.parties.recipients[0].lawfulBasis.part3Purpose");
        assertThat(e.getMessage()).contains("police.yaml").contains("DPA 2018 Part 3");
    }

    @Test
    void impossibleDateIsRefused() {
        PolicyLoadException e = loadFails("impossible-date");
        assertThat(e.field()).isEqualTo("$.validUntil");
        assertThat(e.getMessage()).contains("health.yaml").contains("$.validUntil").contains("2025-02-30");
    }

    @Test
    void duplicateYamlKeyIsRefused() {
        PolicyLoadException e = loadFails("duplicate-key");
        assertThat(e.getMessage()).contains("health.yaml").contains("title").contains("line 4");
    }

    @Test
    void agreementMustBeAMapping() {
        PolicyLoadException e = loadFails("not-yaml-mapping");
        assertThat(e.getMessage()).contains("list.yaml").contains("must be a YAML mapping");
    }

    @Test
    void emptyOrMissingDirectoryIsRefused(@TempDir Path empty) {
        assertThatThrownBy(() -> new EmbeddedDecisionPoint(empty, PolicyRoot.schema()))
                .isInstanceOf(PolicyLoadException.class).hasMessageContaining(empty.toString())
                .hasMessageContaining("no agreements");
        Path missing = empty.resolve("nope");
        assertThatThrownBy(() -> new EmbeddedDecisionPoint(missing, PolicyRoot.schema()))
                .isInstanceOf(PolicyLoadException.class).hasMessageContaining("does not exist");
    }

    @Test
    void namedAndExcludedOrganisationsAreEnforced() {
        EmbeddedDecisionPoint pdp = new EmbeddedDecisionPoint(resource("organisations"), PolicyRoot.schema());
        LocalDate d = LocalDate.of(2025, 6, 1);
        PolicyInput.Party kent = new PolicyInput.Party("local-authority:886", "local-authority");
        PolicyInput.Party medway = new PolicyInput.Party("local-authority:887", "local-authority");
        PolicyInput.Party surrey = new PolicyInput.Party("local-authority:936", "local-authority");
        PolicyInput.Party dc = new PolicyInput.Party("police:devon-and-cornwall", "police");
        PolicyInput.Party kentPolice = new PolicyInput.Party("police:kent", "police");
        List<String> fields = List.of("child.localId", "child.ethnicity");

        PolicyDecision ok = pdp.decide(new PolicyInput("placement-notification", kent, dc, fields, Map.of(), d));
        assertThat(ok.allow()).isTrue();
        assertThat(ok.permittedFields()).containsExactly("child.localId");
        assertThat(ok.withheldFields()).containsExactly("child.ethnicity");
        assertThat(ok.lawfulBasis().part3Purpose()).isEqualTo("DPA 2018 s.31 law enforcement purposes");

        PolicyDecision excluded = pdp.decide(new PolicyInput("placement-notification", medway, dc, fields, Map.of(), d));
        assertThat(excluded.allow()).isFalse();
        assertThat(excluded.reasons()).contains("sender local-authority:887 is excluded from agreement ISA-TEST-NAMED");

        PolicyDecision unlisted = pdp.decide(
                new PolicyInput("placement-notification", surrey, kentPolice, fields, Map.of(), d));
        assertThat(unlisted.allow()).isFalse();
        assertThat(unlisted.permittedFields()).isEmpty();
        assertThat(unlisted.withheldFields()).containsExactlyElementsOf(fields);
        assertThat(unlisted.reasons()).contains(
                "sender local-authority:936 is not listed as a local-authority party to agreement ISA-TEST-NAMED",
                "recipient police:kent is not listed as a police party to agreement ISA-TEST-NAMED");
        assertThat(unlisted.policyRevision()).isEqualTo(pdp.revision());
    }

    @Test
    void revisionIgnoresCommentsAndKeyOrderButNotContent(@TempDir Path tmp) throws IOException {
        String original = Files.readString(resource("organisations").resolve("named-parties.yaml"));
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        Path c = Files.createDirectories(tmp.resolve("c"));
        Files.writeString(a.resolve("named.yaml"), original);
        String reordered = original.replaceAll("(?m)^#.*\\n", "")
                .replace("version: \"1.0\"\ntitle: Named parties test agreement\n",
                        "title: Named parties test agreement\nversion: \"1.0\" # reordered\n");
        assertThat(reordered).isNotEqualTo(original);
        Files.writeString(b.resolve("named.yaml"), reordered);
        Files.writeString(c.resolve("named.yaml"), original.replace("retention: P1Y", "retention: P2Y"));

        String ra = new EmbeddedDecisionPoint(a, PolicyRoot.schema()).revision();
        assertThat(new EmbeddedDecisionPoint(b, PolicyRoot.schema()).revision()).isEqualTo(ra);
        assertThat(new EmbeddedDecisionPoint(c, PolicyRoot.schema()).revision()).isNotEqualTo(ra);
    }

    @Test
    void inputSerialisesToTheOpaInputDocument() {
        PolicyInput in = new PolicyInput("placement-notification",
                new PolicyInput.Party("local-authority:886", "local-authority"),
                new PolicyInput.Party("police:kent", "police"), List.of("child.localId", "risks", "risks"),
                Map.of("risks", "present"), LocalDate.of(2025, 6, 1));
        assertThat(in.fields()).containsExactly("child.localId", "risks");
        assertThat(in.toJson().toString()).isEqualTo("{\"exchangeType\":\"placement-notification\","
                + "\"sender\":{\"id\":\"local-authority:886\",\"role\":\"local-authority\"},"
                + "\"recipient\":{\"id\":\"police:kent\",\"role\":\"police\"},"
                + "\"fields\":[\"child.localId\",\"risks\"],\"context\":{\"risks\":\"present\"},"
                + "\"decisionDate\":\"2025-06-01\"}");
        assertThat(PolicyInput.fromJson(in.toJson())).isEqualTo(in);
    }

    @Test
    void theRecipientsRelationIsPartOfTheQuestionAndTheSenderHasNone() {
        PolicyInput.Party sender = new PolicyInput.Party("local-authority:886", "local-authority");
        PolicyInput in = new PolicyInput("missing-episode", sender,
                new PolicyInput.Party("police:kent", "police", "home-force"), List.of("episode.id"), Map.of(),
                LocalDate.of(2026, 6, 1));
        assertThat(in.toJson().get("recipient").toString())
                .isEqualTo("{\"id\":\"police:kent\",\"role\":\"police\",\"relation\":\"home-force\"}");
        assertThat(PolicyInput.fromJson(in.toJson())).isEqualTo(in);

        PolicyInput otherRelation = new PolicyInput("missing-episode", sender,
                new PolicyInput.Party("police:kent", "police", "handling-force"), List.of("episode.id"), Map.of(),
                LocalDate.of(2026, 6, 1));
        PolicyInput noRelation = new PolicyInput("missing-episode", sender,
                new PolicyInput.Party("police:kent", "police"), List.of("episode.id"), Map.of(),
                LocalDate.of(2026, 6, 1));
        assertThat(noRelation.toJson().get("recipient").has("relation")).isFalse();
        assertThat(List.of(in.digest(), otherRelation.digest(), noRelation.digest())).doesNotHaveDuplicates();

        assertThatThrownBy(() -> new PolicyInput("missing-episode",
                new PolicyInput.Party("local-authority:886", "local-authority", "responsible-authority"),
                new PolicyInput.Party("police:kent", "police", "home-force"), List.of(), Map.of(),
                LocalDate.of(2026, 6, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sender has no relation");
        var badRelation = in.toJson();
        ((com.fasterxml.jackson.databind.node.ObjectNode) badRelation.get("recipient")).put("relation", "Home Force");
        assertThatThrownBy(() -> PolicyInput.fromJson(badRelation))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input.recipient.relation");
    }

    @Test
    void denyFactory() {
        PolicyDecision d = PolicyDecision.deny("no agreement", "second reason");
        assertThat(d.allow()).isFalse();
        assertThat(d.reasons()).containsExactly("no agreement", "second reason");
        assertThat(d.permittedFields()).isEmpty();
        assertThat(d.agreementId()).isNull();
        assertThat(d.lawfulBasis()).isNull();
    }
}
