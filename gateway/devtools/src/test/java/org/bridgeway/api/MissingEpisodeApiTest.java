package org.bridgeway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.TlsGatewayFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The missing-episode endpoint's contract against a real gateway over mutual TLS on loopback: a force reports a
 * looked-after child missing and updates the episode, every refusal is precise (rule and, for a conflict, the episode
 * it concerns), an update that comes before its report is held and listed to its sender, and no answer repeats the
 * personal data sent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MissingEpisodeApiTest {
    private static final String GMP = "police:greater-manchester";
    private static final String KENT = "local-authority:886";
    private static final String SCHOOL = "school:118000";
    private static final Set<String> SUBMITTED_PERSONAL_DATA = Set.of("Rowan", "Testbury", "2011-05-14",
            "9990000018", "Piccadilly Gardens", "a bus station");

    @TempDir
    static Path data;
    private GatewayFixture fixture;
    private ApiClient api;

    @BeforeAll
    void start() {
        fixture = TlsGatewayFixture.startWithHttpCertificateOnly(data);
        api = new ApiClient(fixture.apiBase());
    }

    @AfterAll
    void stop() {
        if (fixture != null) {
            assertThat(fixture.gateway().auditLog().verify().valid()).as("the audit log verifies").isTrue();
            fixture.close();
        }
    }

    @AfterEach
    void noResponseEchoesPersonalData() {
        api.assertNoResponseRepeats(SUBMITTED_PERSONAL_DATA);
    }

    @Test
    void aForceReportsAChildMissingAndIsToldTheEpisodeIdOnce() {
        String reference = reference();
        String report = report(reference, "left after tea");

        HttpResponse<String> first = post(GMP, report);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        JsonNode answer = ApiClient.json(first);
        assertThat(answer.path("episodeId").asText()).startsWith("ME-");
        assertThat(answer.path("held").asBoolean()).isFalse();
        assertThat(answer.path("duplicate").asBoolean()).isFalse();

        HttpResponse<String> again = post(GMP, report);
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(ApiClient.json(again).path("duplicate").asBoolean()).isTrue();
        assertThat(ApiClient.json(again).path("exchangeId").asText()).isEqualTo(answer.path("exchangeId").asText());
        assertThat(ApiClient.json(again).path("episodeId").asText()).isEqualTo(answer.path("episodeId").asText());
    }

    @Test
    void aSecondDifferentReportUnderTheSameReferenceIsAConflictNamingTheEpisode() {
        String reference = reference();
        String episodeId = ApiClient.json(post(GMP, report(reference, "left after tea"))).path("episodeId").asText();

        HttpResponse<String> second = post(GMP, report(reference, "left before breakfast"));

        assertThat(second.statusCode()).as(second.body()).isEqualTo(409);
        assertThat(ApiClient.json(second).path("rule").asText()).isEqualTo("episode.duplicate-report");
        assertThat(ApiClient.json(second).path("episodeId").asText()).isEqualTo(episodeId);
    }

    @Test
    void aFoundBeforeTheReportIsHeldListedAndAppliedOnceTheReportComes() {
        String reference = reference();
        HttpResponse<String> found = post(GMP, found(reference, "2026-03-03T09:15:00Z", "2026-03-03T10:40:00Z"));
        assertThat(found.statusCode()).as(found.body()).isEqualTo(202);
        assertThat(ApiClient.json(found).path("held").asBoolean()).isTrue();
        assertThat(ApiClient.json(found).path("reason").asText()).isEqualTo("episode.unknown");
        String foundExchange = ApiClient.json(found).path("exchangeId").asText();

        JsonNode waiting = heldEntry(foundExchange);
        assertThat(waiting.path("reason").asText()).isEqualTo("episode.unknown");
        assertThat(waiting.path("waitsFor").asText()).isEqualTo("police:greater-manchester|" + reference);
        assertThat(waiting.has("releasedAt")).isFalse();

        String episodeId = ApiClient.json(post(GMP, report(reference, "left after tea"))).path("episodeId").asText();
        fixture.gateway().releaseHeldUpdates();

        JsonNode released = heldEntry(foundExchange);
        assertThat(released.path("outcome").asText()).isEqualTo("applied");
        assertThat(released.path("episodeId").asText()).isEqualTo(episodeId);
        assertThat(api.get("/missing-episodes/held", KENT, Optional.empty()).body())
                .as("another organisation does not see the force's held updates").doesNotContain(foundExchange);
    }

    @Test
    void anUpdateOfAClosedEpisodeIsAConflict() {
        String reference = reference();
        post(GMP, report(reference, "left after tea"));
        assertThat(post(GMP, update(reference, "CLOSED", "2026-03-03T12:00:00Z", "")).statusCode()).isEqualTo(202);

        HttpResponse<String> regrade = post(GMP, update(reference, "RISK_REGRADED", "2026-03-04T08:00:00Z",
                ", \"riskLevel\": \"HIGH\""));

        assertThat(regrade.statusCode()).as(regrade.body()).isEqualTo(409);
        assertThat(ApiClient.json(regrade).path("rule").asText()).isEqualTo("episode.closed");
    }

    @Test
    void badInputIsRefusedWithItsRule() {
        String reference = reference();
        assertThat(rulesOf(post(GMP, found(reference, "2026-03-01T08:00:00Z", "2026-03-03T10:40:00Z"))))
                .as("found before it started").contains("episode.end.before-start");
        String tomorrow = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        assertThat(rulesOf(post(GMP, update(reference, "RISK_REGRADED", tomorrow, ", \"riskLevel\": \"HIGH\""))))
                .as("a date-time beyond the skew allowed").anyMatch(rule -> rule.endsWith(".future"));
        String withinSkew = Instant.now().plus(2, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        assertThat(post(GMP, update(reference(), "RISK_REGRADED", withinSkew, ", \"riskLevel\": \"HIGH\""))
                .statusCode()).as("two minutes of skew is accepted (and the update held)").isEqualTo(202);
        String nameless = report(reference, "left after tea").replace("\"localId\": \"KCC-" + reference + "\",", "")
                .replace("\"givenName\": \"Rowan\",", "");
        assertThat(rulesOf(post(GMP, nameless))).as("a force that cannot name the child")
                .contains("child.identity.required");
    }

    @Test
    void aSchoolDoesNotReportAndTheSchemaIsPublished() {
        assertThat(post(SCHOOL, report(reference(), "left after tea")).statusCode()).isEqualTo(403);
        HttpResponse<String> schema = api.get("/schemas/missing-episode.schema.json", GMP, Optional.empty());
        assertThat(schema.statusCode()).isEqualTo(200);
        assertThat(ApiClient.json(schema).path("$schema").asText()).contains("json-schema.org");
    }

    @Test
    void aForcesExportIsSentRowByRowWithEachRejectedRowsColumnAndRule() {
        String a = reference();
        String b = reference();
        String header = "FORCE,REFERENCE,UPDATE,UPDATED_AT,EPISODE_ID,TYPE,START,END,RISK,RISK_RATIONALE,"
                + "MISSING_FROM_POSTCODE,LAST_SEEN,HOST_LA,CONCERNS,CIRCUMSTANCES,CHILD_ID,NHS_NUMBER,UPN,GIVEN_NAME,"
                + "FAMILY_NAME,DOB,SEX,SCHOOL_URN,HOME_POSTCODE,LOOKED_AFTER,PLACING_LA,FOUND_LA,FOUND_LOCATION,"
                + "FOUND_WITH,FOUND_CONDITION,PREVENTION_INTERVIEW,PREVENTION_INTERVIEW_AT,HEALTH_CONCERNS,PHILOMENA_HELD";
        String csv = header + "\n"
                // the found comes first in the export: held, then released behind its report
                + row(a, "FOUND", "2026-03-03T10:40:00Z", "2026-03-03T09:15:00Z", "", "2011-05-14", "888,a bus station,,"
                        + "SAFE_AND_WELL,DONE,,,N")
                + row(a, "REPORTED", "2026-03-01T21:05:00Z", "", "MEDIUM", "2011-05-14", ",,,,,,,N")
                + row(b, "REPORTED", "2026-03-01T21:05:00Z", "", "LOW", "14/05/2011", ",,,,,,,N")
                + row(b + "X", "REPORTED", "2026-03-01T21:05:00Z", "", "LOW", "2011-05-14", ",,,,,,,N");

        HttpResponse<String> answered = api.post("/missing-episodes", GMP, "text/csv",
                csv.getBytes(java.nio.charset.StandardCharsets.UTF_8), Optional.empty());

        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(202);
        JsonNode summary = ApiClient.json(answered);
        assertThat(summary.path("rows").asInt()).isEqualTo(4);
        assertThat(summary.path("rowsRejected").asInt()).isEqualTo(1);
        JsonNode error = summary.path("errors").get(0);
        assertThat(error.path("row").asInt()).as("the spreadsheet's row: header is row 1").isEqualTo(4);
        assertThat(error.path("column").asText()).isEqualTo("DOB");
        JsonNode sent = summary.path("sent");
        assertThat(sent).hasSize(3);
        assertThat(sent.get(0).path("held").asBoolean()).isTrue();
        assertThat(sent.get(1).path("episodeId").asText()).startsWith("ME-");
        assertThat(sent.get(2).path("episodeId").asText()).startsWith("ME-").isNotEqualTo(
                sent.get(1).path("episodeId").asText());

        fixture.gateway().releaseHeldUpdates();
        String episodeId = sent.get(1).path("episodeId").asText();
        assertThat(fixture.gateway().missingEpisodes().byId(episodeId).orElseThrow().state().name())
                .isEqualTo("FOUND");

        HttpResponse<String> fromCouncil = api.post("/missing-episodes", KENT, "text/csv",
                csv.getBytes(java.nio.charset.StandardCharsets.UTF_8), Optional.empty());
        assertThat(fromCouncil.statusCode()).as("a council does not send a force's export").isEqualTo(400);
    }

    private static String row(String reference, String update, String at, String end, String risk, String dob,
                              String rest) {
        return String.join(",", "greater-manchester", "GMP/26/" + reference, update, at, "", "M",
                "2026-03-01T18:30:00Z", end, risk, "", "M1 1AA", "", "352", "", "", "KCC-" + reference, "9990000018",
                "", "Rowan", "Testbury", dob, "female", "", "CT1 1AA", "Y", "886") + "," + rest + "\n";
    }

    private HttpResponse<String> post(String organisation, String body) {
        return api.postJson("/missing-episodes", organisation, body, Optional.empty());
    }

    private JsonNode heldEntry(String exchangeId) {
        HttpResponse<String> listed = api.get("/missing-episodes/held", GMP, Optional.empty());
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        for (JsonNode entry : ApiClient.json(listed).path("held")) {
            if (entry.path("exchangeId").asText().equals(exchangeId)) {
                return entry;
            }
        }
        throw new AssertionError("not listed: " + exchangeId);
    }

    private static java.util.List<String> rulesOf(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        java.util.List<String> rules = new java.util.ArrayList<>();
        ApiClient.json(response).path("violations").forEach(v -> rules.add(v.path("rule").asText()));
        return rules;
    }

    private static String reference() {
        return UUID.randomUUID().toString().substring(0, 8).toUpperCase(java.util.Locale.ROOT);
    }

    private static String report(String reference, String circumstances) {
        return """
                {"episode": {"update": "REPORTED", "updatedAt": "2026-03-01T21:05:00Z", "reportedBy": "POLICE",
                  "reportingForce": "greater-manchester", "policeReference": "%s", "type": "M",
                  "start": "2026-03-01T18:30:00Z", "riskLevel": "MEDIUM", "missingFromPostcode": "M1 1AA",
                  "lastSeenLocation": "Piccadilly Gardens", "hostAuthority": "352", "circumstances": "%s"},
                 "child": {"localId": "KCC-%s", "nhsNumber": "9990000018", "givenName": "Rowan",
                  "familyName": "Testbury", "dateOfBirth": "2011-05-14", "sex": "female", "homePostcode": "CT1 1AA",
                  "lookedAfter": true, "placingAuthority": "886"}}
                """.formatted(reference, circumstances, reference);
    }

    private static String found(String reference, String end, String at) {
        return """
                {"episode": {"update": "FOUND", "updatedAt": "%s", "reportedBy": "POLICE",
                  "reportingForce": "greater-manchester", "policeReference": "%s", "type": "M",
                  "start": "2026-03-01T18:30:00Z", "end": "%s", "foundAuthority": "888",
                  "foundLocation": "a bus station", "foundCondition": ["SAFE_AND_WELL"]},
                 "child": {"localId": "KCC-%s", "lookedAfter": true, "placingAuthority": "886"}}
                """.formatted(at, reference, end, reference);
    }

    private static String update(String reference, String update, String at, String more) {
        return """
                {"episode": {"update": "%s", "updatedAt": "%s", "reportedBy": "POLICE",
                  "reportingForce": "greater-manchester", "policeReference": "%s", "type": "M",
                  "start": "2026-03-01T18:30:00Z"%s},
                 "child": {"localId": "KCC-%s", "lookedAfter": true, "placingAuthority": "886"}}
                """.formatted(update, at, reference, more, reference);
    }
}
