package org.bridgeway.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.bridgeway.dev.identity.DevelopmentHeaderIdentity;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.gateway.GatewayConfig;
import org.bridgeway.testing.AuditEntries;
import org.bridgeway.testing.GatewayFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plain HTTP only when the operator opts in, only on loopback; never by omission. */
class PlainHttpOptInTest {
    @TempDir
    Path data;

    @Test
    void anApiWithoutTlsSettingsOrTheOptInDoesNotStart() {
        GatewayConfig config = GatewayFixture.config(data).withHttp("127.0.0.1", 0);
        assertThatThrownBy(() -> Gateway.start(config)).hasMessageContaining("TLS")
                .hasMessageContaining("plain-HTTP opt-in");
    }

    @Test
    void thePlainHttpOptInIsForLoopbackOnly() {
        GatewayConfig config = GatewayFixture.config(data).withHttp("0.0.0.0", 0).withPlainHttpForDemo(new DevelopmentHeaderIdentity());
        assertThatThrownBy(() -> Gateway.start(config)).hasMessageContaining("loopback");
    }

    @Test
    void optedInPlainHttpNamesCallersByTheDevelopmentHeaderAndAuditsThoseWithout() throws Exception {
        GatewayConfig config = GatewayFixture.config(data).withHttp("127.0.0.1", GatewayFixture.ANY_FREE_PORT).withPlainHttpForDemo(new DevelopmentHeaderIdentity());
        try (GatewayFixture fixture = GatewayFixture.start(config)) {
            assertThat(fixture.apiBase()).startsWith("http://");
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> named = http.send(HttpRequest.newBuilder(URI.create(fixture.apiBase()
                            + "/mailboxes/police:kent/messages")).header(DevelopmentHeaderIdentity.HEADER, "police:kent")
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(named.statusCode()).as(named.body()).isEqualTo(200);

            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(fixture.apiBase()
                    + "/audit/checkpoint")).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            AuditEntries.awaitRefusal(fixture.gateway().auditLog(), "no-identity");
        }
    }
}
