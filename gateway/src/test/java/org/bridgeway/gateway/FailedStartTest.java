package org.bridgeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.bridgeway.api.Authentication;
import org.bridgeway.delivery.push.PushEndpoints;
import org.bridgeway.identity.TokenSettings;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.transport.RefusalReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start that is refused leaves nothing running: not the database or broker (whose locks would stop the next start
 * on the same data directory), nor the gateway's threads. Refused before anything is opened where the settings can
 * be checked up front (push TLS), else closed by what the constructor had opened.
 */
class FailedStartTest {
    /** Threads the gateway's database, broker, relay, timers, executors and servers run on. */
    private static final List<String> GATEWAY_THREADS = List.of("mailbox-relay", "mailbox-broker-watchdog",
            "audit-head-signer", "witness-submissions", "mail-waiting-webhooks", "ssda903-dispatch",
            "authentication-audit", "vert.x-eventloop", "activemq", "mvstore");

    @TempDir
    Path data;

    @Test
    void anHttpsForceWithoutTheGatewaysClientKeyIsRefusedBeforeAnythingIsOpened() throws Exception {
        long threadsBefore = gatewayThreads();
        Files.writeString(PushEndpoints.file(data), """
                forces:
                  police:greater-manchester:
                    url: https://records.gmp.example/intake
                """);

        assertThatThrownBy(() -> Gateway.start(GatewayFixture.config(data)))
                .hasMessageContaining("https needs the gateway's client certificate");

        assertThat(data.resolve("artemis")).as("no broker was started").doesNotExist();
        assertNothingLingers(threadsBefore);
    }

    @Test
    void aStartRefusedAfterTheDatabaseBrokerAndHttpServerWereOpenedClosesThem() {
        long threadsBefore = gatewayThreads();
        // tokens need mutual TLS: refused when the HTTP server is made, after the database, broker and relay
        GatewayConfig tokensWithoutTls = GatewayFixture.config(data).withHttp("127.0.0.1", GatewayFixture.ANY_FREE_PORT)
                .withPlainHttpForDemo(exchange -> Authentication.Refused.because(RefusalReason.NO_IDENTITY))
                .withTokens(TokenSettings.of("https://keycloak.example/realms/bridgeway",
                        URI.create("https://keycloak.example/realms/bridgeway/certs"), Optional.empty()));

        assertThatThrownBy(() -> Gateway.start(tokensWithoutTls)).hasMessageContaining("need mutual TLS");

        assertThat(data.resolve("artemis")).as("the broker had been started").exists();
        assertNothingLingers(threadsBefore);
    }

    /** The gateway's threads are gone, and a gateway on the same data directory starts (the locks were released). */
    private void assertNothingLingers(long threadsBefore) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(gatewayThreads())
                .as("gateway threads left running").isLessThanOrEqualTo(threadsBefore));
        try {
            Files.deleteIfExists(PushEndpoints.file(data));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try (GatewayFixture again = GatewayFixture.start(data)) {
            assertThat(again.gateway().database().describe()).isNotBlank();
        }
    }

    private static long gatewayThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> GATEWAY_THREADS.stream().anyMatch(p -> t.getName().toLowerCase(java.util.Locale.ROOT)
                        .contains(p.toLowerCase(java.util.Locale.ROOT))))
                .count();
    }
}
