package org.bridgeway.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bridgeway.identity.InvalidTokenException.Reason;
import org.bridgeway.model.InvalidValueException;
import org.bridgeway.model.Organisation;
import org.bridgeway.transport.PartnerCertificate;

/**
 * Validates a Keycloak access token presented as a bearer token on a mutual-TLS connection: signature against the
 * realm's keys, issuer, audience, token type, {@code exp}/{@code nbf}/{@code iat} with a small clock skew, the
 * Bridgeway claims ({@code org_id}, {@code org_type}, {@code roles}), and the RFC 8705 binding: the token's
 * {@code cnf."x5t#S256"} must be the thumbprint of the client certificate on this very connection, so a token
 * lifted from another connection is refused. The signature is checked first, so nothing else in the token is
 * believed before it is known to come from Keycloak. Thread-safe.
 */
public final class TokenValidator {
    /** Keycloak signs access tokens with RS256 by default and ES256 when configured; nothing else is accepted. */
    private static final Set<JWSAlgorithm> ACCEPTED_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    /** A Keycloak access token is one or two KiB; a huge one is an attack on the parser, not a token. */
    private static final int MAX_TOKEN_LENGTH = 16 * 1024;
    private static final int MIN_RSA_BITS = 2048;
    /** Keycloak's {@code typ} for access tokens; ID tokens say "ID", refresh tokens "Refresh". */
    private static final String ACCESS_TOKEN_TYPE = "Bearer";
    private static final String BEARER_PREFIX = "Bearer ";

    private final TokenRequirements requirements;
    private final RealmKeys keys;
    private final Clock clock;

    public TokenValidator(TokenRequirements requirements, RealmKeys keys, Clock clock) {
        this.requirements = Objects.requireNonNull(requirements, "requirements");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The token of an {@code Authorization: Bearer <token>} header, if the header is one. */
    public static Optional<String> bearerToken(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.length() <= BEARER_PREFIX.length()
                || !authorizationHeader.regionMatches(true, 0, BEARER_PREFIX, 0, BEARER_PREFIX.length())) {
            return Optional.empty();
        }
        return Optional.of(authorizationHeader.substring(BEARER_PREFIX.length()).trim());
    }

    /**
     * @param token     the compact JWS from the Authorization header
     * @param presented the client certificate the TLS handshake of this connection verified (null if none)
     */
    public VerifiedCaller validate(String token, X509Certificate presented) throws InvalidTokenException {
        SignedJWT jwt = parse(token);
        verifySignature(jwt);
        JWTClaimsSet claims = claims(jwt);
        checkIssuerAudienceType(claims);
        Instant expiresAt = checkTimes(claims);
        checkCertificateBinding(claims, presented);
        return caller(claims, expiresAt, presented);
    }

    private static SignedJWT parse(String token) throws InvalidTokenException {
        if (token == null || token.isEmpty()) {
            throw new InvalidTokenException(Reason.MALFORMED, "no token");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new InvalidTokenException(Reason.MALFORMED, "token longer than " + MAX_TOKEN_LENGTH + " characters");
        }
        try {
            return SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new InvalidTokenException(Reason.MALFORMED, "not a signed JWT");
        }
    }

    private void verifySignature(SignedJWT jwt) throws InvalidTokenException {
        JWSHeader header = jwt.getHeader();
        if (!ACCEPTED_ALGORITHMS.contains(header.getAlgorithm())) {
            throw new InvalidTokenException(Reason.MALFORMED, "signature algorithm not accepted (RS256 or ES256 only)");
        }
        if (header.getKeyID() == null) {
            throw new InvalidTokenException(Reason.MALFORMED, "no key id (kid) in the header");
        }
        JWK key = keys.signingKey(header.getKeyID());
        boolean valid;
        try {
            valid = jwt.verify(verifier(header.getAlgorithm(), key));
        } catch (JOSEException e) {
            throw new InvalidTokenException(Reason.BAD_SIGNATURE, "signature cannot be checked with the realm key");
        }
        if (!valid) {
            throw new InvalidTokenException(Reason.BAD_SIGNATURE, "signature does not verify with the realm key");
        }
    }

    /** A verifier only when the key's type, curve, size and declared algorithm fit the header's algorithm. */
    private static JWSVerifier verifier(JWSAlgorithm algorithm, JWK key) throws InvalidTokenException, JOSEException {
        if (key.getAlgorithm() != null && !key.getAlgorithm().equals(algorithm)) {
            throw new InvalidTokenException(Reason.BAD_SIGNATURE, "the realm key is not for the token's algorithm");
        }
        if (JWSAlgorithm.RS256.equals(algorithm) && key instanceof RSAKey rsa && rsa.size() >= MIN_RSA_BITS) {
            return new RSASSAVerifier(rsa);
        }
        if (JWSAlgorithm.ES256.equals(algorithm) && key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
            return new ECDSAVerifier(ec);
        }
        throw new InvalidTokenException(Reason.BAD_SIGNATURE, "the realm key is not for the token's algorithm");
    }

