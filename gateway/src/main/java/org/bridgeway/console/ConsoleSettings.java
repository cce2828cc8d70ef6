package org.bridgeway.console;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * How the console listens and whom it asks to sign people in.
 *
 * @param host             the address of its HTTPS listener, separate from the systems' mutual-TLS API
 * @param port             its port; 0 for any free one
 * @param keyStore         the server certificate and key (PKCS#12), as the API's
 * @param keyStorePassword redacted in {@link #toString()}
 * @param publicOrigin     the origin people's browsers reach it at ("https://console.example.gov.uk"); when empty,
 *                         {@code https://host:port} as bound. Keycloak redirects back to its {@code /callback}.
 * @param issuer           the OpenID provider (the Keycloak realm's issuer URL)
 * @param clientId         the console's client at the provider
 * @param clientSecret     redacted in {@link #toString()}
 * @param providerTrust    how the console trusts the provider's TLS certificate
 * @param idleTimeout      a session unused this long is over, and its person signed in again
 */
public record ConsoleSettings(String host, int port, Path keyStore, String keyStorePassword, URI publicOrigin,
                              URI issuer, String clientId, String clientSecret, SSLContext providerTrust,
                              Duration idleTimeout) {
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(15);

    public ConsoleSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(keyStorePassword, "keyStorePassword");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        Objects.requireNonNull(providerTrust, "providerTrust");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (publicOrigin != null && !"https".equals(publicOrigin.getScheme())) {
            throw new IllegalArgumentException("the console is served over HTTPS only: " + publicOrigin);
        }
    }

    @Override
    public String toString() {
        return "ConsoleSettings[host=" + host + ", port=" + port + ", keyStore=" + keyStore + ", publicOrigin="
                + publicOrigin + ", issuer=" + issuer + ", clientId=" + clientId + ", idleTimeout=" + idleTimeout
                + "]";
    }
}
