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
import java.util.List;
import javax.net.ssl.SSLContext;
import org.bridgeway.audit.AuditRecord;
import org.bridgeway.dev.pki.DevelopmentPki;
import org.bridgeway.testing.AuditEntries;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API over mutual TLS: a partner is served as the organisation its certificate names, whatever headers it
 * sends; no certificate, an unknown CA, an expired, revoked or server certificate are refused, and each refusal is
 * audited with its reason, the source and the presented certificate's fingerprint, never a name.
 */
class MutualTlsTest {
    private static final String KENT_POLICE = "police:kent";
    private static final String GMP = "police:greater-manchester";

    @TempDir
    static Path data;
    private static GatewayFixture fixture;

    @BeforeAll
    static void start() {
        // Many refusals from one address in this class: a limit that never blocks it.
        GatewayConfigs config = new GatewayConfigs();
        fixture = GatewayFixture.start(config.lenient(data));
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aPartnerIsTheOrganisationOfItsCertificateWhateverHeadersItSends() throws Exception {
        HttpClient kent = TestPki.httpClient(KENT_POLICE);
        HttpResponse<String> own = kent.send(get("/mailboxes/" + KENT_POLICE + "/messages").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(own.body()).contains("\"organisation\":\"" + KENT_POLICE + "\"");
        assertThat(own.sslSession()).isPresent();

        HttpResponse<String> claimed = kent.send(get("/mailboxes/" + GMP + "/messages")
                .header("X-Bridgeway-Organisation", GMP).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(claimed.statusCode()).as("the development header means nothing over TLS").isEqualTo(403);

        HttpResponse<String> injected = kent.send(get("/mailboxes/" + GMP + "/messages")
                .header("organisation", KENT_POLICE).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(injected.statusCode()).as("a header named like the path parameter").isIn(400, 403);
        assertThat(injected.body()).doesNotContain("\"messages\"");
    }

    @Test
    void noCertificateIsAnsweredWith401AndAudited() throws Exception {
        HttpResponse<String> response = TestPki.httpClient((String) null)
                .send(get("/audit/checkpoint").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(response.body()).contains("no-certificate");

        JsonNode entry = AuditEntries.awaitRefusal(fixture.gateway().auditLog(), "no-certificate");
        assertThat(entry.path("actor").asText()).isEqualTo("gateway");
        assertThat(entry.path("details").path("source").asText()).isEqualTo("127.0.0.1");
        assertThat(entry.path("details").has("certificateSha256")).isFalse();
    }

    @Test
    void aCertificateOfAnUnknownCaIsRefusedAtTheHandshakeAndAuditedWithItsFingerprint() {
        Path other = TestPki.otherPki();
        assertRefusedAtHandshake(TestPki.presenting(other, PkiDirectory.clientKeyStore("police-kent")));
        JsonNode entry = AuditEntries.awaitRefusal(fixture.gateway().auditLog(), "unknown-ca");
        assertThat(entry.path("details").path("certificateSha256").asText()).isEqualTo(PartnerCertificate.fingerprint(
                PkiDirectory.readCertificate(other.resolve(PkiDirectory.CLIENTS + "/police-kent.pem"))));
        assertThat(entry.path("details").path("source").asText()).isEqualTo("127.0.0.1");
    }

    @Test
    void anExpiredCertificateIsRefusedAndAudited() {
        assertRefusedAtHandshake(TestPki.client(DevelopmentPki.EXPIRED_CLIENT));
        assertThat(AuditEntries.awaitRefusal(fixture.gateway().auditLog(), "expired").path("details")
                .path("certificateSha256").asText()).isEqualTo(fingerprint(DevelopmentPki.EXPIRED_CLIENT));
    }

    @Test
    void aRevokedCertificateIsRefusedAndAudited() {
        assertRefusedAtHandshake(TestPki.client(DevelopmentPki.REVOKED_CLIENT));
        assertThat(AuditEntries.awaitRefusal(fixture.gateway().auditLog(), "revoked").path("details")
                .path("certificateSha256").asText()).isEqualTo(fingerprint(DevelopmentPki.REVOKED_CLIENT));
    }

    @Test
    void theGatewaysOwnServerCertificateIsNoClientCertificate() {
        assertRefusedAtHandshake(TestPki.presenting(TestPki.directory(), PkiDirectory.SERVER + ".p12"));
        AuditEntries.awaitRefusal(fixture.gateway().auditLog(), "not-a-client-certificate");
    }

    @Test
    void refusalsAreAuditedWithCodesAndDigestsOnly() {
        assertRefusedAtHandshake(TestPki.client(DevelopmentPki.EXPIRED_CLIENT));
        AuditEntries.awaitRefusal(fixture.gateway().auditLog(), "expired");
        long size = fixture.gateway().auditLog().size();
        List<AuditRecord> entries = fixture.gateway().auditLog().entries(0, size);
        assertThat(entries).filteredOn(r -> r.entryJson().contains("AUTHENTICATION_FAILED")).isNotEmpty()
                .allSatisfy(r -> assertThat(r.entryJson()).doesNotContain("Kent Police", "CN=", "O=", "BEGIN",
                        "police:kent/expired"));
    }

    private static void assertRefusedAtHandshake(SSLContext client) {
        HttpClient http = TestPki.httpClient(client);
        assertThatThrownBy(() -> http.send(get("/audit/checkpoint").build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    private static String fingerprint(String client) {
        return PartnerCertificate.fingerprint(PkiDirectory.readCertificate(
                TestPki.directory().resolve(PkiDirectory.CLIENTS + "/" + client + ".pem")));
    }

    private static HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(fixture.apiBase() + path)).timeout(Duration.ofSeconds(30)).GET();
    }
}
