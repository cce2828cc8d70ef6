package org.bridgeway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.bridgeway.dev.keycloak.DevelopmentKeycloak;
import org.bridgeway.dev.keycloak.PkiTls;

/**
 * The real Keycloak of a test run: started on first use, once per test JVM, with the run's {@link TestPki}, the
 * same PKI the test gateways trust and {@code ApiClient} presents, so a token Keycloak binds to a client's
 * certificate ({@code cnf.x5t#S256}) is the one the gateway sees on the connection; its output goes to
 * {@code gateway/devtools/target/keycloak-test/keycloak.log}. {@link KeycloakSessionListener} stops it when the test run
 * ends, whether tests passed or failed, and a JVM shutdown hook does if that never happens.
 */
public final class KeycloakServer {
    /** This machine is slow and shared; the very first start also builds Keycloak's optimised image. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    private static DevelopmentKeycloak running;
    private static RuntimeException failed;

    private final DevelopmentKeycloak keycloak;

    private KeycloakServer(DevelopmentKeycloak keycloak) {
        this.keycloak = keycloak;
    }

    /** The run's Keycloak, starting it if this is the first test to ask; a failed start is not retried. */
    public static synchronized KeycloakServer get() {
        if (failed != null) {
            throw new IllegalStateException("Keycloak did not start earlier in this run", failed);
        }
        if (running == null) {
            try {
                running = start();
            } catch (RuntimeException e) {
                failed = e;
                throw e;
            }
        }
        return new KeycloakServer(running);
    }

    /** Stops Keycloak if this run started it. */
    static synchronized void stopIfStarted() {
        if (running != null) {
            running.close();
            running = null;
        }
    }

    private static DevelopmentKeycloak start() {
        Path root = GatewayFixture.projectRoot();
        Path distribution = DevelopmentKeycloak.locateDistribution(root).orElseThrow(() -> new IllegalStateException(
                "no Keycloak distribution under gateway/devtools/target/keycloak: run the tests through Maven, whose "
                        + "process-test-resources phase unpacks it"));
        Path work = root.resolve("gateway").resolve("devtools").resolve("target").resolve("keycloak-test");
        // One PKI for the whole run: the token's binding must match the certificate the gateway sees.
        Path pki = TestPki.directory();
        try {
            Files.createDirectories(work);
            Files.deleteIfExists(work.resolve("keycloak.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DevelopmentKeycloak keycloak = DevelopmentKeycloak.start(new DevelopmentKeycloak.Settings(distribution, pki,
                root.resolve(DevelopmentKeycloak.REALM_FILE), work.resolve("keycloak.log"), READY_TIMEOUT));
        // Goes to the test's output file: how long this machine takes is worth knowing when a timeout bites.
        System.out.printf("Keycloak ready on %s in %d s%n", keycloak.baseUrl(), keycloak.startupTime().toSeconds());
        return keycloak;
    }

    public URI baseUrl() {
        return keycloak.baseUrl();
    }

    public String issuer() {
        return keycloak.issuer();
    }

    public URI jwksUrl() {
        return keycloak.jwksUrl();
    }

    public Duration startupTime() {
        return keycloak.startupTime();
    }

    /** The run's development PKI (every demo organisation's client certificate and key store). */
    public Path pki() {
        return keycloak.pki();
    }

    /** Trusts Keycloak's (and the gateway's) development server certificate. */
    public SSLContext trust() {
        return keycloak.trust();
    }

    /** The client certificate of a demo organisation, by its development PKI file name ("police-kent"). */
    public X509Certificate certificate(String orgFileName) {
        return PkiTls.clientCertificate(pki(), orgFileName);
    }

    /** A client_credentials token obtained over mTLS with that organisation's client certificate. */
    public String clientCredentialsToken(String orgFileName) {
        return keycloak.clientCredentialsToken(orgFileName);
    }

    /** A person's token (password grant) through, and bound to the certificate of, that organisation's system. */
    public String passwordToken(String orgFileName, String username) {
        return keycloak.passwordToken(orgFileName, username);
    }

    /** The generated password of one of the realm's people. */
    public String password(String username) {
        return keycloak.password(username);
    }

    /** The console's client secret. */
    public String consoleClientSecret() {
        return keycloak.consoleClientSecret();
    }

    /** Lets a console at this origin sign people in and out. */
    public void allowConsoleAt(URI origin) {
        keycloak.allowConsoleAt(origin);
    }

    /** The admin REST API of the realm: for tests that change it (key rotation). */
    public int admin(String method, String path, String json) {
        return keycloak.admin(method, path, json);
    }

    public String adminGet(String path) {
        return keycloak.adminGet(path);
    }
}
