package org.bridgeway.identity;

import org.bridgeway.testing.AdjustableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bridgeway.identity.InvalidTokenException.Reason;
import org.bridgeway.dev.keycloak.PkiTls;
import org.bridgeway.dev.pki.DevelopmentPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every refusal reason of the token validator, with tokens signed by keys the test made and served from a loopback
 * JWKS endpoint it controls; also the key cache: refetch on an unknown key id, its rate limit, staleness and
 * outages. The same checks against tokens from a real Keycloak are in {@link KeycloakTokenValidationTest}.
 */
class TokenValidatorTest {
    private static final String ISSUER = "https://127.0.0.1:1/realms/bridgeway";
    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

    @TempDir
    static Path pki;
    static JwksServer jwks;
    static X509Certificate kent;
    static X509Certificate manchester;
    static X509Certificate kentEdt;

    RSAKey rsa = ForgedTokens.rsaKey("rsa-1");
    ECKey ec = ForgedTokens.ecKey("ec-1");
    AdjustableClock clock = new AdjustableClock(NOW);
    RealmKeys keys;
    TokenValidator validator;

    @BeforeAll
    static void pkiAndJwks() {
        DevelopmentPki.regenerate(pki);
        jwks = new JwksServer(PkiTls.serving(pki));
        kent = PkiTls.clientCertificate(pki, "police-kent");
        manchester = PkiTls.clientCertificate(pki, "police-greater-manchester");
        kentEdt = PkiTls.clientCertificate(pki, "local-authority-886-edt");
    }

    @AfterAll
    static void stop() {
        jwks.close();
    }

    @BeforeEach
    void validator() {
        jwks.publish(List.of(rsa, ec));
        keys = new RealmKeys(jwks.uri(), RealmKeys.retriever(PkiTls.trusting(pki)), clock,
                Duration.ofSeconds(30), Duration.ofMinutes(15));
        validator = new TokenValidator(TokenRequirements.forIssuer(ISSUER), keys, clock);
    }

    private JWTClaimsSet.Builder claims() {
        return ForgedTokens.claims(ISSUER, NOW, kent);
    }

    private Reason refusal(String token, X509Certificate presented) {
        try {
            validator.validate(token, presented);
        } catch (InvalidTokenException e) {
            assertThat(e.getMessage()).startsWith(e.reason().code() + ": ");
            if (token.length() > 20) { // the token, or any of its parts, never goes into a message
                for (String part : token.split("\\.")) {
                    assertThat(e.getMessage()).doesNotContain(part.substring(0, Math.min(20, part.length())));
                }
            }
            return e.reason();
        }
        throw new AssertionError("the token was accepted");
    }

