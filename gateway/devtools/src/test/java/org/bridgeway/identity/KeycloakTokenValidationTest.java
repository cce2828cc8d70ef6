package org.bridgeway.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.bridgeway.identity.InvalidTokenException.Reason;
import org.bridgeway.dev.pki.DevelopmentPki;
import org.bridgeway.testing.KeycloakServer;
import org.bridgeway.transport.PartnerCertificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tokens from the real Keycloak of the test run ({@link KeycloakServer}, started once), obtained over mutual TLS
 * with the development PKI's client certificates, through the validator the gateway uses.
 */
class KeycloakTokenValidationTest {
    static KeycloakServer keycloak;

    @BeforeAll
    static void keycloak() {
        keycloak = KeycloakServer.get();
    }

    private TokenValidator validator(Clock clock) {
        return new TokenValidator(TokenRequirements.forIssuer(keycloak.issuer()),
                RealmKeys.overHttps(keycloak.jwksUrl(), keycloak.trust(), clock), clock);
    }

    private static Reason refusal(TokenValidator validator, String token, X509Certificate presented) {
        try {
            validator.validate(token, presented);
        } catch (InvalidTokenException e) {
            return e.reason();
        }
        throw new AssertionError("the token was accepted");
    }

    @Test
    void aPartnerSystemsTokenValidatesOverItsOwnCertificate() throws Exception {
        String token = keycloak.clientCredentialsToken("police-kent");
        VerifiedCaller caller = validator(Clock.systemUTC()).validate(token, keycloak.certificate("police-kent"));
        assertThat(caller.organisationId()).isEqualTo("police:kent");
        assertThat(caller.organisationType()).isEqualTo("police");
        assertThat(caller.clientId()).isEqualTo("bw-police-kent");
        assertThat(caller.roles()).containsExactly(VerifiedCaller.SYSTEM_ROLE);
        assertThat(caller.username()).isEqualTo("service-account-bw-police-kent");
        assertThat(caller.expiresAt()).isAfter(Instant.now());
    }

    @Test
    void everyDemoOrganisationGetsATokenNamingIt() throws Exception {
        TokenValidator validator = validator(Clock.systemUTC());
        for (DevelopmentPki.DemoClient client : DevelopmentPki.DEMO_CLIENTS) {
            VerifiedCaller caller = validator.validate(keycloak.clientCredentialsToken(client.name()),
                    keycloak.certificate(client.name()));
            assertThat(caller.organisationId()).as(client.name()).isEqualTo(client.organisationId());
            assertThat(caller.clientId()).isEqualTo("bw-" + client.name());
            assertThat(caller.organisationUnit()).isEqualTo(
                    PartnerCertificate.EMERGENCY_DUTY_TEAM.equals(client.unit()) ? PartnerCertificate.EMERGENCY_DUTY_TEAM : null);
            assertThat(caller.isSystem()).isTrue();
        }
    }

    @Test
    void theTokenLiftedFromAnotherConnectionIsRefused() {
        String token = keycloak.clientCredentialsToken("police-kent");
        TokenValidator validator = validator(Clock.systemUTC());
        assertThat(refusal(validator, token, keycloak.certificate("local-authority-886")))
                .isEqualTo(Reason.CERTIFICATE_MISMATCH);
        // Even the same organisation's other certificate (its revoked one) does not carry the token.
        assertThat(refusal(validator, token, keycloak.certificate(DevelopmentPki.REVOKED_CLIENT)))
                .isEqualTo(Reason.CERTIFICATE_MISMATCH);
        assertThat(refusal(validator, token, null)).isEqualTo(Reason.CERTIFICATE_MISMATCH);
    }

    @Test
    void keycloakIssuesNoTokenToAClientWithAnotherOrganisationsCertificate() {
        // tls_client_auth: bw-police-kent accepts only the certificate whose subject is Kent Police's.
        assertThatThrownBy(() -> new org.bridgeway.dev.keycloak.TokenEndpoint(
                java.net.URI.create(keycloak.issuer() + "/protocol/openid-connect/token"),
                org.bridgeway.dev.keycloak.PkiTls.presenting(keycloak.pki(), "local-authority-886"))
                .clientCredentials("bw-police-kent"))
                .hasMessageContaining("invalid_client");
    }

