package org.bridgeway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.TlsGatewayFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/decisions?exchangeId=…} with real tokens: the auditor reads every decision of an exchange,
 * a recipient's DPO only those about its organisation, and nobody reads a value of the notice there.
 */
class DecisionsApiTest {
    private static final String KENT = "local-authority:886";
    private static final String MANCHESTER = "local-authority:352";

    @TempDir
    static Path data;
    private static GatewayFixture fixture;
    private static ApiClient api;
    private static String exchangeId;

    @BeforeAll
    static void startAndSubmit() throws Exception {
        fixture = TlsGatewayFixture.startWithHttp(data);
        api = new ApiClient(fixture.apiBase());
        String body = Files.readString(GatewayFixture.samples().resolve("placements")
                .resolve("01-emergency-placement-manchester.json"), StandardCharsets.UTF_8);
        HttpResponse<String> submitted = api.postJson("/placements", KENT, body);
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        exchangeId = ApiClient.json(submitted).path("exchangeId").asText();
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> !fixture.gateway().decisionLog().forExchange(exchangeId).isEmpty());
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void theAuditorReadsEveryDecisionAsMetadataOnly() {
        HttpResponse<String> r = api.get("/decisions?exchangeId=" + exchangeId, KENT, auditor());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode decisions = ApiClient.json(r).path("decisions");
        assertThat(recipients(decisions)).containsExactlyElementsOf(fixture.gateway().decisionLog()
                .forExchange(exchangeId).stream().map(d -> d.recipient()).toList());
        JsonNode first = decisions.get(0);
        assertThat(first.has("result")).isTrue();
        assertThat(first.has("permittedFields")).isTrue();
        assertThat(first.has("withheldFields")).isTrue();
        assertThat(first.has("reasons")).isTrue();
        // The sample child's identifiers and name: field names may appear, their values never.
        assertThat(r.body()).doesNotContain("9990000018", "Riley", "Sampleton", "KT40211", "ME14 2LP", "M13 9PL");
    }

    @Test
    void aRecipientsDpoReadsOnlyTheDecisionsAboutItsOrganisation() {
        List<String> aboutManchester = fixture.gateway().decisionLog().forExchange(exchangeId).stream()
                .map(d -> d.recipient()).filter(MANCHESTER::equals).toList();
        HttpResponse<String> r = api.get("/decisions?exchangeId=" + exchangeId, MANCHESTER,
                ApiClient.person(MANCHESTER, "ruth.adeyemi"));
        assertThat(aboutManchester).as("the placing area's authority is a recipient of the sample").isNotEmpty();
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(recipients(ApiClient.json(r).path("decisions"))).containsExactlyElementsOf(aboutManchester);
        assertThat(fixture.gateway().decisionLog().forExchange(exchangeId)).as("and there are others it does not see")
                .hasSizeGreaterThan(aboutManchester.size());
    }

    @Test
    void anUnknownOrMalformedExchangeIsNotFoundOrABadRequest() {
        assertThat(api.get("/decisions?exchangeId=no-such-exchange", KENT, auditor()).statusCode()).isEqualTo(404);
        assertThat(api.get("/decisions?exchangeId=%27%20OR%201%3D1", KENT, auditor()).statusCode()).isEqualTo(400);
        assertThat(api.get("/decisions", KENT, auditor()).statusCode()).isEqualTo(400);
    }

    private static Optional<String> auditor() {
        return ApiClient.person(KENT, "sam.whitfield");
    }

    private static List<String> recipients(JsonNode decisions) {
        List<String> out = new ArrayList<>();
        decisions.forEach(d -> out.add(d.path("recipient").asText()));
        return out;
    }
}
