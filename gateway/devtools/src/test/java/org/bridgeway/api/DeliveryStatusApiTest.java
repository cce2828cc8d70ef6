package org.bridgeway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.TlsGatewayFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/exchanges/{exchangeId}/deliveries}: the sender follows each recipient's copy from its mailbox
 * to fetched and acknowledged, with times; a recipient, or anyone else, is answered as if the exchange did not exist.
 */
class DeliveryStatusApiTest {
    private static final String KENT = "local-authority:886";
    private static final String GMP = "police:greater-manchester";
    private static final String HEALTH = "health:LAC352";

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
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /** The sender's view, by recipient. */
    private static Map<String, JsonNode> copies() {
        HttpResponse<String> r = api.get("/exchanges/" + exchangeId + "/deliveries", KENT);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Map<String, JsonNode> out = new HashMap<>();
        ApiClient.json(r).path("deliveries").forEach(copy -> out.put(copy.path("recipient").asText(), copy));
        return out;
    }

    @Test
    void theSenderFollowsACopyFromTheMailboxToFetchedAndAcknowledged() {
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> copies().values().stream().allMatch(c -> c.path("state").asText().equals("delivered")));
        JsonNode police = copies().get(GMP);
        assertThat(copies()).containsKeys(GMP, HEALTH);
        Instant delivered = Instant.parse(police.path("deliveredToMailboxAt").asText());
        assertThat(police.path("deliveryWindow").asText()).isEqualTo("PT120H");
        assertThat(Instant.parse(police.path("expiresAt").asText())).isEqualTo(delivered.plus(Duration.ofDays(5)));
        assertThat(police.path("fetchedAt").isNull()).isTrue();

        String messageId = police.path("messageId").asText();
        String messages = "/mailboxes/" + GMP + "/messages/" + messageId;
        assertThat(api.get(messages, GMP).statusCode()).isEqualTo(200);
        assertThat(copies().get(GMP).path("state").asText()).isEqualTo("fetched");
        String firstFetch = copies().get(GMP).path("fetchedAt").asText();
        assertThat(api.get(messages, GMP).statusCode()).isEqualTo(200);
        assertThat(copies().get(GMP).path("fetchedAt").asText()).as("the first fetch is kept").isEqualTo(firstFetch);

        assertThat(api.post(messages + "/ack", GMP, null, new byte[0]).statusCode()).isEqualTo(204);
        JsonNode acknowledged = copies().get(GMP);
        assertThat(acknowledged.path("state").asText()).isEqualTo("acknowledged");
        assertThat(acknowledged.path("acknowledgedAt").isNull()).isFalse();
        assertThat(acknowledged.path("expiresAt").isNull()).as("an acknowledged copy no longer expires").isTrue();
        assertThat(copies().get(HEALTH).path("state").asText()).isEqualTo("delivered");
    }

    @Test
    void onlyTheSenderIsAnswered() {
        for (String other : new String[] {GMP, HEALTH, "local-authority:352", "police:kent"}) {
            HttpResponse<String> r = api.get("/exchanges/" + exchangeId + "/deliveries", other);
            assertThat(r.statusCode()).as(other).isEqualTo(404);
            assertThat(r.body()).doesNotContain(KENT);
        }
        assertThat(api.get("/exchanges/no-such-exchange/deliveries", KENT).statusCode()).isEqualTo(404);
        assertThat(api.get("/exchanges/" + exchangeId + "/deliveries", null).statusCode()).isEqualTo(401);
    }
}
