package org.bridgeway.identity;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.bridgeway.identity.InvalidTokenException.Reason;

/**
 * The realm's signing keys, fetched from its JWKS endpoint over HTTPS and cached by Nimbus's {@link JWKSourceBuilder}
 * source chain (cache, rate limit, outage tolerance), which is asked with this class's {@link Clock}. A token signed
 * with a key id the cache does not know triggers a refetch (Keycloak rotated its keys), and so does a cache older
 * than {@code maxAge} (a key Keycloak removed stops being accepted). An unknown key id triggers no refetch within
 * {@code minInterval} of the last one, however many requests ask, so a flood of tokens with made-up key ids cannot
 * hammer Keycloak (Nimbus's rate limit, which allows two fetches an interval, stays behind it). When Keycloak cannot
 * be reached, keys already fetched stay in use for {@link #OUTAGE_TOLERANCE}: tokens it issued remain verifiable
 * through its outage.
 */
public final class RealmKeys {
    public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(15);
    /** How long keys fetched before stay in use while the JWKS endpoint cannot be reached. */
    public static final Duration OUTAGE_TOLERANCE = Duration.ofHours(24);
    /** A realm's JWKS is a few KiB; anything much larger is not one. */
    private static final int MAX_BODY = 256 * 1024;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final URI jwksUri;
    private final Clock clock;
    private final Duration minInterval;
    private final JWKSetSource<SecurityContext> source;
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile Instant lastFetch = Instant.MIN;

    /**
     * @param retriever   fetches the JWKS (see {@link #retriever(SSLContext)})
     * @param minInterval the least time between two refetches for unknown key ids ({@link Duration#ZERO}: none)
     * @param maxAge      how long fetched keys are used before they are fetched again; longer than
     *                    {@code minInterval}
     */
    public RealmKeys(URI jwksUri, ResourceRetriever retriever, Clock clock, Duration minInterval, Duration maxAge) {
        if (!"https".equalsIgnoreCase(jwksUri.getScheme())) {
            throw new IllegalArgumentException("the realm's keys must be fetched over HTTPS: " + jwksUri);
        }
        this.jwksUri = jwksUri;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.minInterval = Objects.requireNonNull(minInterval, "minInterval");
        Objects.requireNonNull(retriever, "retriever");
        JWKSourceBuilder<SecurityContext> builder = JWKSourceBuilder.<SecurityContext>create(url(jwksUri),
                        counting(retriever))
                .cache(maxAge.toMillis(), READ_TIMEOUT.plus(CONNECT_TIMEOUT).toMillis())
                // refreshed when asked, never in the background: fetches happen where this class says
                .refreshAheadCache(false)
                .outageTolerant(OUTAGE_TOLERANCE.toMillis());
        JWKSource<SecurityContext> built = (minInterval.isZero() ? builder.rateLimited(false)
                : builder.rateLimited(minInterval.toMillis())).build();
        // the set source, not the key source: it takes the time, so the cache ages by this class's clock
        this.source = ((JWKSetBasedJWKSource<SecurityContext>) built).getJWKSetSource();
    }

    /** Keys from {@code jwksUri}, trusting the server certificates {@code tls} trusts, with the default intervals. */
    public static RealmKeys overHttps(URI jwksUri, SSLContext tls, Clock clock) {
        return new RealmKeys(jwksUri, retriever(tls), clock, DEFAULT_MIN_INTERVAL, DEFAULT_MAX_AGE);
    }

    /**
     * Fetches the JWKS trusting the server certificates {@code tls} trusts: no redirects (the keys come from the
     * configured URL or nowhere), bounded in time and size.
     */
    public static ResourceRetriever retriever(SSLContext tls) {
        return new DefaultResourceRetriever((int) CONNECT_TIMEOUT.toMillis(), (int) READ_TIMEOUT.toMillis(), MAX_BODY,
                true, tls.getSocketFactory()) {
            @Override
            protected HttpURLConnection openHTTPConnection(URL url) throws IOException {
                HttpURLConnection connection = super.openHTTPConnection(url);
                connection.setInstanceFollowRedirects(false);
                return connection;
            }
        };
    }

    /** How many times the JWKS was requested: for tests of the cache and its rate limit. */
    public int fetches() {
        return fetches.get();
    }

    /** The signing key with this key id, fetching the JWKS if it is unknown or stale and the rate limit allows. */
    public JWK signingKey(String keyId) throws InvalidTokenException {
        JWKSet cached;
        try {
            cached = source.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), clock.millis(), null);
        } catch (KeySourceException e) {
            throw new InvalidTokenException(Reason.KEYS_UNAVAILABLE,
                    "cannot fetch the realm's keys from " + jwksUri, e);
        }
        JWK key = find(cached, keyId);
        if (key != null) {
            return key;
        }
        if (clock.instant().isBefore(lastFetch.plus(minInterval))) {
            throw unknown(" (not refetched: the last fetch was under " + minInterval + " ago)");
        }
        try {
            // refetched unless another request has just replaced the set this one looked in
            key = find(source.getJWKSet(JWKSetCacheRefreshEvaluator.referenceComparison(cached), clock.millis(),
                    null), keyId);
        } catch (RateLimitReachedException e) {
            throw unknown(" (not refetched: the last fetch was under " + minInterval + " ago)");
        } catch (KeySourceException e) {
            // Keycloak unreachable or answering nonsense, and no keys kept through an outage: the key is unknown
            throw unknown(" (the realm's keys could not be fetched again)");
        }
        if (key == null) {
            throw unknown("");
        }
        return key;
    }

    private InvalidTokenException unknown(String why) {
        return new InvalidTokenException(Reason.UNKNOWN_KEY, "no signing key with the token's key id in " + jwksUri
                + why);
    }

    /**
     * Signing keys only: Keycloak's JWKS also lists its encryption key, which must never verify a signature; and
     * only the public part, should a JWKS carry a private key.
     */
    private static JWK find(JWKSet keys, String keyId) {
        JWK key = keys.getKeyByKeyId(keyId);
        return key != null && (key.getKeyUse() == null || KeyUse.SIGNATURE.equals(key.getKeyUse()))
                ? key.toPublicJWK() : null;
    }

    private ResourceRetriever counting(ResourceRetriever retriever) {
        return url -> {
            fetches.incrementAndGet();
            lastFetch = clock.instant();
            return retriever.retrieveResource(url);
        };
    }

    private static URL url(URI uri) {
        try {
            return uri.toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("not a URL: " + uri, e);
        }
    }
}
