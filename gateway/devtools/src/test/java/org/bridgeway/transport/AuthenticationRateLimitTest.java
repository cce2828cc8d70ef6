package org.bridgeway.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.bridgeway.audit.AuditLog;
import org.bridgeway.testing.AuditEntries;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.TlsGatewayFixture;
import org.bridgeway.testing.MovableClock;
import org.bridgeway.testing.TestPki;
import org.bridgeway.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Repeated failed authentications from one address block it for a window, whatever it presents then; each
 * failure up to the limit is audited, the block once, and what was refused while blocked only in the window's
 * summary. A good client from the same machine is served again once the window has passed.
 */
class AuthenticationRateLimitTest {
    private static final Duration WINDOW = Duration.ofMinutes(1);

    @TempDir
    Path data;

    @Test
    void aSourceIsBlockedAfterRepeatedFailuresAndAGoodClientRecoversAfterTheWindow() throws Exception {
        MovableClock clock = new MovableClock();
        try (GatewayFixture fixture = GatewayFixture.start(new GatewayConfigs().limited(data,
                new FailureLimit(3, WINDOW, 100)), clock)) {
            AuditLog log = fixture.gateway().auditLog();
            HttpClient anonymous = TestPki.httpClient((String) null);
            for (int i = 0; i < 3; i++) {
                assertThat(send(anonymous, fixture).statusCode()).isEqualTo(401);
            }

            HttpResponse<String> blocked = send(anonymous, fixture);
            assertThat(blocked.statusCode()).isEqualTo(429);
            assertThat(blocked.headers().firstValue("Retry-After")).hasValueSatisfying(
                    s -> assertThat(Long.parseLong(s)).isBetween(1L, WINDOW.toSeconds()));
            // the refusal is findable in the logs like any other answer
            String requestId = blocked.headers().firstValue("X-Request-Id").orElseThrow();
            assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(blocked.body()).path("instance")
                    .asText()).isEqualTo("urn:bridgeway:request:" + requestId);
            // a good certificate from the blocked address is refused at the handshake, before any validation
            assertThatThrownBy(() -> send(TestPki.httpClient("police:kent"), fixture)).isInstanceOf(IOException.class);

            JsonNode block = AuditEntries.await(log, "AUTHENTICATION_RATE_LIMITED",
                    e -> "blocked".equals(e.path("details").path("kind").asText()));
            assertThat(block.path("details").path("source").asText()).isEqualTo("127.0.0.1");
            assertThat(block.path("details").path("failures").asInt()).isEqualTo(3);
            assertThat(AuditEntries.ofType(log, "AUTHENTICATION_FAILED")).as("one entry per failure up to the limit")
                    .hasSize(3);

            clock.advance(WINDOW.plusSeconds(1));
            HttpResponse<String> recovered = send(TestPki.httpClient("police:kent"), fixture);
            assertThat(recovered.statusCode()).as(recovered.body()).isEqualTo(200);

            JsonNode summary = AuditEntries.await(log, "AUTHENTICATION_RATE_LIMITED",
                    e -> "summary".equals(e.path("details").path("kind").asText()));
            assertThat(summary.path("details").path("refusedWhileBlocked").asLong()).isGreaterThanOrEqualTo(2);
            assertThat(AuditEntries.ofType(log, "AUTHENTICATION_FAILED")).as("nothing refused while blocked")
                    .hasSize(3);
            assertThat(AuditEntries.ofType(log, "AUTHENTICATION_RATE_LIMITED")).hasSize(2);
        }
    }

    @Test
    void refusedTokensCountAgainstTheSourceLikeRefusedCertificates() throws Exception {
        try (GatewayFixture fixture = GatewayFixture.start(TlsGatewayFixture.withTokens(new GatewayConfigs().limited(data,
                new FailureLimit(3, WINDOW, 100))))) {
            // One client, so one keep-alive connection: the block shows as 429 rather than a refused handshake.
            HttpClient kentPolice = TestPki.httpClient("police:kent");
            for (String token : new String[] {null, "not-a-token", TestTokens.serviceAccount("local-authority:886")
                    .orElseThrow()}) {
                assertThat(send(kentPolice, fixture, token).statusCode()).isEqualTo(401);
            }
            HttpResponse<String> blocked = send(kentPolice, fixture, TestTokens.serviceAccount("police:kent")
                    .orElseThrow());
            assertThat(blocked.statusCode()).as("a good token from a blocked source").isEqualTo(429);
            AuditLog log = fixture.gateway().auditLog();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> AuditEntries.ofType(log, "AUTHENTICATION_FAILED").size() == 3);
            assertThat(AuditEntries.ofType(log, "AUTHENTICATION_FAILED"))
                    .extracting(e -> e.path("details").path("reason").asText())
                    .containsExactly("token-missing", "token-invalid", "token-not-bound");
        }
    }

    private static HttpResponse<String> send(HttpClient client, GatewayFixture fixture, String token)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fixture.apiBase() + "/audit/checkpoint"))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(HttpClient client, GatewayFixture fixture) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(fixture.apiBase() + "/audit/checkpoint"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
