package org.bridgeway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bridgeway.delivery.push.PushEndpoints;
import org.bridgeway.delivery.push.PushEndpointsException;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.reference.ReferenceData;
import org.bridgeway.testing.GatewayFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recipient's system hears that mail is waiting from a real HTTP server on loopback: the notice carries no
 * content, its Standard Webhooks signature verifies with the recipient's secret and not with another, and a system
 * that fails at first is tried again.
 */
class MailWaitingWebhookTest {
    private static final String MANCHESTER = "local-authority:352";
    private static final String GMP = "police:greater-manchester";
    private static final String CONTENT = "synthetic-content-never-in-a-webhook";

    @TempDir
    Path data;
    private HttpServer server;
    private GatewayFixture fixture;
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger failuresLeft = new AtomicInteger();

    private record Received(Map<String, String> headers, String body) {
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    private String startSystem() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/mail-waiting", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(Map.of(
                    "webhook-id", String.valueOf(exchange.getRequestHeaders().getFirst("webhook-id")),
                    "webhook-timestamp", String.valueOf(exchange.getRequestHeaders().getFirst("webhook-timestamp")),
                    "webhook-signature", String.valueOf(exchange.getRequestHeaders().getFirst("webhook-signature"))),
                    body));
            exchange.sendResponseHeaders(failuresLeft.getAndDecrement() > 0 ? 503 : 204, -1);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/mail-waiting";
    }

    private static String newSecret() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    /** Verifies as a recipient would, by the specification, independently of the gateway's signing code. */
    private static boolean verifies(Received r, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal((r.headers().get("webhook-id") + "."
                + r.headers().get("webhook-timestamp") + "." + r.body()).getBytes(StandardCharsets.UTF_8)));
        return List.of(r.headers().get("webhook-signature").split(" ")).contains(expected);
    }

    private void accept(Gateway gateway, String recipient) throws Exception {
        Delivery d = new Delivery(UUID.randomUUID().toString(), "webhook-" + recipient, "webhook:" + recipient,
                "placement-notification", "local-authority:886", recipient, "json", "application/json",
                ("{\"note\":\"" + CONTENT + "\"}").getBytes(StandardCharsets.UTF_8));
        try (java.sql.Connection c = gateway.dataSource().getConnection()) {
            c.setAutoCommit(false);
            MailboxOutbox.accept(c, List.of(d), Instant.now().minusSeconds(60));
            c.commit();
        }
    }

    @Test
    void theRecipientsSystemIsToldMailIsWaitingSignedAndTriedAgain() throws Exception {
        String url = startSystem();
        String secret = newSecret();
        Files.writeString(data.resolve("mail-waiting-352.secret"), secret + "\n");
        Files.writeString(PushEndpoints.file(data), """
                mailWaiting:
                  %s:
                    url: %s
                    secretFile: mail-waiting-352.secret
                """.formatted(MANCHESTER, url));
        failuresLeft.set(1);
        fixture = GatewayFixture.start(data);

        accept(fixture.gateway(), GMP); // no webhook for the police: nothing is sent for them
        accept(fixture.gateway(), MANCHESTER);
        await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= 2);
        Thread.sleep(500);
        assertThat(received).as("once refused with 503, once taken").hasSize(2);

        for (Received r : received) {
            JsonNode body = new ObjectMapper().readTree(r.body());
            assertThat(body.path("type").asText()).isEqualTo("mail.waiting");
            assertThat(body.path("data").path("organisation").asText()).isEqualTo(MANCHESTER);
            assertThat(body.path("data").size()).as("no more than the organisation").isEqualTo(1);
            assertThat(r.body()).doesNotContain(CONTENT).doesNotContain("local-authority:886");
            assertThat(Math.abs(Long.parseLong(r.headers().get("webhook-timestamp"))
                    - Instant.now().getEpochSecond())).isLessThan(60);
            assertThat(verifies(r, secret)).as("signed with the recipient's secret").isTrue();
            assertThat(verifies(r, newSecret())).as("another secret does not verify it").isFalse();
            assertThat(verifies(new Received(r.headers(), r.body().replace(MANCHESTER, "local-authority:886")),
                    secret)).as("a changed body does not verify").isFalse();
        }
        assertThat(received.get(0).headers().get("webhook-id")).isNotEqualTo(received.get(1).headers().get("webhook-id"));
    }

    @Test
    void aWebhookMustBeHttpsAndItsSecretComeFromAFileOrTheEnvironment() throws Exception {
        Files.writeString(data.resolve("weak.secret"), "whsec_" + Base64.getEncoder().encodeToString(new byte[8]));
        Files.writeString(PushEndpoints.file(data), """
                mailWaiting:
                  local-authority:352:
                    url: http://cases.manchester.example/mail-waiting
                    secretFile: missing.secret
                  local-authority:886:
                    url: https://cases.kent.example/mail-waiting
                    secret: whsec_inline
                  health:LAC352:
                    url: https://health.example/mail-waiting
                    secretFile: weak.secret
                """);
        assertThatThrownBy(() -> PushEndpoints.load(data, ReferenceData.shipped()))
                .isInstanceOf(PushEndpointsException.class)
                .hasMessageContaining("mailWaiting.local-authority:352.url: must be https")
                .hasMessageContaining("mailWaiting.local-authority:352.secretFile: cannot read")
                .hasMessageContaining("mailWaiting.local-authority:886.secret: unknown key")
                .hasMessageContaining("mailWaiting.local-authority:886: give exactly one of secretFile and secretEnv")
                .hasMessageContaining("mailWaiting.health:LAC352.secretFile: the secret must hold 24 to 64 bytes")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("whsec_inline"));
    }
}
