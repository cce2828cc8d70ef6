package org.bridgeway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.bridgeway.audit.AuditRecord;
import org.bridgeway.delivery.Delivery;
import org.bridgeway.delivery.MailboxOutbox;
import org.bridgeway.delivery.push.DeadLetterQueue;
import org.bridgeway.delivery.push.PushEndpoints;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.TlsGatewayFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The push dead-letter queue through the API while the gateway runs, with real tokens: the gateway-operator role
 * lists it (identifiers and codes, no payload nor the force's free text) and replays a message, audited with who and
 * which message; the replayed message keeps its message id and idempotency key; nobody else gets in.
 */
class DeadLetterApiTest {
    private static final String KENT = "local-authority:886";
    private static final String GMP = "police:greater-manchester";
    private static final String PAYLOAD_MARKER = "synthetic-dead-letter-body";

    @TempDir
    static Path data;
    private static GatewayFixture fixture;
    private static ApiClient api;
    private static Delivery notInContract;

    @BeforeAll
    static void startWithOneDeadLetter() throws Exception {
        // Manchester's police take push delivery; nothing listens there, and nothing needs to: a notice type outside
        // the force's contract is dead-lettered before any call
        Files.createDirectories(data);
        Files.writeString(PushEndpoints.file(data), """
                forces:
                  %s:
                    url: http://127.0.0.1:%d/records
                """.formatted(GMP, GatewayFixture.freePort()));
        fixture = TlsGatewayFixture.startWithHttp(data);
        api = new ApiClient(fixture.apiBase());
        notInContract = new Delivery(UUID.randomUUID().toString(), "dead-letter-api-exchange",
                "missing-json:dead-letter-api", "missing-episode", "local-authority:886", GMP, "json",
                "application/json", ("{\"note\":\"" + PAYLOAD_MARKER + "\"}").getBytes(StandardCharsets.UTF_8));
        // accepted as the pipeline accepts (outbox row and delivery state in one transaction), relayed by the sweep
        try (Connection c = fixture.gateway().dataSource().getConnection()) {
            c.setAutoCommit(false);
            MailboxOutbox.accept(c, List.of(notInContract), Instant.now().minusSeconds(60));
            c.commit();
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters().size() == 1);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static List<DeadLetterQueue.DeadLetter> deadLetters() {
        return fixture.gateway().pushDelivery().deadLetters().list(Optional.empty());
    }

    private static Optional<String> operator() {
        return ApiClient.person(KENT, "chris.lowe");
    }

    @Test
    void theOperatorListsTheQueueAsIdentifiersAndCodes() {
        HttpResponse<String> r = api.get("/dead-letters?force=" + GMP, KENT, operator());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode letter = ApiClient.json(r).path("deadLetters").get(0);
        assertThat(letter.path("messageId").asText()).isEqualTo(notInContract.messageId());
        assertThat(letter.path("recipient").asText()).isEqualTo(GMP);
        assertThat(letter.path("cause").asText()).isEqualTo("UNDELIVERABLE");
        assertThat(letter.path("reasonCode").asText()).isEqualTo("NOT_IN_CONTRACT");
        assertThat(letter.path("idempotencyKey").asText()).isEqualTo(notInContract.idempotencyKey());
        assertThat(letter.has("reason")).as("the force's free text could quote the notice").isFalse();
        assertThat(r.body()).doesNotContain(PAYLOAD_MARKER);
    }

    @Test
    void theSenderSeesItsCopyDeadLettered() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            HttpResponse<String> r = api.get("/exchanges/" + notInContract.exchangeId() + "/deliveries", KENT);
            JsonNode copy = ApiClient.json(r).path("deliveries").get(0);
            return r.statusCode() == 200 && copy.path("state").asText().equals("dead-lettered")
                    && !copy.path("deadLetteredAt").isNull() && copy.path("expiresAt").isNull();
        });
    }

    @Test
    void nobodyElseSeesOrReplaysTheQueue() {
        for (Optional<String> token : List.of(ApiClient.serviceAccount(KENT), ApiClient.person(KENT, "sam.whitfield"))) {
            assertThat(api.get("/dead-letters", KENT, token).statusCode()).isEqualTo(403);
            assertThat(api.postJson("/dead-letters/" + notInContract.messageId() + "/replay", KENT, "{}", token)
                    .statusCode()).isEqualTo(403);
        }
    }

    @Test
    void aReplayIsAuditedWithWhoAndWhichMessageAndKeepsTheIdempotencyKey() {
        HttpResponse<String> unknown = api.postJson("/dead-letters/" + UUID.randomUUID() + "/replay", KENT, "{}",
                operator());
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);

        HttpResponse<String> r = api.postJson("/dead-letters/" + notInContract.messageId() + "/replay", KENT, "{}",
                operator());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(ApiClient.json(r).path("replayedTo").asText()).isEqualTo(PushEndpoints.queueName(GMP));

        List<String> replays = fixture.gateway().auditLog().entriesFor(notInContract.exchangeId()).stream()
                .map(AuditRecord::entryJson).filter(json -> json.contains("\"type\":\"DEAD_LETTER_REPLAYED\""))
                .toList();
        assertThat(replays).hasSize(1);
        assertThat(replays.get(0)).contains("\"actor\":\"" + KENT + "\"").contains("\"by\":\"api\"")
                .contains("\"messageId\":\"" + notInContract.messageId() + "\"")
                .contains("\"idempotencyKey\":\"" + notInContract.idempotencyKey() + "\"")
                .doesNotContain(PAYLOAD_MARKER);
        // still outside the contract: back in the queue, the same message, replayed once
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters().stream()
                .anyMatch(l -> l.replays() == 1));
        assertThat(deadLetters()).singleElement().satisfies(l -> {
            assertThat(l.messageId()).isEqualTo(notInContract.messageId());
            assertThat(l.idempotencyKey()).isEqualTo(notInContract.idempotencyKey());
        });
    }
}
