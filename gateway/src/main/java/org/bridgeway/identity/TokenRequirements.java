package org.bridgeway.identity;

import java.time.Duration;
import java.util.Objects;

/**
 * What a bearer token must say to be accepted: its issuer (the realm's URL, exactly as Keycloak writes it in
 * {@code iss}), an audience that names the gateway, and how much clock difference between Keycloak and the
 * gateway is forgiven on {@code exp}, {@code nbf} and {@code iat}.
 */
public record TokenRequirements(String issuer, String audience, Duration clockSkew) {
    /** The audience the realm's {@code bridgeway-gateway} client scope puts in every access token. */
    public static final String GATEWAY_AUDIENCE = "bridgeway-gateway";
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
    /** More than this and an expired token stays usable long enough to matter. */
    private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    public TokenRequirements {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(clockSkew, "clockSkew");
        if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw new IllegalArgumentException("clock skew must be between 0 and " + MAX_CLOCK_SKEW);
        }
    }

    /** Audience {@value #GATEWAY_AUDIENCE} and a 30 s clock skew. */
    public static TokenRequirements forIssuer(String issuer) {
        return new TokenRequirements(issuer, GATEWAY_AUDIENCE, DEFAULT_CLOCK_SKEW);
    }

    public TokenRequirements withAudience(String audience) {
        return new TokenRequirements(issuer, audience, clockSkew);
    }
}
