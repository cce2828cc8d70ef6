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
import org.bridgeway.delivery.MailboxMessage;
import org.bridgeway.intake.PlacementJsonIntake;
import org.bridgeway.pipeline.Outcome;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.TlsGatewayFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The JSON placement endpoint's contract, against a real gateway with its HTTP server on loopback. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlacementApiTest {
    private static final String KENT = "local-authority:886";
    private static final List<String> MANCHESTER_RECIPIENTS =
            List.of("police:greater-manchester", "local-authority:352", "health:LAC352");
    /** Personal data submitted in the samples and variants: no response may repeat any of it. */
    private static final Set<String> SUBMITTED_PERSONAL_DATA = Set.of("9990000018", "9990000019", "9990000026",
            "9990000034", "9990000042", "2009-11-02", "2011-02-30", "Riley", "Sampleton");

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
            fixture.close();
        }
    }

    @AfterEach
    void noResponseEchoesPersonalData() {
        api.assertNoResponseRepeats(SUBMITTED_PERSONAL_DATA);
    }

    @Test
    void aValidNoticeIsAcceptedOnceAndAResubmissionIsRecognisedAsTheSameExchange() throws Exception {
        String body = sample("01-emergency-placement-manchester.json");

        HttpResponse<String> first = api.postJson("/placements", KENT, body);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(ApiClient.contentType(first)).startsWith("application/json");
        JsonNode firstJson = ApiClient.json(first);
        String exchangeId = firstJson.path("exchangeId").asText();
        assertThat(exchangeId).matches("[0-9a-f-]{36}");
        assertThat(firstJson.path("duplicate").asBoolean()).isFalse();

        HttpResponse<String> again = api.postJson("/placements", KENT, body);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
        JsonNode againJson = ApiClient.json(again);
        assertThat(againJson.path("exchangeId").asText()).isEqualTo(exchangeId);
        assertThat(againJson.path("duplicate").asBoolean()).isTrue();

        for (String recipient : MANCHESTER_RECIPIENTS) {
            List<MailboxMessage> messages = fixture.gateway().mailboxes().list(recipient, 1000);
            assertThat(messages).as(recipient).filteredOn(m -> m.exchangeId().equals(exchangeId)).hasSize(1);
        }
        assertThat(fixture.outcomes(Outcome.Delivered.class)).filteredOn(d -> d.exchangeId().equals(exchangeId))
                .extracting(Outcome.Delivered::recipient).containsExactlyInAnyOrderElementsOf(MANCHESTER_RECIPIENTS);
        assertThat(fixture.outcomes(Outcome.Duplicate.class)).extracting(Outcome.Duplicate::exchangeId)
                .contains(exchangeId);
    }

    @Test
    void anInvalidNoticeIsRefusedWithEveryViolationAndNothingIsShared() throws Exception {
        int outcomesBefore = fixture.outcomes().size();
        List<Integer> countsBefore = mailboxCounts();

        HttpResponse<String> r = api.postJson("/placements", KENT, sample("02-invalid-notice.json"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(ApiClient.contentType(r)).startsWith("application/problem+json");
        JsonNode problem = ApiClient.json(r);
        assertThat(problem.path("status").asInt()).isEqualTo(400);
        List<org.assertj.core.groups.Tuple> violations = new ArrayList<>();
        problem.path("violations").forEach(v -> {
            assertThat(v.path("message").asText()).as("every violation says why").isNotBlank();
            violations.add(tuple(v.path("field").asText(), v.path("rule").asText()));
        });
        assertThat(violations).containsExactlyInAnyOrder(
                tuple("child.nhsNumber", "nhs-number.check-digit"),
                tuple("child.sex", "schema.enum"),
                tuple("child.dateOfBirth", "schema.format"),
                tuple("child.favouriteColour", "schema.additionalProperties"),
                tuple("placement.reasonForNewEpisode", "schema.enum"),
                tuple("placement.postcode", "placement.postcode.district-unknown"));

        assertThat(fixture.outcomes()).hasSize(outcomesBefore);
        assertThat(mailboxCounts()).isEqualTo(countsBefore);
    }

    @Test
    void noViolationRepeatsTheRejectedValue() throws Exception {
        ObjectNode doc = (ObjectNode) ApiClient.JSON.readTree(variant("kent-cms/case-4/echo", "9990000042"));
        ObjectNode child = (ObjectNode) doc.get("child");
        ObjectNode placement = (ObjectNode) doc.get("placement");
        child.put("nhsNumber", "9990000043");
        child.put("upn", "A886523112109");
        child.put("homePostcode", "QQ9 9QQX");
        child.put("dateOfBirth", "2009-13-45");
        child.put("givenName", "R".repeat(150));
        placement.put("postcode", "ZZ99 9ZZ");
        placement.put("providerUrn", "SC12");
        doc.put("placingAuthority", "999");

        HttpResponse<String> r = api.postJson("/placements", KENT, ApiClient.JSON.writeValueAsString(doc));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(ApiClient.json(r).path("violations")).extracting(v -> v.path("field").asText())
                .contains("child.nhsNumber", "child.upn", "child.dateOfBirth", "child.givenName", "placingAuthority");
        assertThat(r.body()).doesNotContain("9990000043", "A886523112109", "QQ9 9QQX", "2009-13-45", "RRRRR",
                "ZZ99 9ZZ", "SC12\"");
    }

    @Test
    void aCallerWithoutAnOrganisationIsUnauthenticated() throws Exception {
        HttpResponse<String> r = api.postJson("/placements", null, variant("kent-cms/case-1/unauth", "9990000026"));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(ApiClient.contentType(r)).startsWith("application/problem+json");
        assertThat(fixture.outcomes(Outcome.Delivered.class)).isEmpty();
    }

    @Test
    void anotherAuthorityMayNotSubmitAsKent() throws Exception {
        int before = fixture.outcomes().size();
        HttpResponse<String> r = api.postJson("/placements", "local-authority:887",
                variant("kent-cms/case-2/forged", "9990000026"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(ApiClient.contentType(r)).startsWith("application/problem+json");
        assertThat(fixture.outcomes()).hasSize(before);
    }

    @Test
    void hostileBodiesAreRefusedWithAClearRuleAndTheGatewayKeepsWorking() throws Exception {
        assertRefused("{\"placingAuthority\": \"886\", \"child\": {", "json.malformed");
        assertThat(assertRefused("{\"placingAuthority\":\"886\",\"placingAuthority\":\"887\"}", "json.malformed"))
                .contains("more than once");
        assertRefused("[".repeat(5_000) + "]".repeat(5_000), "json.too-deep");
        assertThat(assertRefused("{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000), "json.too-deep"))
                .contains("nested more than 20 levels");
        // Unquoted personal data: the parser's complaint must not quote it back.
        assertRefused("{\"placingAuthority\":\"886\",\"child\":{\"givenName\":Riley,\"familyName\":\"Sampleton\"}}",
                "json.malformed");
        assertRefused("{\"placingAuthority\":\"886\",\"child\":{\"familyName\":Sampleton}}", "json.malformed");
        assertRefused("{\"child\":{\"nhsNumber\":9990000042x}}", "json.malformed");
        assertRefused("", "body.empty");
        assertRefused("[]", "json.not-object");

        HttpResponse<String> ok = api.postJson("/placements", KENT, variant("kent-cms/case-3/after-hostile", "9990000034"));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
        assertThat(ApiClient.json(ok).path("duplicate").asBoolean()).isFalse();
    }

    @Test
    void theSchemaIsPublished() throws Exception {
        HttpResponse<String> r = api.get("/schemas/placement-notice.schema.json", "police:kent");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(ApiClient.contentType(r)).startsWith("application/schema+json");
        JsonNode schema = ApiClient.json(r);
        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("required")).extracting(JsonNode::asText).isNotNull();
        assertThat(schema.path("properties").has("child")).isTrue();
        assertThat(schema.path("properties").has("placement")).isTrue();
    }

    @Test
    void aBodyOverTheLimitIsAnswered413WithItsRuleAsEveryOtherEndpointDoes() throws Exception {
        int before = fixture.outcomes().size();
        String body = "{\"placingAuthority\":\"886\",\"sourceReference\":\"" + "x".repeat(100 * 1024) + "\"}";

        String message = assertRefused(body, "body.too-large", 413);

        assertThat(message).contains(String.valueOf(PlacementJsonIntake.MAX_BYTES));
        assertThat(fixture.outcomes()).hasSize(before);
    }

    @Test
    void aLongNameIsAFieldViolationAndNoAnswerNamesTheParser() throws Exception {
        // the given name is over the parser's old 10,000-character limit
        HttpResponse<String> r = postWithNames("kent-cms/case-5/long", "R".repeat(20_000), "S".repeat(101));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(violations(r)).containsExactly(tuple("child.familyName", "text.max-length"),
                tuple("child.givenName", "text.max-length"));
        assertThat(r.body()).doesNotContain("StreamReadConstraints", "Jackson", "fasterxml", "RRRRR")
                .contains("at most 100 characters");
    }

    @Test
    void controlAndBidirectionalCharactersInNamesAreRefusedByFieldAndRule() throws Exception {
        HttpResponse<String> r = postWithNames("kent-cms/case-6/controls", "Ri\u0000ley\u0007",
                "Sample\u202Enotelpmas");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(violations(r)).containsExactly(tuple("child.familyName", "text.bidi-control"),
                tuple("child.givenName", "text.control-character"));
    }

    @Test
    void namesOfEveryLanguageAreAccepted() throws Exception {
        HttpResponse<String> r = postWithNames("kent-cms/case-7/welsh", "Gwenllïan Ŵyn فاطمة 张伟",
                "Wróblewska-Łukasiewicz O'Brien Se\u0301verine");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }

    /** A new notice of sample 01's shape with the given names. */
    private HttpResponse<String> postWithNames(String sourceReference, String givenName, String familyName)
            throws Exception {
        ObjectNode doc = (ObjectNode) ApiClient.JSON.readTree(variant(sourceReference, "9990000034"));
        ((ObjectNode) doc.get("child")).put("givenName", givenName).put("familyName", familyName);
        return api.postJson("/placements", KENT, ApiClient.JSON.writeValueAsString(doc));
    }

    private static List<org.assertj.core.groups.Tuple> violations(HttpResponse<String> r) {
        List<org.assertj.core.groups.Tuple> out = new ArrayList<>();
        ApiClient.json(r).path("violations").forEach(v -> out.add(tuple(v.path("field").asText(),
                v.path("rule").asText())));
        return out;
    }

    /** Asserts a one-violation refusal of the whole body with the rule; returns the violation's message. */
    private String assertRefused(String body, String rule) {
        return assertRefused(body, rule, 400);
    }

    private String assertRefused(String body, String rule, int status) {
        HttpResponse<String> r = api.postJson("/placements", KENT, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(ApiClient.contentType(r)).startsWith("application/problem+json");
        JsonNode violations = ApiClient.json(r).path("violations");
        assertThat(violations).hasSize(1);
        assertThat(violations.get(0).path("field").asText()).isEqualTo("$");
        assertThat(violations.get(0).path("rule").asText()).isEqualTo(rule);
        assertThat(violations.get(0).path("message").asText()).isNotBlank();
        assertThat(r.body().length()).as("a refusal is short").isLessThan(2_000);
        return violations.get(0).path("message").asText();
    }

    private List<Integer> mailboxCounts() {
        List<Integer> counts = new ArrayList<>();
        for (String org : MANCHESTER_RECIPIENTS) {
            counts.add(fixture.gateway().mailboxes().count(org));
        }
        return counts;
    }

    /** Sample 01 with another source reference and NHS number: a new notice of the same shape. */
    private static String variant(String sourceReference, String nhsNumber) throws Exception {
        ObjectNode doc = (ObjectNode) ApiClient.JSON.readTree(sample("01-emergency-placement-manchester.json"));
        doc.put("sourceReference", sourceReference);
        ((ObjectNode) doc.get("child")).put("nhsNumber", nhsNumber);
        ((ObjectNode) doc.get("child")).put("localId", "KT" + Math.abs(sourceReference.hashCode()));
        return ApiClient.JSON.writeValueAsString(doc);
    }

    private static String sample(String name) throws Exception {
        return Files.readString(GatewayFixture.samples().resolve("placements").resolve(name), StandardCharsets.UTF_8);
    }
}
