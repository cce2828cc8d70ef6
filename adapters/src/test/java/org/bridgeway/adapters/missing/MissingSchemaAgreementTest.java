package org.bridgeway.adapters.missing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bridgeway.adapters.missing.MissingEpisodeJsonReaderTest.child;
import static org.bridgeway.adapters.missing.MissingEpisodeJsonReaderTest.episode;
import static org.bridgeway.adapters.missing.ReturnInterviewOutcomeJsonReaderTest.interview;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published JSON Schemas ({@code gateway/src/main/resources/schemas/missing-episode.schema.json} and
 * {@code return-interview-outcome.schema.json}) and the JSON readers accept and refuse the same documents, for
 * every rule the schemas can express. Rules only the reader can check (check digits and letters, dates against
 * each other, the future against the gateway's clock, the sender) are marked: the schema accepts those.
 */
class MissingSchemaAgreementTest {
    static final Path SCHEMAS = Path.of("../gateway/src/main/resources/schemas");
    static JsonSchema episodeSchema;
    static JsonSchema outcomeSchema;

    @BeforeAll
    static void loadSchemas() throws IOException {
        episodeSchema = load("missing-episode.schema.json");
        outcomeSchema = load("return-interview-outcome.schema.json");
    }

    private static JsonSchema load(String name) throws IOException {
        try (InputStream in = Files.newInputStream(SCHEMAS.resolve(name))) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in,
                    SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
        }
    }

    record Case(Consumer<ObjectNode> edit, boolean valid, boolean schemaCanTell) {
        @Override
        public String toString() {
            return valid ? "valid" : "invalid";
        }
    }

    static Stream<Arguments> episodes() {
        Map<String, Case> c = new LinkedHashMap<>();
        c.put("the sample", new Case(d -> { }, true, true));
        c.put("identified by name and date of birth", new Case(d -> child(d).remove("localId"), true, true));
        c.put("identified by local id alone", new Case(d -> child(d).without(List.of("givenName", "familyName",
                "dateOfBirth")), true, true));
        c.put("a legacy ABSENT", new Case(d -> episode(d).put("riskLevel", "ABSENT"), true, true));
        c.put("a found update by episode id", new Case(d -> episode(d).put("update", "FOUND")
                .put("id", "ME-0195f3a2-7c1e").put("end", "2026-03-01T20:00:00Z")
                .put("preventionInterview", "DONE").put("safeAndWellCheck", "2026-03-01T20:30:00Z")
                .putArray("foundCondition").add("SAFE_AND_WELL").add("INTOXICATED"), true, true));
        c.put("a closure by force and reference", new Case(d -> episode(d).put("update", "CLOSED"), true, true));
        c.put("a council report for a foster carer", new Case(d -> episode(d).put("reportedBy", "FOSTER_CARER")
                .put("reporterReference", "KCC/FC/17").without(List.of("reportingForce", "policeReference",
                        "riskRationale")), true, true)); // sent by the council: see sender()
        c.put("a child missing from home", new Case(d -> {
            child(d).put("lookedAfter", false).remove("placingAuthority");
            episode(d).remove("hostAuthority");
        }, true, true));
        c.put("a form held without details", new Case(d -> d.putObject("philomena").put("formHeld", true), true,
                true));
        c.put("unknown member", new Case(d -> d.put("extra", 1), false, true));
        c.put("unknown episode member", new Case(d -> episode(d).put("riskLevelAsSent", "ABSENT"), false, true));
        c.put("no update", new Case(d -> episode(d).remove("update"), false, true));
        c.put("unknown update", new Case(d -> episode(d).put("update", "LOCATED"), false, true));
        c.put("no child identity", new Case(d -> child(d).without(List.of("localId", "dateOfBirth")), false, true));
        c.put("a report with an episode id", new Case(d -> episode(d).put("id", "ME-1"), false, true));
        c.put("an update that names no episode", new Case(d -> episode(d).put("update", "CLOSED")
                .remove("policeReference"), false, true));
        c.put("found without the end", new Case(d -> episode(d).put("update", "FOUND"), false, true));
        c.put("found details without the end", new Case(d -> episode(d).put("foundLocation", "Preston"), false,
                true));
        c.put("a regrade without a grade", new Case(d -> episode(d).put("update", "RISK_REGRADED")
                .remove("riskLevel"), false, true));
        c.put("a police report without a reference", new Case(d -> episode(d).remove("policeReference"), false,
                true));
        c.put("a police reference without the force", new Case(d -> episode(d).put("reportedBy", "LOCAL_AUTHORITY")
                .put("reporterReference", "KCC-1").remove("reportingForce"), false, true));
        c.put("a police report with a reporter reference", new Case(d -> episode(d).put("reporterReference", "X"),
                false, true));
        c.put("a home giving a risk rationale", new Case(d -> episode(d).put("reportedBy", "CHILDRENS_HOME")
                .put("reporterReference", "H-1").without(List.of("reportingForce", "policeReference")), false,
                true));
        c.put("looked after without a placing authority", new Case(d -> child(d).remove("placingAuthority"), false,
                true));
        c.put("lookedAfter as text", new Case(d -> child(d).put("lookedAfter", "true"), false, true));
        c.put("a prevention interview time not done", new Case(d -> episode(d).put("update", "FOUND")
                .put("end", "2026-03-01T20:00:00Z").put("preventionInterview", "NOT_DONE")
                .put("safeAndWellCheck", "2026-03-01T20:30:00Z"), false, true));
        c.put("a repeated condition", new Case(d -> episode(d).put("update", "FOUND")
                .put("end", "2026-03-01T20:00:00Z").putArray("foundCondition").add("INJURED").add("INJURED"), false,
                true));
        c.put("a date-time without offset", new Case(d -> episode(d).put("start", "2026-03-01T18:30:00"), false,
                true));
        c.put("an episode id of another shape", new Case(d -> episode(d).put("update", "CLOSED")
                .put("id", "12345"), false, true));
        c.put("a blank narrative", new Case(d -> episode(d).put("circumstances", "  "), false, true));
        c.put("a long narrative", new Case(d -> episode(d).put("circumstances", "x".repeat(2001)), false, true));
        c.put("a placeholder UPN", new Case(d -> child(d).put("upn", "UN2"), false, true));
        c.put("a form not held with details", new Case(d -> ((ObjectNode) d.get("philomena"))
                .put("formHeld", false), false, true));
        c.put("a police reference with a line break", new Case(d -> episode(d).put("policeReference", "GMP\n1"),
                false, true));
        c.put("the end before the start (reader only)", new Case(d -> episode(d).put("update", "FOUND")
                .put("end", "2026-03-01T18:00:00Z"), false, false));
        c.put("a start in the future (reader only)", new Case(d -> episode(d).put("start", "2026-03-01T21:30:00Z")
                .put("updatedAt", "2026-03-01T21:30:00Z"), false, false));
        c.put("a wrong NHS check digit (reader only)", new Case(d -> child(d).put("nhsNumber", "9990000017"), false,
                false));
        c.put("the host is the placing authority (reader only)", new Case(d -> episode(d).put("hostAuthority",
                "886"), false, false));
        c.put("another force's report (reader only)", new Case(d -> episode(d).put("reportingForce", "kent"), false,
                false));
        return c.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    static Stream<Arguments> outcomes() {
        Map<String, Case> c = new LinkedHashMap<>();
        c.put("the sample", new Case(d -> { }, true, true));
        c.put("declined", new Case(d -> interview(d).put("accepted", false).put("notHeldReason", "declined")
                .without(List.of("date", "completedBy", "reasonsForMissing", "whereabouts", "associates",
                        "harmDisclosed", "childView")), true, true));
        c.put("not offered", new Case(d -> interview(d).put("offered", false).put("notHeldReason", "not contactable")
                .without(List.of("offeredDate", "accepted", "date", "completedBy", "reasonsForMissing", "whereabouts",
                        "associates", "harmDisclosed", "childView")), true, true));
        c.put("unknown member", new Case(d -> interview(d).put("within72Hours", true), false, true));
        c.put("no episode id", new Case(d -> d.putObject("episode"), false, true));
        c.put("no offered", new Case(d -> interview(d).remove("offered"), false, true));
        c.put("not offered but held", new Case(d -> interview(d).put("offered", false), false, true));
        c.put("declined but held", new Case(d -> interview(d).put("accepted", false), false, true));
        c.put("held without who held it", new Case(d -> interview(d).remove("completedBy"), false, true));
        c.put("held with a reason for not holding it", new Case(d -> interview(d).put("notHeldReason", "x"), false,
                true));
        c.put("not held without a reason", new Case(d -> interview(d).put("accepted", false).without(List.of("date",
                "completedBy", "reasonsForMissing", "whereabouts", "associates", "harmDisclosed", "childView")),
                false, true));
        c.put("the child's view without an interview", new Case(d -> interview(d).put("accepted", false)
                .put("notHeldReason", "declined").without(List.of("date", "completedBy", "reasonsForMissing",
                        "whereabouts", "associates", "harmDisclosed")), false, true));
        c.put("an unknown referral", new Case(d -> interview(d).putArray("referrals").add("POLICE"), false, true));
        c.put("a repeated referral", new Case(d -> interview(d).putArray("referrals").add("S47").add("S47"), false,
                true));
        c.put("no child identity", new Case(d -> ((ObjectNode) d.get("child")).remove("localId"), true, true));
        c.put("no child identity at all", new Case(d -> d.putObject("child").put("givenName", "Jordan"), false,
                true));
        c.put("held before offered (reader only)", new Case(d -> interview(d).put("offeredDate", "2026-03-05")
                .put("date", "2026-03-04T11:00:00Z"), false, false));
        c.put("held in the future (reader only)", new Case(d -> interview(d).put("date", "2026-03-06T11:00:00Z"),
                false, false));
        return c.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("episodes")
    void episodeSchemaAndReaderAgree(String name, Case c) throws IOException {
        byte[] body = MissingEpisodeJsonReaderTest.variant(c.edit());
        boolean readerAccepts = new MissingEpisodeJsonReader().read(body, sender(c),
                MissingEpisodeJsonReaderTest.NOW, () -> "bx-1") instanceof MissingReadResult.Accepted;
        boolean schemaAccepts = episodeSchema.validate(MissingGolden.JSON.readTree(body)).isEmpty();
        assertThat(readerAccepts).as("reader accepts").isEqualTo(c.valid());
        assertThat(schemaAccepts).as("schema accepts").isEqualTo(c.valid() || !c.schemaCanTell());
    }

    /** The force, except for a case that is valid only from a council. */
    private static org.bridgeway.model.Organisation sender(Case c) {
        byte[] body = MissingEpisodeJsonReaderTest.variant(c.edit());
        return new String(body, java.nio.charset.StandardCharsets.UTF_8).contains("FOSTER_CARER")
                ? org.bridgeway.model.Organisation.parseId("local-authority:886") : MissingEpisodeJsonReaderTest.FORCE;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outcomes")
    void outcomeSchemaAndReaderAgree(String name, Case c) throws IOException {
        byte[] body = ReturnInterviewOutcomeJsonReaderTest.variant(c.edit());
        boolean readerAccepts = new ReturnInterviewOutcomeJsonReader().read(body,
                ReturnInterviewOutcomeJsonReaderTest.KENT, ReturnInterviewOutcomeJsonReaderTest.NOW, () -> "bx-1")
                instanceof MissingReadResult.Accepted;
        boolean schemaAccepts = outcomeSchema.validate(MissingGolden.JSON.readTree(body)).isEmpty();
        assertThat(readerAccepts).as("reader accepts").isEqualTo(c.valid());
        assertThat(schemaAccepts).as("schema accepts").isEqualTo(c.valid() || !c.schemaCanTell());
    }
}
