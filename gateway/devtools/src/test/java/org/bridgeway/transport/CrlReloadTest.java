package org.bridgeway.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.bridgeway.dev.pki.DevelopmentPki;
import org.bridgeway.testing.AuditEntries;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A certificate revoked while the gateway runs stops working as soon as the changed CRL is read: on the
 * connection it already has (the CRL is checked on every request) and at any new handshake.
 */
class CrlReloadTest {
    @TempDir
    Path data;

    @Test
    void aCertificateRevokedWhileServingIsRefusedOnItsOpenConnectionAndAtTheNextHandshake() throws Exception {
        Path pki = TestPki.freshPki();
        TlsSettings tls = TlsSettings.developmentPki(pki).withCrlRecheck(Duration.ZERO);
        try (GatewayFixture fixture = GatewayFixture.start(new GatewayConfigs().lenient(data).withTls(tls))) {
            HttpClient gmp = TestPki.httpClient(TestPki.clientOf(pki, "police-greater-manchester"));
            HttpClient kent = TestPki.httpClient(TestPki.clientOf(pki, "police-kent"));
            assertThat(mailbox(gmp, fixture, "police:greater-manchester").statusCode()).isEqualTo(200);

            DevelopmentPki.revokeClient(pki, "police-greater-manchester");

            HttpResponse<String> sameConnection = mailbox(gmp, fixture, "police:greater-manchester");
            assertThat(sameConnection.statusCode()).isEqualTo(401);
            assertThat(sameConnection.body()).contains("revoked");
            AuditEntries.awaitRefusal(fixture.gateway().auditLog(), "revoked");

            HttpClient fresh = TestPki.httpClient(TestPki.clientOf(pki, "police-greater-manchester"));
            assertThatThrownBy(() -> mailbox(fresh, fixture, "police:greater-manchester"))
                    .isInstanceOf(IOException.class);
            assertThat(mailbox(kent, fixture, "police:kent").statusCode()).as("others unaffected").isEqualTo(200);
        }
    }

    private static HttpResponse<String> mailbox(HttpClient client, GatewayFixture fixture, String organisation)
            throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(fixture.apiBase() + "/mailboxes/" + organisation
                + "/messages")).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
