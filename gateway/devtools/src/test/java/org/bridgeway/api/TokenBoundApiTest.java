package org.bridgeway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import org.bridgeway.gateway.GatewayConfig;
import org.bridgeway.identity.TokenSettings;
import org.bridgeway.testing.AuditEntries;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.TlsGatewayFixture;
import org.bridgeway.testing.KeycloakServer;
import org.bridgeway.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API with certificate-bound tokens from the real Keycloak (RFC 8705): a token is accepted only over the
 * connection whose certificate it is bound to, and every refusal is a 401 audited with the validator's reason.
 */
class TokenBoundApiTest {
    private static final String KENT = "local-authority:886";
    private static final String KENT_POLICE = "police:kent";
    private static final String CHECKPOINT = "/audit/checkpoint";

    @TempDir
    static Path data;
    private static GatewayFixture fixture;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        fixture = TlsGatewayFixture.startWithHttp(data);
        api = new ApiClient(fixture.apiBase());
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aTokenBoundToTheConnectionsCertificateIsAccepted() {
        assertThat(api.get(CHECKPOINT, KENT_POLICE).statusCode()).isEqualTo(200);
    }

    @Test
    void aTokenLiftedFromAnotherConnectionIsRefusedAndAudited() {
        // Obtained by Kent County Council's system with its certificate, presented over Kent Police's connection.
        Optional<String> kentCouncils = TestTokens.serviceAccount(KENT);
        HttpResponse<String> r = api.get(CHECKPOINT, KENT_POLICE, kentCouncils);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        assertThat(ApiClient.json(r).path("detail").asText()).endsWith("token-not-bound/certificate-mismatch");
        JsonNode entry = AuditEntries.await(fixture.gateway().auditLog(), "AUTHENTICATION_FAILED",
                e -> "certificate-mismatch".equals(e.path("details").path("tokenReason").asText()));
        assertThat(entry.path("details").path("reason").asText()).isEqualTo("token-not-bound");
        assertThat(entry.toString()).doesNotContain(kentCouncils.get()).doesNotContain("eyJ");
    }

    @Test
    void noTokenIsRefused() {
        HttpResponse<String> r = api.get(CHECKPOINT, KENT_POLICE, Optional.empty());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        assertThat(ApiClient.json(r).path("detail").asText()).endsWith("token-missing");
        AuditEntries.awaitRefusal(fixture.gateway().auditLog(), "token-missing");
    }

    @Test
    void aForgedTokenIsRefused() throws Exception {
        // The real token's claims and key id, signed with a key of the forger's own.
        SignedJWT real = SignedJWT.parse(TestTokens.serviceAccount(KENT_POLICE).orElseThrow());
        RSAKey forger = new RSAKeyGenerator(2048).keyID(real.getHeader().getKeyID()).generate();
        String forged = sign(forger, real);

        HttpResponse<String> r = api.get(CHECKPOINT, KENT_POLICE, Optional.of(forged));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        assertThat(ApiClient.json(r).path("detail").asText()).endsWith("token-invalid/bad-signature");
        AuditEntries.await(fixture.gateway().auditLog(), "AUTHENTICATION_FAILED",
                e -> "bad-signature".equals(e.path("details").path("tokenReason").asText()));
    }

    @Test
    void aTokenOfOnePersonWorksOnlyThroughTheSystemItWasIssuedTo() {
        Optional<String> auditor = ApiClient.person(KENT, "sam.whitfield");
        assertThat(api.get("/audit/entries?start=0&end=1", KENT, auditor).statusCode()).isEqualTo(200);
        assertThat(api.get("/audit/entries?start=0&end=1", KENT).statusCode()).as("Kent's system is no auditor")
                .isEqualTo(403);
        assertThat(api.get(CHECKPOINT, "local-authority-886-edt", auditor).statusCode()).isEqualTo(401);
    }

    @Test
    void withoutTheRealmsKeysTheGatewayAnswers503NotTheCallersFault(@TempDir Path other) {
        KeycloakServer keycloak = KeycloakServer.get();
        // Keycloak's issuer, but keys from a port nobody listens on.
        GatewayConfig config = TlsGatewayFixture.withTlsApi(GatewayFixture.config(other)).withTokens(TokenSettings.of(
                keycloak.issuer(), URI.create("https://127.0.0.1:1/realms/bridgeway/protocol/openid-connect/certs"),
                Optional.empty()));
        try (GatewayFixture unreachable = GatewayFixture.start(config)) {
            HttpResponse<String> r = new ApiClient(unreachable.apiBase()).get(CHECKPOINT, KENT_POLICE);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(ApiClient.json(r).path("detail").asText()).endsWith("token-invalid/keys-unavailable");
        }
    }

    private static String sign(RSAKey key, SignedJWT like) throws JOSEException, java.text.ParseException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(like.getHeader().getType()).build(), like.getJWTClaimsSet());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
