package org.bridgeway.dev.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.bridgeway.console.ConsoleServer;
import org.bridgeway.console.ConsoleSettings;
import org.bridgeway.dev.keycloak.DevelopmentKeycloak;
import org.bridgeway.dev.pki.DevelopmentPki;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.transport.PkiDirectory;

/**
 * The demo's console: a real Keycloak with the bridgeway realm and the console of the demo's gateway, on loopback,
 * until Ctrl-C. Prints where to open it and the realm's people with their passwords, generated for this run and
 * printed once.
 */
final class ConsoleDemo {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    private ConsoleDemo() {
    }

    /** Serves until the JVM is asked to stop; returns false, having said why, when Keycloak cannot be run. */
    static boolean serve(Path root, Path dataDir, Gateway gateway, int port, PrintStream out) {
        Optional<Path> distribution = KeycloakDemo.distribution(root, "--console");
        if (distribution.isEmpty()) {
            return false;
        }
        Path pki = dataDir.resolve("console-pki");
        Path log = dataDir.resolve("console-keycloak.log");
        DevelopmentPki.regenerate(pki);
        out.printf("%nStarting Keycloak for the console (a minute or two on a slow machine; its output goes to %s)...%n",
                root.relativize(log));
        Path keyStore = pki.resolve(PkiDirectory.SERVER + ".p12");
        try (DevelopmentKeycloak keycloak = DevelopmentKeycloak.start(new DevelopmentKeycloak.Settings(
                distribution.get(), pki, root.resolve(DevelopmentKeycloak.REALM_FILE), log, READY_TIMEOUT));
             ConsoleServer console = ConsoleServer.start(new ConsoleSettings("127.0.0.1", port, keyStore,
                     PkiDirectory.passwords(pki).getProperty(PkiDirectory.SERVER + ".p12"), null,
                     URI.create(keycloak.issuer()), DevelopmentKeycloak.CONSOLE_CLIENT_ID,
                     keycloak.consoleClientSecret(), keycloak.trust(), ConsoleSettings.DEFAULT_IDLE_TIMEOUT),
                     gateway)) {
            keycloak.allowConsoleAt(console.origin());
            out.printf("%nConsole: %s%n", console.origin());
            out.printf("  Its certificate, and Keycloak's, are signed by this run's development root CA, %s: your%n"
                    + "  browser warns until you trust it (or accept the warning for this demo).%n",
                    root.relativize(pki.resolve(PkiDirectory.ROOT_CA)));
            out.println("  The realm's people, with passwords generated for this run (shown only now):");
            for (JsonNode user : people(root)) {
                String username = user.path("username").asText();
                out.printf("    %-16s %-30s %-28s %s%n", username, user.path("realmRoles").path(0).asText(),
                        user.path("attributes").path("org_id").path(0).asText(), keycloak.password(username));
            }
            out.println("  The inbox shows each organisation's mailbox after the replay above; a police force's "
                    + "missing-person\n  coordinator (kiran.holt, Greater Manchester) has the placements in Manchester.");
            out.println("Ctrl-C stops the console, Keycloak and the gateway.");
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "console-demo-stop"));
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    /** The realm's people: its users that are not a partner system's service account. */
    private static Iterable<JsonNode> people(Path root) {
        try {
            JsonNode realm = new ObjectMapper().readTree(root.resolve(DevelopmentKeycloak.REALM_FILE).toFile());
            java.util.List<JsonNode> people = new java.util.ArrayList<>();
            realm.path("users").forEach(u -> {
                if (!u.path("username").asText().startsWith("service-account-")) {
                    people.add(u);
                }
            });
            return people;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
