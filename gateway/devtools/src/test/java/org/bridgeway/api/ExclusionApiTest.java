package org.bridgeway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.assertj.core.groups.Tuple;
import org.bridgeway.adapters.exclusion.ExclusionJsonReader;
import org.bridgeway.intake.JsonIntakeResult;
import org.bridgeway.pipeline.Outcome;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.TlsGatewayFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The exclusion endpoint's contract, JSON and XML, against a real gateway with its HTTP server on loopback. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExclusionApiTest {
    private static final String EXMOOR_VALE = "school:113456";
    private static final String DEVON = "local-authority:878";
    private static final String DEVON_POLICE = "police:devon-and-cornwall";
    /** Personal data in the samples: no response may repeat any of it. */
    private static final Set<String> SUBMITTED_PERSONAL_DATA = Set.of("C878400119001", "Testbrook", "Alfie",
            "2011-04-03", "Trialworth", "Mockridge", "F878400119003", "DCC-7781204");

    @TempDir
    static Path data;

    private GatewayFixture fixture;
    private ApiClient api;

    @BeforeAll
    void start() {
        fixture = TlsGatewayFixture.startWithHttp(data);
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
    void aJsonSuspensionGoesToTheLocalAuthorityOnlyAndOnce() throws Exception {
        String body = sample("03-suspension.json");

        HttpResponse<String> first = api.postJson("/exclusions", EXMOOR_VALE, body);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        String exchangeId = ApiClient.json(first).path("exchangeId").asText();
        assertThat(exchangeId).matches("[0-9a-f-]{36}");
        assertThat(ApiClient.json(first).path("duplicate").asBoolean()).isFalse();

        HttpResponse<String> again = api.postJson("/exclusions", EXMOOR_VALE, body);
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(ApiClient.json(again).path("exchangeId").asText()).isEqualTo(exchangeId);
        assertThat(ApiClient.json(again).path("duplicate").asBoolean()).isTrue();

        assertThat(fixture.gateway().mailboxes().list(DEVON, 1000)).filteredOn(m -> m.exchangeId().equals(exchangeId))
                .hasSize(1);
        // a suspension for assault and verbal abuse, no pattern: not the police's business under ISA-EX-2026
        assertThat(fixture.gateway().mailboxes().list(DEVON_POLICE, 1000))
                .noneMatch(m -> m.exchangeId().equals(exchangeId));
        assertThat(fixture.outcomes(Outcome.Denied.class)).filteredOn(d -> d.exchangeId().equals(exchangeId))
                .singleElement().satisfies(d -> {
                    assertThat(d.recipient()).isEqualTo(DEVON_POLICE);
                    assertThat(d.reasons()).anyMatch(r -> r.contains("meets no condition"));
                });
    }

    @Test
    void anInvalidJsonNoticeIsRefusedWithEveryViolationAndNothingIsShared() throws Exception {
        ObjectNode doc = (ObjectNode) ApiClient.JSON.readTree(sample("03-suspension.json"));
        ((ObjectNode) doc.get("child")).put("upn", "A878400119001");
        ((ObjectNode) doc.get("child")).put("favouriteColour", "green");
        ((ObjectNode) doc.get("exclusion")).putArray("reasons").add("PA").add("XX");
        int outcomesBefore = fixture.outcomes().size();

        HttpResponse<String> r = api.postJson("/exclusions", EXMOOR_VALE, ApiClient.JSON.writeValueAsString(doc));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(ApiClient.contentType(r)).startsWith("application/problem+json");
        List<Tuple> violations = new ArrayList<>();
        ApiClient.json(r).path("violations").forEach(v -> {
            assertThat(v.path("message").asText()).isNotBlank();
            violations.add(tuple(v.path("field").asText(), v.path("rule").asText()));
        });
        assertThat(violations).contains(tuple("child.upn", "upn.check-letter"),
                tuple("exclusion.reasons", "exclusion-reason.code"));
        assertThat(violations).extracting(t -> (String) t.toArray()[0]).contains("child.favouriteColour");
        assertThat(r.body()).doesNotContain("A878400119001", "green", "\"XX\"");
        assertThat(fixture.outcomes()).hasSize(outcomesBefore);
    }

    @Test
    void aJsonBodyOverTheLimitIsAnswered413WithItsRule() throws Exception {
        ObjectNode doc = (ObjectNode) ApiClient.JSON.readTree(sample("03-suspension.json"));
        ((ObjectNode) doc.get("school")).put("name", "x".repeat(ExclusionJsonReader.MAX_BYTES));
        int outcomesBefore = fixture.outcomes().size();

        HttpResponse<String> r = api.postJson("/exclusions", EXMOOR_VALE, ApiClient.JSON.writeValueAsString(doc));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
        assertThat(ApiClient.contentType(r)).startsWith("application/problem+json");
        assertThat(ApiClient.json(r).path("rule").asText()).isEqualTo("body.too-large");
        assertThat(fixture.outcomes()).hasSize(outcomesBefore);
    }

    @Test
    void namesWithControlOrBidirectionalCharactersOrOverTheirLengthAreFieldViolations() throws Exception {
        ObjectNode doc = (ObjectNode) ApiClient.JSON.readTree(sample("03-suspension.json"));
        ((ObjectNode) doc.get("child")).put("givenName", "Al\u202Efie");
        ((ObjectNode) doc.get("child")).put("familyName", "T".repeat(20_000));
        ((ObjectNode) doc.get("school")).put("name", "Exmoor\u0000Vale");

        HttpResponse<String> r = api.postJson("/exclusions", EXMOOR_VALE, ApiClient.JSON.writeValueAsString(doc));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        List<Tuple> violations = new ArrayList<>();
        ApiClient.json(r).path("violations").forEach(v ->
                violations.add(tuple(v.path("field").asText(), v.path("rule").asText())));
        assertThat(violations).containsExactlyInAnyOrder(tuple("school.name", "text.control-character"),
                tuple("child.givenName", "text.bidi-control"), tuple("child.familyName", "text.max-length"));
        assertThat(r.body()).doesNotContain("StreamReadConstraints", "TTTTT");
    }

    @Test
    void onlyTheSchoolItselfMaySubmitItsExclusions() throws Exception {
        String body = sample("03-suspension.json");
        assertThat(api.postJson("/exclusions", "school:148812", body).statusCode()).isEqualTo(403);
        assertThat(api.postJson("/exclusions", DEVON, body).statusCode()).isEqualTo(403);
        assertThat(api.postJson("/exclusions", null, body).statusCode()).isEqualTo(401);

        byte[] xml = Files.readAllBytes(sampleFile("01-exmoor-vale-autumn-2025.xml"));
        assertThat(api.post("/exclusions", "school:148812", "application/xml", xml).statusCode()).isEqualTo(403);
        assertThat(api.post("/exclusions", DEVON, "application/xml", xml).statusCode()).isEqualTo(403);
    }

    @Test
    void theSameNoticeSentAgainIsAnsweredWithTheFirstExchangeIdAndNotDeliveredTwice() throws Exception {
        byte[] body = ("{\"school\":{\"urn\":\"113456\",\"localAuthority\":\"878\"},"
                + "\"child\":{\"upn\":\"C878400119001\",\"givenName\":\"Alfie\",\"familyName\":\"Testbrook\","
                + "\"dateOfBirth\":\"2011-04-03\"},"
                + "\"exclusion\":{\"category\":\"SUSP\",\"startDate\":\"2025-12-01\",\"sessions\":2,\"reasons\":[\"VA\"]}}")
                .getBytes(StandardCharsets.UTF_8);
        int before = fixture.gateway().mailboxes().count(DEVON);

        HttpResponse<String> first = api.post("/exclusions", EXMOOR_VALE, "application/json", body);
        HttpResponse<String> again = api.post("/exclusions", EXMOOR_VALE, "application/json", body);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
        assertThat(ApiClient.json(again).path("exchangeId").asText())
                .isEqualTo(ApiClient.json(first).path("exchangeId").asText());
        assertThat(ApiClient.json(again).path("duplicate").asBoolean()).isTrue();
        assertThat(fixture.gateway().mailboxes().count(DEVON)).isEqualTo(before + 1);
    }

    @Test
    void aSchoolsXmlFileIsAcceptedWithASummaryOfWhatWasSentAndEveryRejectedRecord() throws Exception {
        HttpResponse<String> r = api.post("/exclusions", EXMOOR_VALE, "application/xml",
                Files.readAllBytes(sampleFile("02-some-bad-records.xml")));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode summary = ApiClient.json(r);
        assertThat(summary.path("refused").asBoolean()).isFalse();
        assertThat(summary.path("records").asInt()).isEqualTo(6);
        assertThat(summary.path("notices").asInt()).isEqualTo(2);
        assertThat(summary.path("sent")).hasSize(2).allSatisfy(s ->
                assertThat(s.path("exchangeId").asText()).matches("[0-9a-f-]{36}"));
        List<Tuple> errors = new ArrayList<>();
        summary.path("errors").forEach(e -> {
            assertThat(e.path("line").asInt()).isPositive();
            assertThat(e.path("document").asText()).isEqualTo("upload.xml");
            errors.add(tuple(e.path("record").asInt(), e.path("field").asText(), e.path("rule").asText()));
        });
        assertThat(errors).contains(tuple(2, "child.upn", "upn.check-letter"),
                tuple(3, "exclusion.reasons", "exclusion-reason.code"),
                tuple(4, "exclusion.startDate", "date.not-a-date"),
                tuple(5, "exclusion.sessions", "exclusion.sessions.permanent"));
        for (JsonNode sent : summary.path("sent")) {
            assertThat(fixture.gateway().mailboxes().list(DEVON, 1000))
                    .anyMatch(m -> m.exchangeId().equals(sent.path("exchangeId").asText()));
        }
        assertThat(fixture.outcomes(Outcome.Rejected.class)).extracting(Outcome.Rejected::file, Outcome.Rejected::row,
                Outcome.Rejected::column).contains(tuple("upload.xml", 2, "child.upn"));
    }

    @Test
    void aPermanentExclusionInAFileGoesToThePoliceToo() throws Exception {
        HttpResponse<String> r = api.post("/exclusions", EXMOOR_VALE, "application/xml; charset=UTF-8",
                Files.readAllBytes(sampleFile("01-exmoor-vale-autumn-2025.xml")));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode summary = ApiClient.json(r);
        assertThat(summary.path("notices").asInt()).isEqualTo(6);
        assertThat(summary.path("errors")).isEmpty();
        List<String> exchanges = new ArrayList<>();
        summary.path("sent").forEach(s -> exchanges.add(s.path("exchangeId").asText()));
        // the permanent exclusion for weapons is the one notice of the file the police are told of
        assertThat(fixture.outcomes(Outcome.Delivered.class))
                .filteredOn(d -> exchanges.contains(d.exchangeId()) && d.recipient().equals(DEVON_POLICE))
                .singleElement().satisfies(d -> assertThat(d.withheld()).contains("child.upn", "exclusion.reasons"));
    }

    @Test
    void theSchemaIsPublished() {
        HttpResponse<String> r = api.get("/schemas/exclusion-notice.schema.json", "school:113456");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"$schema\"");
    }

    private static Path sampleFile(String name) {
        return GatewayFixture.samples().resolve("exclusions").resolve(name);
    }

    private static String sample(String name) throws Exception {
        return Files.readString(sampleFile(name));
    }
}
