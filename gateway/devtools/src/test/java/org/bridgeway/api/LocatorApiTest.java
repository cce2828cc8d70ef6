package org.bridgeway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.TlsGatewayFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The locator API over mutual TLS (certificate-only identity): a council registers and withdraws its entry; a force
 * asks and gets the responsible authority, its contact staffed now, the involvement and the host's name, or
 * {@code {"known": false}} and nothing else; bad input is refused field by field; a caller asking too much, or
 * missing too often, gets 429 with Retry-After and the rule. No answer repeats what identifies the child.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocatorApiTest {
    private static final String KENT = "local-authority-886";
    private static final String KENT_EDT = "local-authority-886-edt";
    private static final String GMP = "police-greater-manchester";
    private static final Set<String> CHILD = Set.of("9990000018", "2009-11-02", "Riley", "Sampleton", "ME14 2LP",
            "M13 9PL");
    private static final String ENTRY = """
            {"reference": "KCC-CP-1001", "involvement": "CHILD_PROTECTION_PLAN", "startDate": "2026-02-01",
             "hostAuthority": "352",
             "child": {"nhsNumber": "9990000018", "givenName": "Riley", "familyName": "Sampleton",
                       "dateOfBirth": "2009-11-02", "postcodes": ["ME14 2LP", "M13 9PL"]}}""";

    @TempDir
    static java.nio.file.Path data;

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
            fixture.close();
        }
    }

    @AfterEach
    void noResponseRepeatsTheChild() {
        api.assertNoResponseRepeats(CHILD);
    }

    private HttpResponse<String> post(String path, String client, String json) {
        return api.postJson(path, client, json, Optional.empty());
    }

    private static String query(String purpose, String child) {
        return "{\"purpose\": \"" + purpose + "\", \"caseReference\": \"CR/0042/26\", \"child\": " + child + "}";
    }

    @Test
    void aForceAsksAndIsToldWhoIsResponsibleAndHowToReachThemNowOrNothing() {
        HttpResponse<String> registered = post("/locator/entries", KENT, ENTRY);
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        HttpResponse<String> again = post("/locator/entries", KENT, ENTRY);
        assertThat(again.statusCode()).as("the same reference again").isEqualTo(200);
        assertThat(ApiClient.json(again).path("entryId").asText())
                .isEqualTo(ApiClient.json(registered).path("entryId").asText());

        HttpResponse<String> asked = post("/locator/queries", GMP, query("CUSTODY_PACE_TRANSFER",
                "{\"givenName\": \"riley\", \"familyName\": \"SAMPLETON\", \"dateOfBirth\": \"2009-11-02\","
                        + " \"postcode\": \"m139pl\"}"));
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(200);
        JsonNode answer = ApiClient.json(asked);
        assertThat(answer.path("known").asBoolean()).isTrue();
        assertThat(answer.path("responsibleAuthority").path("code").asText()).isEqualTo("886");
        assertThat(answer.path("responsibleAuthority").path("staffedNow").asText()).isIn("OFFICE", "OUT_OF_HOURS");
        assertThat(answer.path("responsibleAuthority").path("contactNow").path("phone").asText()).isNotBlank();
        assertThat(answer.path("involvement").path("kind").asText()).isEqualTo("CHILD_PROTECTION_PLAN");
        assertThat(answer.path("involvement").path("startedOn").asText()).isEqualTo("2026-02-01");
        assertThat(answer.path("hostAuthority").path("code").asText()).isEqualTo("352");
        assertThat(answer.path("hostAuthority").path("contactNow").path("phone").asText()).isNotBlank();

        HttpResponse<String> unknown = post("/locator/queries", GMP, query("CUSTODY_PACE_TRANSFER",
                "{\"givenName\": \"Riley\", \"familyName\": \"Sampleton\", \"dateOfBirth\": \"2009-11-03\","
                        + " \"postcode\": \"M13 9PL\"}"));
        assertThat(unknown.statusCode()).isEqualTo(200);
        assertThat(ApiClient.json(unknown)).as("nothing else").isEqualTo(ApiClient.JSON.createObjectNode()
                .put("known", false));

        HttpResponse<String> withdrawn = post("/locator/entries/KCC-CP-1001/withdrawal", KENT, "{}");
        assertThat(withdrawn.statusCode()).as(withdrawn.body()).isEqualTo(200);
        assertThat(post("/locator/entries/KCC-CP-1001/withdrawal", KENT, "{}").statusCode()).isEqualTo(404);
        HttpResponse<String> gone = post("/locator/queries", GMP, query("CUSTODY_PACE_TRANSFER",
                "{\"nhsNumber\": \"9990000018\"}"));
        assertThat(ApiClient.json(gone).path("known").asBoolean()).isFalse();
    }

    @Test
    void aQueryWithoutPurposeCaseReferenceOrAWholeKeyIsRefusedFieldByField() {
        HttpResponse<String> r = post("/locator/queries", GMP, "{\"child\": {\"givenName\": \"Riley\","
                + " \"familyName\": \"Sampleton\", \"dateOfBirth\": \"2009-11-02\"}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        List<org.assertj.core.groups.Tuple> violations = new ArrayList<>();
        ApiClient.json(r).path("violations").forEach(v -> violations.add(
                tuple(v.path("field").asText(), v.path("rule").asText())));
        assertThat(violations).containsExactly(tuple("purpose", "access.purpose.code"),
                tuple("caseReference", "access.caseReference.required"), tuple("child", "locator.child.keys"));

        HttpResponse<String> entry = post("/locator/entries", KENT, "{\"involvement\": \"CHILD_IN_NEED\","
                + " \"startDate\": \"2026-02-01\", \"endDate\": \"2026-01-01\", \"child\": {\"nhsNumber\": \"123\"}}");
        assertThat(entry.statusCode()).as(entry.body()).isEqualTo(400);
        List<String> rules = new ArrayList<>();
        ApiClient.json(entry).path("violations").forEach(v -> rules.add(v.path("rule").asText()));
        assertThat(rules).contains("locator.reference.required", "locator.involvement.code",
                "locator.endDate.before-start", "locator.child.keys");

        HttpResponse<String> byEdt = post("/locator/entries", KENT_EDT, ENTRY);
        assertThat(byEdt.statusCode()).as("an EDT asks, but does not register").isEqualTo(403);
        HttpResponse<String> byForce = post("/locator/entries", GMP, ENTRY);
        assertThat(byForce.statusCode()).isEqualTo(403);
    }

    @Test
    void aCallerAskingTooMuchOrMissingTooOftenGets429WithRetryAfterAndTheRule() {
        // Kent's EDT: twenty misses within the window (the default) trip the probing rule
        HttpResponse<String> last = null;
        for (int i = 0; i < 21; i++) {
            last = post("/locator/queries", KENT_EDT, query("EDT_EMERGENCY", "{\"nhsNumber\": \"9990000026\"}"));
        }
        assertThat(last.statusCode()).as(last.body()).isEqualTo(429);
        assertThat(ApiClient.json(last).path("rule").asText()).isEqualTo("locator.probing");
        assertThat(last.headers().firstValue("Retry-After")).isPresent();

        // Kent Police: a burst of twenty, then one a second
        HttpResponse<String> tooMany = null;
        for (int i = 0; i < 25 && (tooMany == null || tooMany.statusCode() == 200); i++) {
            tooMany = post("/locator/queries", "police-kent", query("MISSING_REPORT",
                    "{\"nhsNumber\": \"9990000018\"}"));
        }
        assertThat(tooMany.statusCode()).as(tooMany.body()).isEqualTo(429);
        assertThat(ApiClient.json(tooMany).path("rule").asText()).isIn("locator.rate-limited", "locator.probing");
        assertThat(tooMany.headers().firstValue("Retry-After").map(Integer::parseInt).orElseThrow()).isPositive();
    }
}
