package org.bridgeway.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.bridgeway.testing.CapturedLogs;
import org.bridgeway.dev.pki.DevelopmentPki;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everything the gateway, Vert.x and Netty log, down to DEBUG, while it starts over TLS, serves a partner and refuses bad
 * certificates: no key store password, no certificate, no subject name, no private key.
 */
class SecretsNeverLoggedTest {
    @TempDir
    Path data;

    @Test
    void noPasswordCertificateOrSubjectNameIsLogged() throws Exception {
        List<String> lines;
        try (CapturedLogs logs = CapturedLogs.atDebug("org.bridgeway", "io.vertx", "io.netty",
                "org.apache.camel.component.platform")) {
            try (GatewayFixture fixture = GatewayFixture.start(new GatewayConfigs().lenient(data))) {
                call(fixture, "police:kent");
                call(fixture, null);
                for (String bad : List.of(DevelopmentPki.EXPIRED_CLIENT, DevelopmentPki.REVOKED_CLIENT)) {
                    try {
                        call(fixture, bad);
                    } catch (java.io.IOException refused) {
                        // refused at the handshake, as it should be
                    }
                }
            }
            lines = new ArrayList<>(logs.lines()); // with what the gateway logged as it stopped
            lines.addAll(logs.jsonLines()); // and as serve writes it: MDC, key-value pairs and stacks too
        }
        assertThat(lines).as("something was logged").isNotEmpty();
        Properties passwords = PkiDirectory.passwords(TestPki.directory());
        for (String line : lines) {
            for (Object password : passwords.values()) {
                assertThat(line).doesNotContain((String) password);
            }
            assertThat(line).doesNotContain("BEGIN CERTIFICATE", "PRIVATE KEY", "O=Kent Police", "OU=police",
                    "police:kent/expired", "police:kent/revoked");
        }
    }

    private static void call(GatewayFixture fixture, String client) throws Exception {
        HttpResponse<String> ignored = TestPki.httpClient(client).send(HttpRequest.newBuilder(
                URI.create(fixture.apiBase() + "/audit/checkpoint")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ignored.statusCode()).isPositive();
    }
}