    @Test
    void aTokenSignedByAnotherKeyWithTheRealmsKeyIdIsRefused() throws Exception {
        SignedJWT real = SignedJWT.parse(keycloak.clientCredentialsToken("police-kent"));
        RSAKey impostor = ForgedTokens.rsaKey(real.getHeader().getKeyID());
        String forged = ForgedTokens.sign(impostor, real.getJWTClaimsSet());
        assertThat(refusal(validator(Clock.systemUTC()), forged, keycloak.certificate("police-kent")))
                .isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void theRealTokenExpiresAndIsNotValidBeforeItWasIssued() {
        String token = keycloak.clientCredentialsToken("police-kent");
        X509Certificate kent = keycloak.certificate("police-kent");
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(6)); // realm access token lifespan 5 min
        assertThat(refusal(validator(later), token, kent)).isEqualTo(Reason.EXPIRED);
        Clock earlier = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-2));
        assertThat(refusal(validator(earlier), token, kent)).isEqualTo(Reason.NOT_YET_VALID);
    }

    @Test
    void wrongIssuerOrAudienceIsRefused() {
        String token = keycloak.clientCredentialsToken("police-kent");
        X509Certificate kent = keycloak.certificate("police-kent");
        Clock clock = Clock.systemUTC();
        RealmKeys keys = RealmKeys.overHttps(keycloak.jwksUrl(), keycloak.trust(), clock);
        TokenValidator otherAudience = new TokenValidator(
                TokenRequirements.forIssuer(keycloak.issuer()).withAudience("another-service"), keys, clock);
        assertThat(refusal(otherAudience, token, kent)).isEqualTo(Reason.WRONG_AUDIENCE);
        TokenValidator otherIssuer = new TokenValidator(
                TokenRequirements.forIssuer(keycloak.baseUrl() + "/realms/master"), keys, clock);
        assertThat(refusal(otherIssuer, token, kent)).isEqualTo(Reason.WRONG_ISSUER);
    }

    @Test
    void aPersonsTokenCarriesTheirRolesAndOrganisation() throws Exception {
        TokenValidator validator = validator(Clock.systemUTC());
        VerifiedCaller worker = validator.validate(keycloak.passwordToken("local-authority-886", "alex.morgan"),
                keycloak.certificate("local-authority-886"));
        assertThat(worker.organisationId()).isEqualTo("local-authority:886");
        assertThat(worker.username()).isEqualTo("alex.morgan");
        assertThat(worker.roles()).containsExactly("social-worker");
        assertThat(worker.isSystem()).isFalse();

        VerifiedCaller edt = validator.validate(keycloak.passwordToken("local-authority-886-edt", "jordan.ellis"),
                keycloak.certificate("local-authority-886-edt"));
        assertThat(edt.roles()).containsExactly("edt-social-worker");
        assertThat(edt.organisationUnit()).isEqualTo(PartnerCertificate.EMERGENCY_DUTY_TEAM);

        VerifiedCaller custody = validator.validate(keycloak.passwordToken("police-kent", "priya.shah"),
                keycloak.certificate("police-kent"));
        assertThat(custody.roles()).containsExactly("custody-officer");
    }

    @Test
    void aPersonLoggingInThroughAnotherOrganisationsSystemIsRefused() {
        // Kent's social worker through Manchester's system: Keycloak issues the token (the realm does not tie
        // users to clients), bound to Manchester's certificate, but the gateway refuses it.
        String token = keycloak.passwordToken("local-authority-352", "alex.morgan");
        assertThat(refusal(validator(Clock.systemUTC()), token, keycloak.certificate("local-authority-352")))
                .isEqualTo(Reason.ORGANISATION_MISMATCH);
    }

    @Test
    void aRotatedRealmKeyIsFetchedOnFirstSight() throws Exception {
        Clock clock = Clock.systemUTC();
        RealmKeys keys = new RealmKeys(keycloak.jwksUrl(), RealmKeys.retriever(keycloak.trust()), clock,
                Duration.ZERO, RealmKeys.DEFAULT_MAX_AGE);
        TokenValidator validator = new TokenValidator(TokenRequirements.forIssuer(keycloak.issuer()), keys, clock);
        X509Certificate kent = keycloak.certificate("police-kent");
        String before = keycloak.clientCredentialsToken("police-kent");
        validator.validate(before, kent);
        assertThat(keys.fetches()).isEqualTo(1);

        rotateRealmKey();
        String after = keycloak.clientCredentialsToken("police-kent");
        assertThat(SignedJWT.parse(after).getHeader().getKeyID())
                .isNotEqualTo(SignedJWT.parse(before).getHeader().getKeyID());
        validator.validate(after, kent);
        assertThat(keys.fetches()).isEqualTo(2);
        validator.validate(before, kent); // the old key stays published, so its tokens live out their 5 minutes
        assertThat(keys.fetches()).isEqualTo(2);
    }

    /** Adds a generated RSA key of higher priority than the realm's: Keycloak signs with it from then on. */
    private static void rotateRealmKey() throws Exception {
        JsonNode realm = new ObjectMapper().readTree(keycloak.adminGet(""));
        String component = new ObjectMapper().writeValueAsString(Map.of(
                "name", "rsa-rotated-" + System.nanoTime(),
                "providerId", "rsa-generated",
                "providerType", "org.keycloak.keys.KeyProvider",
                "parentId", realm.get("id").asText(),
                "config", Map.of("priority", new String[] {"1000"}, "keySize", new String[] {"2048"},
                        "algorithm", new String[] {"RS256"})));
        assertThat(keycloak.admin("POST", "/components", component)).isEqualTo(201);
    }
}
