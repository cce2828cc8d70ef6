package org.bridgeway.dev.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.TreeSet;
import org.bridgeway.identity.InvalidTokenException;
import org.bridgeway.identity.RealmKeys;
import org.bridgeway.identity.TokenRequirements;
import org.bridgeway.identity.TokenValidator;
import org.bridgeway.identity.VerifiedCaller;
import org.bridgeway.dev.keycloak.DevelopmentKeycloak;
import org.bridgeway.dev.keycloak.PkiTls;
import org.bridgeway.model.Organisation;
import org.bridgeway.dev.pki.DevelopmentPki;

/**
 * The demo's Keycloak part: starts a real Keycloak with the bridgeway realm, obtains a certificate-bound token for
 * the sending organisation's system over mutual TLS, validates it as the gateway does, and shows that the same
 * token over another organisation's certificate is refused. Prints claims, never the token.
 */
final class KeycloakDemo {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    /** Whose certificate the "lifted token" is presented with. */
    private static final String OTHER_CLIENT = "police-greater-manchester";

    private KeycloakDemo() {
    }

    /** The Keycloak the build unpacked; empty, having said so for the demo's {@code option}, when there is none. */
    static Optional<Path> distribution(Path root, String option) {
        Optional<Path> distribution = DevelopmentKeycloak.locateDistribution(root);
        if (distribution.isEmpty()) {
            System.err.println("bridgeway demo: " + option + ": no Keycloak distribution under "
                    + "gateway/devtools/target/keycloak; Maven unpacks it when it builds the development tooling "
                    + "(mvn -B -pl gateway/devtools -am process-test-resources)");
        }
        return distribution;
    }

    /** Returns false, having said why, when Keycloak cannot be run. */
    static boolean show(Path root, Path dataDir, Organisation sender, PrintStream out) {
        Optional<Path> distribution = distribution(root, "--with-keycloak");
        if (distribution.isEmpty()) {
            return false;
        }
        String client = sender.id().replace(':', '-');
        if (DevelopmentPki.DEMO_CLIENTS.stream().noneMatch(c -> c.name().equals(client))) {
            System.err.println("bridgeway demo: --with-keycloak: " + sender.id() + " has no partner system in the demo "
                    + "realm (docker/keycloak/bridgeway-realm.json); use --placing-authority 886 or 352");
            return false;
        }
        Path pki = dataDir.resolve("pki");
        Path log = dataDir.resolve("keycloak.log");
        DevelopmentPki.regenerate(pki);
        out.printf("Starting Keycloak from %s (a minute or two on a slow machine; its output goes to %s)...%n",
                root.relativize(distribution.get()), root.relativize(log));
        try (DevelopmentKeycloak keycloak = DevelopmentKeycloak.start(new DevelopmentKeycloak.Settings(
                distribution.get(), pki, root.resolve(DevelopmentKeycloak.REALM_FILE), log, READY_TIMEOUT))) {
            TokenValidator validator = new TokenValidator(TokenRequirements.forIssuer(keycloak.issuer()),
                    RealmKeys.overHttps(keycloak.jwksUrl(), keycloak.trust(), Clock.systemUTC()), Clock.systemUTC());
            String token = keycloak.clientCredentialsToken(client);
            X509Certificate certificate = PkiTls.clientCertificate(pki, client);
            VerifiedCaller caller;
            try {
                caller = validator.validate(token, certificate);
            } catch (InvalidTokenException e) {
                System.err.println("bridgeway demo: the realm's token for " + client + " was refused: " + e.getMessage());
                return false;
            }
            out.printf("Keycloak %s ready in %d s, realm %s imported.%n", keycloak.baseUrl(),
                    keycloak.startupTime().toSeconds(), DevelopmentKeycloak.REALM);
            out.printf("  token for %s (client_credentials over mutual TLS) validated: org_id %s, org_type %s, "
                    + "roles %s, cnf x5t#S256 bound to its certificate%n", caller.clientId(), caller.organisationId(),
                    caller.organisationType(), new TreeSet<>(caller.roles()));
            try {
                validator.validate(token, PkiTls.clientCertificate(pki, OTHER_CLIENT));
                out.printf("  the same token over %s's certificate: ACCEPTED (this is a bug)%n", OTHER_CLIENT);
            } catch (InvalidTokenException e) {
                out.printf("  the same token over %s's certificate: refused (%s)%n", OTHER_CLIENT, e.reason().code());
            }
        }
        out.println();
        return true;
    }
}