    private static JWTClaimsSet claims(SignedJWT jwt) throws InvalidTokenException {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new InvalidTokenException(Reason.MALFORMED, "claims are not a JSON object");
        }
    }

    private void checkIssuerAudienceType(JWTClaimsSet claims) throws InvalidTokenException {
        if (!requirements.issuer().equals(claims.getIssuer())) {
            throw new InvalidTokenException(Reason.WRONG_ISSUER, "issuer is not " + requirements.issuer());
        }
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(requirements.audience())) {
            throw new InvalidTokenException(Reason.WRONG_AUDIENCE, "audience does not include "
                    + requirements.audience());
        }
        if (!ACCESS_TOKEN_TYPE.equals(stringClaim(claims, "typ", false))) {
            throw new InvalidTokenException(Reason.WRONG_TYPE, "not an access token (typ is not Bearer)");
        }
    }

    private Instant checkTimes(JWTClaimsSet claims) throws InvalidTokenException {
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        Date iat = claims.getIssueTime();
        if (exp == null) {
            throw new InvalidTokenException(Reason.MISSING_CLAIM, "exp");
        }
        if (iat == null) {
            throw new InvalidTokenException(Reason.MISSING_CLAIM, "iat");
        }
        if (now.minus(requirements.clockSkew()).isAfter(exp.toInstant())) {
            throw new InvalidTokenException(Reason.EXPIRED, "expired (clock skew " + requirements.clockSkew() + ")");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(requirements.clockSkew()).isBefore(nbf.toInstant())) {
            throw new InvalidTokenException(Reason.NOT_YET_VALID, "nbf is in the future (clock skew "
                    + requirements.clockSkew() + ")");
        }
        if (now.plus(requirements.clockSkew()).isBefore(iat.toInstant())) {
            throw new InvalidTokenException(Reason.NOT_YET_VALID, "iat is in the future (clock skew "
                    + requirements.clockSkew() + ")");
        }
        return exp.toInstant();
    }

    /** RFC 8705 section 3: the token is usable only over a connection authenticated with the same certificate. */
    private static void checkCertificateBinding(JWTClaimsSet claims, X509Certificate presented)
            throws InvalidTokenException {
        Object cnf = claims.getClaim("cnf");
        Object bound = cnf instanceof Map<?, ?> confirmation ? confirmation.get("x5t#S256") : null;
        if (!(bound instanceof String boundThumbprint)) {
            throw new InvalidTokenException(Reason.MISSING_CLAIM, "cnf.x5t#S256 (the token is not certificate-bound)");
        }
        if (presented == null) {
            throw new InvalidTokenException(Reason.CERTIFICATE_MISMATCH, "no client certificate on the connection");
        }
        byte[] expected = ClientCertificates.thumbprint(presented).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, boundThumbprint.getBytes(StandardCharsets.US_ASCII))) {
            throw new InvalidTokenException(Reason.CERTIFICATE_MISMATCH,
                    "the token is bound to another certificate than the connection's");
        }
    }

    private static VerifiedCaller caller(JWTClaimsSet claims, Instant expiresAt, X509Certificate presented)
            throws InvalidTokenException {
        String orgId = stringClaim(claims, "org_id", true);
        String orgType = stringClaim(claims, "org_type", true);
        Organisation organisation;
        try {
            organisation = Organisation.parseId(orgId);
        } catch (InvalidValueException e) {
            throw new InvalidTokenException(Reason.INVALID_CLAIM, "org_id is not a Bridgeway organisation id");
        }
        if (!organisation.type().slug().equals(orgType)) {
            throw new InvalidTokenException(Reason.INVALID_CLAIM, "org_type does not match org_id");
        }
        // The binding proves the token was issued to this certificate's holder; this catches a realm that issued
        // one organisation's claims to another organisation's system (a person of one, a system of the other).
        boolean sameOrganisation = PartnerCertificate.read(presented).identity()
                .map(partner -> partner.organisation().id().equals(orgId)).orElse(false);
        if (!sameOrganisation) {
            throw new InvalidTokenException(Reason.ORGANISATION_MISMATCH,
                    "org_id is not the organisation the client certificate names");
        }
        return new VerifiedCaller(organisation, stringClaim(claims, "org_unit", false),
                stringClaim(claims, "azp", true), required(claims.getSubject(), "sub"),
                stringClaim(claims, "preferred_username", false), roles(claims), expiresAt);
    }

    private static Set<String> roles(JWTClaimsSet claims) throws InvalidTokenException {
        Object value = claims.getClaim("roles");
        if (value == null) {
            throw new InvalidTokenException(Reason.MISSING_CLAIM, "roles");
        }
        if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw new InvalidTokenException(Reason.INVALID_CLAIM, "roles is not a list of strings");
        }
        Set<String> roles = new HashSet<>();
        list.forEach(r -> roles.add((String) r));
        return roles;
    }

    private static String stringClaim(JWTClaimsSet claims, String name, boolean required) throws InvalidTokenException {
        Object value = claims.getClaim(name);
        if (value == null) {
            if (required) {
                throw new InvalidTokenException(Reason.MISSING_CLAIM, name);
            }
            return null;
        }
        if (!(value instanceof String s)) {
            throw new InvalidTokenException(Reason.INVALID_CLAIM, name + " is not a string");
        }
        return required ? required(s, name) : s;
    }

    private static String required(String value, String name) throws InvalidTokenException {
        if (value == null || value.isBlank()) {
            throw new InvalidTokenException(Reason.MISSING_CLAIM, name);
        }
        return value;
    }
}
