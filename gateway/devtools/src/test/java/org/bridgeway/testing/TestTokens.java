package org.bridgeway.testing;

import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.bridgeway.dev.pki.DevelopmentPki;

/**
 * Access tokens from the run's {@link KeycloakServer}, bound to the certificates of the run's {@link TestPki} (the
 * two share one PKI), cached until shortly before they expire so a suite asks Keycloak once per caller, not per
 * request. A caller is named as {@link TestPki#client} names it: an organisation id ("police:kent") or a client
 * file name ("local-authority-886-edt").
 */
public final class TestTokens {
    /** Renewed this long before expiry, so a token never expires in flight. */
    private static final Duration MARGIN = Duration.ofSeconds(30);
    private static final Map<String, String> CACHE = new HashMap<>();

    private TestTokens() {
    }

    /**
     * The client_credentials token of that system's service account. An organisation id beyond the demo ones is
     * registered in Keycloak first ({@link KeycloakPartners}); empty for other client names the realm lacks
     * (the revoked and expired test certificates, which the TLS handshake refuses anyway).
     */
    public static Optional<String> serviceAccount(String client) {
        String file = fileName(client);
        if (DevelopmentPki.DEMO_CLIENTS.stream().noneMatch(c -> c.name().equals(file))) {
            if (!client.contains(":") || client.contains("/")) {
                return Optional.empty();
            }
            KeycloakPartners.ensure(client);
        }
        return Optional.of(cached(file, () -> KeycloakServer.get().clientCredentialsToken(file)));
    }

    /** A person's token (password grant) through, and bound to the certificate of, that demo system. */
    public static String person(String client, String username) {
        String file = fileName(client);
        return cached(file + "|" + username, () -> KeycloakServer.get().passwordToken(file, username));
    }

    /** The development PKI file name of a client: "police:kent" → "police-kent"; a file name stays as it is. */
    public static String fileName(String client) {
        return client.replace(':', '-').replace('/', '-');
    }

    private interface Fetch {
        String token();
    }

    private static synchronized String cached(String key, Fetch fetch) {
        String token = CACHE.get(key);
        if (token == null || expiresSoon(token)) {
            token = fetch.token();
            CACHE.put(key, token);
        }
        return token;
    }

    private static boolean expiresSoon(String token) {
        try {
            return SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime().toInstant()
                    .isBefore(Instant.now().plus(MARGIN));
        } catch (ParseException e) {
            return true;
        }
    }
}
