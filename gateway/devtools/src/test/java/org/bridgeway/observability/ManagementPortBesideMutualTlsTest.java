package org.bridgeway.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.ManagementClient;
import org.bridgeway.testing.SyntheticPlacements;
import org.bridgeway.testing.TestPki;
import org.bridgeway.testing.TlsGatewayFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The management port is plain HTTP and the API stays mutual TLS: neither speaks the other's protocol. A notice
 * sent through the API moves the counters the management port serves, a caller refused for want of a certificate
 * is counted by reason, and the submitted child's name appears nowhere in the metrics.
 */
class ManagementPortBesideMutualTlsTest {
    private static final String KENT = "local-authority:886";

    @TempDir
    Path data;

    @Test
    void managementIsPlainHttpTheApiMutualTlsAndTheApiTrafficIsCountedWithoutPersonalData() throws Exception {
        try (GatewayFixture fixture = TlsGatewayFixture.startWithHttpCertificateOnly(data)) {
            int apiPort = fixture.gateway().apiPort().orElseThrow();
            int managementPort = fixture.gateway().managementPort();
            assertThat(managementPort).isNotEqualTo(apiPort);
            ManagementClient management = new ManagementClient(fixture.gateway());

            SyntheticPlacements.Spec child = SyntheticPlacements.EVERY_FIELD.get(2);
            HttpResponse<String> accepted = TestPki.httpClient(KENT).send(HttpRequest.newBuilder(
                            URI.create(fixture.apiBase() + "/placements"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(SyntheticPlacements.json(child))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            HttpResponse<String> refused = TestPki.httpClient((String) null).send(HttpRequest.newBuilder(
                    URI.create(fixture.apiBase() + "/mailboxes/" + KENT + "/messages")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(401);

            String text = management.scrapeText();
            Map<String, Double> series = ManagementClient.series(text);
            assertThat(ManagementClient.value(series, "bridgeway_notices_received_total",
                    "exchange=\"placement-notification\"")).isEqualTo(1);
            assertThat(ManagementClient.value(series, "bridgeway_authentication_refusals_total",
                    "reason=\"no-certificate\"")).isEqualTo(1);
            for (String personal : new String[] {child.givenName(), child.familyName(), child.nhsNumber(),
                    child.upn(), child.localId(), child.postcode()}) {
                assertThat(text).doesNotContain(personal);
            }

            // plain HTTP to the API: a TLS server, so no HTTP answer at all
            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort
                    + "/api/v1/mailboxes/" + KENT + "/messages")).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
            // TLS to the management port: a plain-HTTP server, so no handshake
            assertThatThrownBy(() -> TestPki.httpClient((String) null).send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + managementPort + "/health/live"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(IOException.class);
            assertThat(management.get("/health/live").statusCode()).isEqualTo(200);
            assertThat(management.get("/health/ready").statusCode()).isEqualTo(200);
        }
    }
}
