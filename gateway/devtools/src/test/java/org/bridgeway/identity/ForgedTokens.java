package org.bridgeway.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** Tokens shaped like the realm's access tokens, signed with keys a test made: for every way a token can be wrong. */
final class ForgedTokens {
    private ForgedTokens() {
    }

    static RSAKey rsaKey(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).keyUse(com.nimbusds.jose.jwk.KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static ECKey ecKey(String keyId) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(keyId).keyUse(com.nimbusds.jose.jwk.KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims as the realm issues them to police:kent's system at {@code now}, bound to {@code certificate}. */
    static JWTClaimsSet.Builder claims(String issuer, Instant now, X509Certificate certificate) {
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(List.of(TokenRequirements.GATEWAY_AUDIENCE))
                .subject(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .jwtID(UUID.randomUUID().toString())
                .claim("typ", "Bearer")
                .claim("azp", "bw-police-kent")
                .claim("org_id", "police:kent")
                .claim("org_type", "police")
                .claim("roles", List.of("system"))
                .claim("preferred_username", "service-account-bw-police-kent")
                .claim("cnf", Map.of("x5t#S256", ClientCertificates.thumbprint(certificate)));
    }

    static String sign(JWK key, JWTClaimsSet claims) {
        return sign(key, claims, h -> h);
    }

    static String sign(JWK key, JWTClaimsSet claims, UnaryOperator<JWSHeader.Builder> header) {
        try {
            boolean rsa = key instanceof RSAKey;
            JWSHeader.Builder h = new JWSHeader.Builder(rsa ? JWSAlgorithm.RS256 : JWSAlgorithm.ES256)
                    .type(JOSEObjectType.JWT).keyID(key.getKeyID());
            SignedJWT jwt = new SignedJWT(header.apply(h).build(), claims);
            jwt.sign(rsa ? new RSASSASigner((RSAKey) key) : new ECDSASigner((ECKey) key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