    @Test
    void aBoundTokenSignedWithARealmKeyYieldsTheCaller() throws Exception {
        for (var key : List.of(rsa, ec)) {
            VerifiedCaller caller = validator.validate(ForgedTokens.sign(key, claims().build()), kent);
            assertThat(caller.organisationId()).isEqualTo("police:kent");
            assertThat(caller.organisationType()).isEqualTo("police");
            assertThat(caller.organisationUnit()).isNull();
            assertThat(caller.clientId()).isEqualTo("bw-police-kent");
            assertThat(caller.username()).isEqualTo("service-account-bw-police-kent");
            assertThat(caller.roles()).containsExactly("system");
            assertThat(caller.isSystem()).isTrue();
            assertThat(caller.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
        }
    }

    @Test
    void aTokenLiftedFromAnotherConnectionIsRefused() {
        String token = ForgedTokens.sign(rsa, claims().build());
        assertThat(refusal(token, manchester)).isEqualTo(Reason.CERTIFICATE_MISMATCH);
        assertThat(refusal(token, null)).isEqualTo(Reason.CERTIFICATE_MISMATCH);
    }

    @Test
    void aTokenThatIsNotCertificateBoundIsRefused() {
        assertThat(refusal(ForgedTokens.sign(rsa, claims().claim("cnf", null).build()), kent))
                .isEqualTo(Reason.MISSING_CLAIM);
        assertThat(refusal(ForgedTokens.sign(rsa, claims().claim("cnf", Map.of("jkt", "x")).build()), kent))
                .isEqualTo(Reason.MISSING_CLAIM);
    }

    @Test
    void organisationMustBeTheOneTheCertificateNames() throws Exception {
        // Bound to Kent Police's certificate, but claiming Greater Manchester Police.
        String token = ForgedTokens.sign(rsa, claims().claim("org_id", "police:greater-manchester").build());
        assertThat(refusal(token, kent)).isEqualTo(Reason.ORGANISATION_MISMATCH);
        // An emergency duty team's certificate names its authority; the token says which unit.
        String edt = ForgedTokens.sign(rsa, claims().claim("org_id", "local-authority:886")
                .claim("org_type", "local-authority").claim("org_unit", "emergency-duty-team")
                .claim("cnf", Map.of("x5t#S256", ClientCertificates.thumbprint(kentEdt))).build());
        VerifiedCaller caller = validator.validate(edt, kentEdt);
        assertThat(caller.organisationId()).isEqualTo("local-authority:886");
        assertThat(caller.organisationUnit()).isEqualTo("emergency-duty-team");
    }

    @Test
    void aTokenSignedByAnotherKeyIsRefused() {
        RSAKey impostor = ForgedTokens.rsaKey(rsa.getKeyID()); // same key id, different key
        assertThat(refusal(ForgedTokens.sign(impostor, claims().build()), kent)).isEqualTo(Reason.BAD_SIGNATURE);
        ECKey ecImpostor = ForgedTokens.ecKey(ec.getKeyID());
        assertThat(refusal(ForgedTokens.sign(ecImpostor, claims().build()), kent)).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void aTamperedTokenIsRefused() {
        String token = ForgedTokens.sign(rsa, claims().build());
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("police:kent", "police:greater-manchester");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertThat(refusal(tampered, kent)).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void aKeyOfTheWrongTypeForTheAlgorithmIsRefused() {
        // An ES256 header naming the RSA key's id: never verify with a key of another type.
        String token = ForgedTokens.sign(ec, claims().build(), h -> new com.nimbusds.jose.JWSHeader.Builder(
                JWSAlgorithm.ES256).keyID(rsa.getKeyID()));
        assertThat(refusal(token, kent)).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void unsignedOrSymmetricOrUnparseableTokensAreMalformed() {
        String none = new com.nimbusds.jwt.PlainJWT(claims().build()).serialize();
        assertThat(refusal(none, kent)).isEqualTo(Reason.MALFORMED);
        assertThat(refusal("not.a.token", kent)).isEqualTo(Reason.MALFORMED);
        assertThat(refusal("", kent)).isEqualTo(Reason.MALFORMED);
        assertThat(refusal("a".repeat(20_000), kent)).isEqualTo(Reason.MALFORMED);
        String noKid = ForgedTokens.sign(rsa, claims().build(), h -> new com.nimbusds.jose.JWSHeader.Builder(
                JWSAlgorithm.RS256));
        assertThat(refusal(noKid, kent)).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void anUnknownKeyIdIsRefused() {
        assertThat(refusal(ForgedTokens.sign(ForgedTokens.rsaKey("nobody-knows"), claims().build()), kent))
                .isEqualTo(Reason.UNKNOWN_KEY);
    }

    @Test
    void issuerAudienceAndTypeMustBeTheRealmsAccessToken() {
        assertThat(refusal(ForgedTokens.sign(rsa, claims().issuer("https://127.0.0.1:1/realms/other").build()), kent))
                .isEqualTo(Reason.WRONG_ISSUER);
        assertThat(refusal(ForgedTokens.sign(rsa, claims().audience("account").build()), kent))
                .isEqualTo(Reason.WRONG_AUDIENCE);
        assertThat(refusal(ForgedTokens.sign(rsa, claims().audience((String) null).build()), kent))
                .isEqualTo(Reason.WRONG_AUDIENCE);
        assertThat(refusal(ForgedTokens.sign(rsa, claims().claim("typ", "ID").build()), kent))
                .isEqualTo(Reason.WRONG_TYPE);
    }

    @Test
    void expiryAndNotBeforeAllowTheClockSkewAndNoMore() throws Exception {
        String token = ForgedTokens.sign(rsa, claims().build());
        clock.advance(Duration.ofMinutes(5).plusSeconds(30)); // exactly exp + skew: still accepted
        validator.validate(token, kent);
        clock.advance(Duration.ofSeconds(1));
        assertThat(refusal(token, kent)).isEqualTo(Reason.EXPIRED);

        AdjustableClock early = new AdjustableClock(NOW.minusSeconds(30));
        TokenValidator earlyValidator = new TokenValidator(TokenRequirements.forIssuer(ISSUER), keys, early);
        earlyValidator.validate(token, kent); // issued 30 s "in the future": within the skew
        early.advance(Duration.ofSeconds(-1));
        assertThatThrownBy(() -> earlyValidator.validate(token, kent)).isInstanceOf(InvalidTokenException.class)
                .extracting(e -> ((InvalidTokenException) e).reason()).isEqualTo(Reason.NOT_YET_VALID);

        String notBefore = ForgedTokens.sign(rsa, claims().notBeforeTime(Date.from(NOW.plusSeconds(120))).build());
        clock = new AdjustableClock(NOW);
        validator = new TokenValidator(TokenRequirements.forIssuer(ISSUER), keys, clock);
        assertThat(refusal(notBefore, kent)).isEqualTo(Reason.NOT_YET_VALID);
        clock.advance(Duration.ofSeconds(90));
        validator.validate(notBefore, kent);

        assertThat(refusal(ForgedTokens.sign(rsa, claims().expirationTime(null).build()), kent))
                .isEqualTo(Reason.MISSING_CLAIM);
        assertThat(refusal(ForgedTokens.sign(rsa, claims().issueTime(null).build()), kent))
                .isEqualTo(Reason.MISSING_CLAIM);
    }

    @Test
    void bridgewayClaimsAreRequiredAndConsistent() {
        for (String claim : List.of("org_id", "org_type", "roles", "azp")) {
            assertThat(refusal(ForgedTokens.sign(rsa, claims().claim(claim, null).build()), kent))
                    .as(claim).isEqualTo(Reason.MISSING_CLAIM);
        }
        assertThat(refusal(ForgedTokens.sign(rsa, claims().subject(null).build()), kent))
                .isEqualTo(Reason.MISSING_CLAIM);
        assertThat(refusal(ForgedTokens.sign(rsa, claims().claim("org_type", "school").build()), kent))
                .isEqualTo(Reason.INVALID_CLAIM);
        assertThat(refusal(ForgedTokens.sign(rsa, claims().claim("org_id", "police").build()), kent))
                .isEqualTo(Reason.INVALID_CLAIM);
        assertThat(refusal(ForgedTokens.sign(rsa, claims().claim("roles", "system").build()), kent))
                .isEqualTo(Reason.INVALID_CLAIM);
        assertThat(refusal(ForgedTokens.sign(rsa, claims().claim("org_id", 42).build()), kent))
                .isEqualTo(Reason.INVALID_CLAIM);
    }

    @Test
    void keysAreCachedAndRefetchedWhenTheRealmRotatesThem() throws Exception {
        int before = jwks.requests();
        validator.validate(ForgedTokens.sign(rsa, claims().build()), kent);
        validator.validate(ForgedTokens.sign(ec, claims().build()), kent);
        assertThat(jwks.requests() - before).isEqualTo(1);

        RSAKey rotated = ForgedTokens.rsaKey("rsa-2");
        jwks.publish(List.of(rotated, rsa));
        clock.advance(Duration.ofSeconds(31)); // past the rate limit since the first fetch
        validator.validate(ForgedTokens.sign(rotated, claims().build()), kent);
        assertThat(jwks.requests() - before).isEqualTo(2);
        assertThat(keys.fetches()).isEqualTo(2);
    }

    @Test
    void aFloodOfUnknownKeyIdsFetchesAtMostOncePerInterval() throws Exception {
        validator.validate(ForgedTokens.sign(rsa, claims().build()), kent);
        int before = jwks.requests();
        RSAKey bogus = ForgedTokens.rsaKey("bogus");
        for (int i = 0; i < 200; i++) {
            String token = ForgedTokens.sign(bogus, claims().build(), h -> h.keyID("bogus-" + Math.random()));
            assertThat(refusal(token, kent)).isEqualTo(Reason.UNKNOWN_KEY);
            if (i % 50 == 49) {
                clock.advance(Duration.ofSeconds(10));
            }
        }
        // 200 tokens over 40 s with a 30 s interval since the first fetch: one refetch.
        assertThat(jwks.requests() - before).isEqualTo(1);
        // And good tokens keep validating from the cache throughout.
        validator.validate(ForgedTokens.sign(rsa, claims().issueTime(Date.from(clock.instant()))
                .expirationTime(Date.from(clock.instant().plusSeconds(60))).build()), kent);
    }

    @Test
    void aStaleCacheIsRefreshedAndRemovedKeysStopValidating() throws Exception {
        validator.validate(ForgedTokens.sign(rsa, claims().build()), kent);
        jwks.publish(List.of(ec)); // the realm drops the RSA key
        clock.advance(Duration.ofMinutes(16));
        JWTClaimsSet fresh = ForgedTokens.claims(ISSUER, clock.instant(), kent).build();
        assertThat(refusal(ForgedTokens.sign(rsa, fresh), kent)).isEqualTo(Reason.UNKNOWN_KEY);
        validator.validate(ForgedTokens.sign(ec, fresh), kent);
    }

    @Test
    void anOutageKeepsTheKeysAlreadyFetchedAndWithoutAnyKeysSaysSo() throws Exception {
        validator.validate(ForgedTokens.sign(rsa, claims().build()), kent);
        jwks.failWith(503);
        clock.advance(Duration.ofMinutes(16)); // stale: a refetch is tried and fails
        JWTClaimsSet fresh = ForgedTokens.claims(ISSUER, clock.instant(), kent).build();
        validator.validate(ForgedTokens.sign(rsa, fresh), kent);

        RealmKeys empty = new RealmKeys(jwks.uri(), RealmKeys.retriever(PkiTls.trusting(pki)), clock,
                Duration.ofSeconds(30), Duration.ofMinutes(15));
        TokenValidator cold = new TokenValidator(TokenRequirements.forIssuer(ISSUER), empty, clock);
        assertThatThrownBy(() -> cold.validate(ForgedTokens.sign(rsa, fresh), kent))
                .isInstanceOf(InvalidTokenException.class)
                .extracting(e -> ((InvalidTokenException) e).reason()).isEqualTo(Reason.KEYS_UNAVAILABLE);
    }

    @Test
    void keysAreFetchedOverHttpsOnly() {
        assertThatThrownBy(() -> new RealmKeys(java.net.URI.create("http://127.0.0.1:1/certs"),
                RealmKeys.retriever(PkiTls.trusting(pki)), clock, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bearerHeaderParsing() {
        assertThat(TokenValidator.bearerToken("Bearer abc.def.ghi")).contains("abc.def.ghi");
        assertThat(TokenValidator.bearerToken("bearer abc")).contains("abc");
        assertThat(TokenValidator.bearerToken("Basic abc")).isEmpty();
        assertThat(TokenValidator.bearerToken("Bearer ")).isEmpty();
        assertThat(TokenValidator.bearerToken(null)).isEmpty();
    }
}
