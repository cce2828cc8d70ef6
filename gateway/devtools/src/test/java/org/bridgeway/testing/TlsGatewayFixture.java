package org.bridgeway.testing;

import java.nio.file.Path;
import java.util.Optional;
import org.bridgeway.gateway.GatewayConfig;
import org.bridgeway.identity.TokenSettings;
import org.bridgeway.transport.PkiDirectory;

/**
 * Gateways ({@link GatewayFixture}) serving their API as in production: over mutual TLS with the run's
 * {@link TestPki}, and checking certificate-bound tokens of the run's {@link KeycloakServer} ({@link TestTokens}).
 */
public final class TlsGatewayFixture {
    private TlsGatewayFixture() {
    }

    /** A gateway with its API over mutual TLS on a free loopback port, and certificate-bound tokens. */
    public static GatewayFixture startWithHttp(Path dataDirectory) {
        return GatewayFixture.start(withTokens(withTlsApi(GatewayFixture.config(dataDirectory))));
    }

    /** A gateway with its API over mutual TLS and certificate-bound tokens, and its inbox watcher. */
    public static GatewayFixture startServing(Path dataDirectory) {
        return GatewayFixture.start(withTokens(withTlsApi(GatewayFixture.config(dataDirectory))).withInbox(true));
    }

    /** A gateway over mutual TLS with certificate-only identity: the development mode, no Keycloak. */
    public static GatewayFixture startWithHttpCertificateOnly(Path dataDirectory) {
        return GatewayFixture.start(withTlsApi(GatewayFixture.config(dataDirectory)));
    }

    /** The configuration checking tokens of the run's Keycloak (started if it is not yet), keys fetched over TLS. */
    public static GatewayConfig withTokens(GatewayConfig config) {
        KeycloakServer keycloak = KeycloakServer.get();
        return config.withTokens(TokenSettings.of(keycloak.issuer(), keycloak.jwksUrl(),
                Optional.of(TestPki.directory().resolve(PkiDirectory.ROOT_CA))));
    }

    /** The configuration with the API on a free loopback port over mutual TLS with the run's {@link TestPki}. */
    public static GatewayConfig withTlsApi(GatewayConfig config) {
        return config.withHttp("127.0.0.1", GatewayFixture.ANY_FREE_PORT).withTls(TestPki.gatewayTls());
    }
}
