package org.bridgeway.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.gateway.GatewayConfig;
import org.bridgeway.model.ExclusionReason;
import org.bridgeway.pipeline.Dispatch;
import org.bridgeway.pipeline.Disclosure;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.ManagementClient;
import org.bridgeway.testing.SyntheticExclusions;
import org.bridgeway.testing.SyntheticPlacements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway on embedded defaults serves health, readiness and metrics on its plain-HTTP management port (any free
 * port in tests): the counters move by exchange type as notices go through, readiness names the dependency that
 * was taken away and recovers with it, and nothing of a notice's person reaches the metrics.
 */
class ManagementPortTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PLACEMENT = "exchange=\"placement-notification\"";
    private static final String EXCLUSION = "exchange=\"exclusion-notice\"";
    /** A pupil whose every value is distinctive, to be looked for in the scrape. */
    private static final SyntheticExclusions.Pupil ZEPHYRINE = new SyntheticExclusions.Pupil("878400199107",
            "DCC-7719107", "Zephyrine", "Quillfeather", LocalDate.of(2011, 4, 23));

    @TempDir
    Path data;

    @Test
    void countersMoveByExchangeTypeAndNoPersonalDataReachesTheMetrics() throws Exception {
        try (GatewayFixture fixture = GatewayFixture.start(data)) {
            Gateway gateway = fixture.gateway();
            ManagementClient management = new ManagementClient(gateway);
            Map<String, Double> before = management.scrape();
            assertThat(ManagementClient.value(before, "bridgeway_notices_received_total", PLACEMENT)).isZero();

            SyntheticPlacements.Spec ottoline = SyntheticPlacements.EVERY_FIELD.get(0);
            Dispatch first = gateway.submit(SyntheticPlacements.notice(gateway.reference(), ottoline));
            Dispatch second = gateway.submit(SyntheticPlacements.notice(gateway.reference(),
                    SyntheticPlacements.EVERY_FIELD.get(1)));
            Dispatch again = gateway.submit(SyntheticPlacements.notice(gateway.reference(), ottoline));
            assertThat(again.duplicate()).isTrue();
            Dispatch exclusion = gateway.submit(SyntheticExclusions.suspension(SyntheticExclusions.EXMOOR_VALE,
                    ZEPHYRINE, LocalDate.of(2025, 9, 15), 4, ExclusionReason.DR));
            gateway.exclusionIntake().fromXml("broken.xml", "<not-a-document".getBytes(StandardCharsets.UTF_8),
                    null);

            String text = management.scrapeText();
            Map<String, Double> after = ManagementClient.series(text);
            assertThat(ManagementClient.value(after, "bridgeway_notices_received_total", PLACEMENT)).isEqualTo(3);
            assertThat(ManagementClient.value(after, "bridgeway_notices_duplicates_total", PLACEMENT)).isEqualTo(1);
            assertThat(ManagementClient.value(after, "bridgeway_notices_delivered_total", PLACEMENT))
                    .isEqualTo(allowed(first) + allowed(second)).isPositive();
            assertThat(ManagementClient.value(after, "bridgeway_notices_denied_total", PLACEMENT))
                    .isEqualTo(denied(first) + denied(second));
            assertThat(ManagementClient.value(after, "bridgeway_notices_decided_total", PLACEMENT))
                    .isEqualTo(first.disclosures().size() + second.disclosures().size());
            assertThat(ManagementClient.value(after, "bridgeway_notice_latency_seconds_count", PLACEMENT))
                    .isEqualTo(2);
            assertThat(ManagementClient.value(after, "bridgeway_notices_received_total", EXCLUSION)).isEqualTo(1);
            assertThat(ManagementClient.value(after, "bridgeway_notices_delivered_total", EXCLUSION))
                    .isEqualTo(allowed(exclusion));
            assertThat(ManagementClient.value(after, "bridgeway_notices_rejected_total", "input=\"exclusions\""))
                    .isGreaterThanOrEqualTo(1);
            assertThat(ManagementClient.value(after, "bridgeway_policy_decision_latency_seconds_count",
                    "engine=\"embedded\"")).isGreaterThanOrEqualTo(first.disclosures().size());
            assertThat(ManagementClient.value(after, "bridgeway_audit_append_latency_seconds_count")).isPositive();
            assertThat(ManagementClient.value(after, "bridgeway_audit_tree_size")).isPositive();
            assertThat(ManagementClient.value(after, "bridgeway_dead_letters", "queue=\"mailbox\"")).isZero();
            assertThat(ManagementClient.value(after, "bridgeway_policy_opa_circuit_state")).isZero();
            assertThat(ManagementClient.value(after, "bridgeway_health_ready")).isEqualTo(1);

            String recipient = first.deliveries().get(0).recipient();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(ManagementClient.value(
                    management.scrape(), "bridgeway_mailbox_depth", "recipient=\"" + recipient + "\""))
                    .isGreaterThanOrEqualTo(1));
            assertThat(ManagementClient.names(after)).contains("bridgeway_mailbox_oldest_age_seconds");

            for (String personal : List.of(ottoline.givenName(), ottoline.familyName(), ottoline.nhsNumber(),
                    ottoline.upn(), ottoline.homePostcode(), ottoline.dateOfBirth(), ottoline.localId(),
                    ZEPHYRINE.givenName(), ZEPHYRINE.familyName(), ZEPHYRINE.upn(), ZEPHYRINE.localId())) {
                assertThat(text).as("the metrics carry no personal data").doesNotContain(personal);
            }
        }
    }

    @Test
    void readinessNamesTheDatabaseWhileItIsTakenAwayAndIsReadyAgainWhenItIsBack() throws Exception {
        try (GatewayFixture fixture = GatewayFixture.start(data)) {
            Gateway gateway = fixture.gateway();
            ManagementClient management = new ManagementClient(gateway);
            HttpResponse<String> ready = management.get("/health/ready");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(checks(ready)).containsExactlyInAnyOrderEntriesOf(Map.of("database", "UP", "broker", "UP",
                    "decision-point", "UP", "audit-signing", "UP"));

            // another session takes the database for itself: H2 closes the gateway's sessions and refuses new ones
            String url = "jdbc:h2:file:" + gateway.config().embeddedDatabaseDirectory().resolve("bridgeway")
                    .toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
            try (Connection exclusive = DriverManager.getConnection(url, "bridgeway", "");
                 Statement s = exclusive.createStatement()) {
                s.execute("SET EXCLUSIVE 2");
                HttpResponse<String> down = management.get("/health/ready");
                assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
                JsonNode body = JSON.readTree(down.body());
                assertThat(body.path("status").asText()).isEqualTo("DOWN");
                assertThat(checks(down)).containsEntry("database", "DOWN").containsEntry("broker", "UP");
                assertThat(reasonOf(body, "database")).isNotBlank();
                assertThat(management.get("/health/live").statusCode()).isEqualTo(200);
                s.execute("SET EXCLUSIVE 0");
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                HttpResponse<String> back = management.get("/health/ready");
                assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
            });
        }
    }

    @Test
    void readinessNamesTheBrokerWhenItStopsItselfAndIsReadyAgainOnceItIsStartedAgain() {
        try (GatewayFixture fixture = GatewayFixture.start(data)) {
            Gateway gateway = fixture.gateway();
            ManagementClient management = new ManagementClient(gateway);
            assertThat(management.get("/health/ready").statusCode()).isEqualTo(200);

            try {
                gateway.broker().server().stop(); // as Artemis does itself on a critical I/O error
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            // the broker's watchdog starts it again within a second or so: the probe must see it down meanwhile
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
                HttpResponse<String> down = management.get("/health/ready");
                assertThat(down.statusCode()).isEqualTo(503);
                assertThat(checks(down)).containsEntry("broker", "DOWN").containsEntry("database", "UP");
            });
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(management.get("/health/ready").statusCode()).isEqualTo(200));
        }
    }

    @Test
    void aManagementPortAlreadyTakenStopsTheStartWithOneClearReason() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            GatewayConfig config = GatewayFixture.config(data)
                    .withManagement(new ManagementSettings("127.0.0.1", taken.getLocalPort()));
            assertThatThrownBy(() -> Gateway.start(config)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot listen for management on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void livenessAnswersAndOnlyTheThreeEndpointsAreServed() {
        try (GatewayFixture fixture = GatewayFixture.start(data)) {
            ManagementClient management = new ManagementClient(fixture.gateway());
            HttpResponse<String> live = management.get("/health/live");
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(live.body()).contains("\"UP\"");
            HttpResponse<String> metrics = management.get("/metrics");
            assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
            assertThat(management.get("/api/v1/mailbox").statusCode()).isEqualTo(404);
            HttpResponse<String> post = management.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + fixture.gateway().managementPort() + "/health/ready"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }

    private static long allowed(Dispatch dispatch) {
        return dispatch.disclosures().stream().filter(Disclosure::allowed).count();
    }

    private static long denied(Dispatch dispatch) {
        return dispatch.disclosures().stream().filter(d -> !d.allowed()).count();
    }

    private static Map<String, String> checks(HttpResponse<String> response) throws Exception {
        Map<String, String> states = new java.util.LinkedHashMap<>();
        JSON.readTree(response.body()).path("checks")
                .forEach(c -> states.put(c.path("name").asText(), c.path("status").asText()));
        return states;
    }

    private static String reasonOf(JsonNode body, String check) {
        for (JsonNode c : body.path("checks")) {
            if (c.path("name").asText().equals(check)) {
                return c.path("reason").asText();
            }
        }
        return null;
    }
}
