package org.bridgeway.identity;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.bridgeway.identity.InvalidTokenException.Reason;

/**
 * The realm's signing keys, fetched from its JWKS endpoint over HTTPS and cached. A token signed with a key id the
 * cache does not know triggers a refetch (Keycloak rotated its keys), and so does a cache older than
 * {@code maxAge} (a key Keycloak removed stops being accepted). Fetches are at most one per {@code minInterval},
 * however many requests ask, so a flood of tokens with made-up key ids cannot hammer Keycloak. When Keycloak
 * cannot be reached, keys already fetched stay in use: tokens it issued remain verifiable through its outage.
 */
public final class RealmKeys {
    public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(15);
    /** A realm's JWKS is a few KiB; anything much larger is not one. */
    private static final int MAX_BODY = 256 * 1024;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private record Snapshot(JWKSet keys, Instant fetchedAt) {
    }

    private final URI jwksUri;
    private final HttpClient http;
    private final Clock clock;
    private final Duration minInterval;
    private final Duration maxAge;
    private final Object fetchLock = new Object();
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile Snapshot snapshot;
    private Instant lastAttempt; // guarded by fetchLock

    public RealmKeys(URI jwksUri, HttpClient http, Clock clock, Duration minInterval, Duration maxAge) {
        if (!"https".equalsIgnoreCase(jwksUri.getScheme())) {
            throw new IllegalArgumentException("the realm's keys must be fetched over HTTPS: " + jwksUri);
        }
        this.jwksUri = jwksUri;
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.minInterval = Objects.requireNonNull(minInterval, "minInterval");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    }

    /** Keys from {@code jwksUri}, trusting the server certificates {@code tls} trusts, with the default intervals. */
    public static RealmKeys overHttps(URI jwksUri, SSLContext tls, Clock clock) {
        return new RealmKeys(jwksUri, httpClient(tls), clock, DEFAULT_MIN_INTERVAL, DEFAULT_MAX_AGE);
    }

    /** An HTTP client for the JWKS endpoint: no redirects (the keys come from the configured URL or nowhere). */
    public static HttpClient httpClient(SSLContext tls) {
        return HttpClient.newBuilder().sslContext(tls).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** How many times the JWKS was requested: for tests of the cache and its rate limit. */
    public int fetches() {
        return fetches.get();
    }

    /** The signing key with this key id, fetching the JWKS if it is unknown or stale and the rate limit allows. */
    public JWK signingKey(String keyId) throws InvalidTokenException {
        Snapshot current = snapshot;
        if (current != null && fresh(current)) {
            JWK key = find(current, keyId);
            if (key != null) {
                return key;
            }
        }
        synchronized (fetchLock) {
            current = snapshot; // another thread may have fetched while this one waited
            JWK known = current != null && fresh(current) ? find(current, keyId) : null;
            if (known != null) {
                return known;
            }
            Instant now = clock.instant();
            boolean mayFetch = lastAttempt == null || !now.isBefore(lastAttempt.plus(minInterval));
            if (mayFetch) {
                lastAttempt = now;
                try {
                    current = new Snapshot(fetch(), now);
                    snapshot = current;
                } catch (IOException | ParseException e) {
                    if (current == null) {
                        throw new InvalidTokenException(Reason.KEYS_UNAVAILABLE,
                                "cannot fetch the realm's keys from " + jwksUri, e);
                    }
                    // Keycloak unreachable or answering nonsense: carry on with the keys fetched before.
                }
            } else if (current == null) {
                throw new InvalidTokenException(Reason.KEYS_UNAVAILABLE,
                        "the realm's keys were not fetched and the last attempt was under " + minInterval + " ago");
            }
            JWK key = find(current, keyId);
            if (key == null) {
                throw new InvalidTokenException(Reason.UNKNOWN_KEY, "no signing key with the token's key id in "
                        + jwksUri + (mayFetch ? "" : " (not refetched: the last fetch was under " + minInterval + " ago)"));
            }
            return key;
        }
    }

    private boolean fresh(Snapshot s) {
        return clock.instant().isBefore(s.fetchedAt().plus(maxAge));
    }

    /** Signing keys only: Keycloak's JWKS also lists its encryption key, which must never verify a signature. */
    private static JWK find(Snapshot s, String keyId) {
        JWK key = s.keys().getKeyByKeyId(keyId);
        return key != null && (key.getKeyUse() == null || KeyUse.SIGNATURE.equals(key.getKeyUse())) ? key : null;
    }

    private JWKSet fetch() throws IOException, ParseException {
        fetches.incrementAndGet();
        HttpRequest request = HttpRequest.newBuilder(jwksUri).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json").GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching the realm's keys", e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("the JWKS endpoint answered HTTP " + response.statusCode());
            }
            byte[] bytes = body.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new IOException("the JWKS is larger than " + MAX_BODY + " bytes");
            }
            // Public keys only: a JWKS that carried a private key would be parsed, but only its public part is used.
            return JWKSet.parse(new String(bytes, StandardCharsets.UTF_8)).toPublicJWKSet();
        }
    }
}
