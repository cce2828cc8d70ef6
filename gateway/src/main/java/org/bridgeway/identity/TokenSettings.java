package org.bridgeway.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bridgeway.transport.PkiDirectory;

/**
 * Where the gateway checks bearer tokens: the realm's issuer (exactly as Keycloak writes {@code iss}), its JWKS
 * URL, and the certificate (PEM) of the CA to trust for that HTTPS call, when it is not one the JVM trusts
 * already (a development PKI's root). Holds nothing secret.
 *
 * @param trust    a CA certificate (PEM) trusted for the JWKS call; empty for the JVM's default trust store
 * @param audience the audience every token must name, by default {@value TokenRequirements#GATEWAY_AUDIENCE}
 */
public record TokenSettings(String issuer, URI jwksUrl, Optional<Path> trust, String audience) {
    public TokenSettings {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(jwksUrl, "jwksUrl");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(audience, "audience");
        if (!"https".equalsIgnoreCase(jwksUrl.getScheme())) {
            throw new IllegalArgumentException("the realm's keys must be fetched over HTTPS: " + jwksUrl);
        }
    }

    public static TokenSettings of(String issuer, URI jwksUrl, Optional<Path> trust) {
        return new TokenSettings(issuer, jwksUrl, trust, TokenRequirements.GATEWAY_AUDIENCE);
    }

    /** A validator for these settings: keys cached and refreshed as {@link RealmKeys} does (Nimbus's JWKS source). */
    public TokenValidator validator(Clock clock) {
        return new TokenValidator(TokenRequirements.forIssuer(issuer).withAudience(audience),
                RealmKeys.overHttps(jwksUrl, realmTls(), clock), clock);
    }

    /** How the gateway trusts the realm's HTTPS: {@code trust}'s CA, or the JVM's trust store without one. */
    public SSLContext realmTls() {
        try {
            if (trust.isEmpty()) {
                return SSLContext.getDefault();
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("realm-ca", PkiDirectory.readCertificate(trust.get()));
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
            trustManagers.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for the realm's keys: " + e.getMessage(), e);
        }
    }
}
