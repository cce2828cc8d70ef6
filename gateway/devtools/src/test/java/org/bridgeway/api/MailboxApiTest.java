package org.bridgeway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bridgeway.audit.AuditRecord;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.TlsGatewayFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recipients' pull API: list, fetch and acknowledge, each recipient only its own mailbox. */
class MailboxApiTest {
    private static final String KENT = "local-authority:886";
    private static final String GMP = "police:greater-manchester";
    private static final String HEALTH = "health:LAC352";

    @TempDir
    Path data;

    private GatewayFixture fixture;
    private ApiClient api;
    private String exchangeId;

    @BeforeEach
    void startAndSubmit() throws Exception {
        fixture = TlsGatewayFixture.startWithHttp(data);
        api = new ApiClient(fixture.apiBase());
        String body = Files.readString(GatewayFixture.samples().resolve("placements")
                .resolve("01-emergency-placement-manchester.json"), StandardCharsets.UTF_8);
        HttpResponse<String> submitted = api.postJson("/placements", KENT, body);
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        exchangeId = ApiClient.json(submitted).path("exchangeId").asText();
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void thePoliceOfThePlacementAreaListFetchAndAcknowledgeTheNotice() {
        String messages = "/mailboxes/" + GMP + "/messages";
        HttpResponse<String> list = api.get(messages, GMP);
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        assertThat(ApiClient.contentType(list)).startsWith("application/json");
        JsonNode listed = ApiClient.json(list);
        assertThat(listed.path("organisation").asText()).isEqualTo(GMP);
        assertThat(listed.path("messages")).hasSize(1);
        JsonNode entry = listed.path("messages").get(0);
        assertThat(entry.path("exchangeId").asText()).isEqualTo(exchangeId);
        assertThat(entry.path("sender").asText()).isEqualTo(KENT);
        String messageId = entry.path("messageId").asText();
        assertThat(messageId).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

        HttpResponse<String> fetched = api.get(messages + "/" + messageId, GMP);
        assertThat(fetched.statusCode()).as(fetched.body()).isEqualTo(200);
        assertThat(ApiClient.contentType(fetched)).startsWith("application/json");
        assertThat(fetched.body()).contains(exchangeId);
        assertThat(ApiClient.json(fetched)).isNotNull();
        assertThat(fetched.headers().firstValue("X-Bridgeway-Exchange-Id")).contains(exchangeId);
        assertThat(fetched.headers().firstValue("X-Bridgeway-Message-Id")).contains(messageId);

        HttpResponse<String> ack = api.post(messages + "/" + messageId + "/ack", GMP, null, new byte[0]);
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(204);

        HttpResponse<String> after = api.get(messages, GMP);
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(ApiClient.json(after).path("messages")).isEmpty();
        assertThat(api.get(messages + "/" + messageId, GMP).statusCode()).isEqualTo(404);

        // a repeated acknowledgement (its first answer lost, say) is answered as the first was, and audited once
        HttpResponse<String> again = api.post(messages + "/" + messageId + "/ack", GMP, null, new byte[0]);
        assertThat(again.statusCode()).isEqualTo(204);
        // but only by its recipient: to another mailbox's owner the police's message id is one it never had
        String hostMessages = "/mailboxes/local-authority:352/messages/" + messageId + "/ack";
        assertThat(api.post(hostMessages, "local-authority:352", null, new byte[0]).statusCode()).isEqualTo(404);
        String unknown = "01a24363-2653-7fd0-b22d-e64cf066fb1c";
        HttpResponse<String> never = api.post(messages + "/" + unknown + "/ack", GMP, null, new byte[0]);
        assertThat(never.statusCode()).isEqualTo(404);
        assertThat(ApiClient.contentType(never)).startsWith("application/problem+json");

        List<String> entries = new ArrayList<>();
        for (AuditRecord r : fixture.gateway().auditLog().entriesFor(exchangeId)) {
            entries.add(r.entryJson());
        }
        assertThat(entries).filteredOn(json -> json.contains("\"type\":\"ACKNOWLEDGED\""))
                .hasSize(1)
                .allSatisfy(json -> assertThat(json).contains(messageId).contains(GMP));
        assertThat(fixture.gateway().auditLog().verify().valid()).isTrue();
    }

    @Test
    void noOtherOrganisationReadsOrAcknowledgesThePolicesMailbox() {
        String messageId = fixture.gateway().mailboxes().list(GMP, 10).get(0).messageId();
        String messages = "/mailboxes/" + GMP + "/messages";
        for (String other : List.of("police:kent", KENT, HEALTH, "local-authority:352")) {
            assertThat(api.get(messages, other).statusCode()).as(other).isEqualTo(403);
            assertThat(api.get(messages + "/" + messageId, other).statusCode()).as(other).isEqualTo(403);
            assertThat(api.post(messages + "/" + messageId + "/ack", other, null, new byte[0]).statusCode())
                    .as(other).isEqualTo(403);
        }
        HttpResponse<String> anonymous = api.get(messages, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(fixture.gateway().mailboxes().count(GMP)).isEqualTo(1);
    }

    @Test
    void theListingPagesWithTheCursorItIssues() {
        String messages = "/mailboxes/" + GMP + "/messages";
        fixture.gateway().mailboxes().put(List.of(
                new org.bridgeway.delivery.Delivery(java.util.UUID.randomUUID().toString(), "paging-api", "paging:api",
                        "placement-notification", KENT, GMP, "json", "application/json", "{}".getBytes())),
                java.time.Instant.now());
        JsonNode first = ApiClient.json(api.get(messages + "?limit=1", GMP));
        assertThat(first.path("messages")).hasSize(1);
        assertThat(first.path("messages").get(0).path("exchangeId").asText()).isEqualTo(exchangeId);
        String next = first.path("next").asText();
        assertThat(next).isNotEmpty();
        JsonNode second = ApiClient.json(api.get(messages + "?limit=1&cursor=" + next, GMP));
        assertThat(second.path("messages").get(0).path("exchangeId").asText()).isEqualTo("paging-api");
        assertThat(second.has("next")).as("the last page").isFalse();

        for (String bad : List.of("?cursor=forged", "?limit=0", "?limit=501", "?limit=ten")) {
            HttpResponse<String> refused = api.get(messages + bad, GMP);
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(ApiClient.contentType(refused)).startsWith("application/problem+json");
        }
    }

    @Test
    void aMessageIdThatIsNotAUuidIsABadRequest() {
        String messages = "/mailboxes/" + GMP + "/messages/";
        for (String bad : List.of("not-a-uuid", "1%27%20OR%20%271%27%3D%271", "00000000-0000-0000-0000-00000000000G")) {
            HttpResponse<String> fetched = api.get(messages + bad, GMP);
            assertThat(fetched.statusCode()).as(bad).isEqualTo(400);
            assertThat(ApiClient.contentType(fetched)).startsWith("application/problem+json");
            assertThat(api.post(messages + bad + "/ack", GMP, null, new byte[0]).statusCode()).as(bad).isEqualTo(400);
        }
        assertThat(fixture.gateway().mailboxes().count(GMP)).isEqualTo(1);
    }

    @Test
    void theHealthTeamReceivesAFhirMessage() {
        String messages = "/mailboxes/" + HEALTH + "/messages";
        JsonNode listed = ApiClient.json(api.get(messages, HEALTH)).path("messages");
        assertThat(listed).hasSize(1);
        String messageId = listed.get(0).path("messageId").asText();
        assertThat(listed.get(0).path("mediaType").asText()).isEqualTo("application/fhir+json");

        HttpResponse<String> fetched = api.get(messages + "/" + messageId, HEALTH);
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(ApiClient.contentType(fetched)).startsWith("application/fhir+json");
        assertThat(ApiClient.json(fetched).path("resourceType").asText()).isEqualTo("Bundle");
    }
}
