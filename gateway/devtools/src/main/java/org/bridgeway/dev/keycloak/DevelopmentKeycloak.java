package org.bridgeway.dev.keycloak;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.bridgeway.dev.pki.DevelopmentPki;
import org.bridgeway.transport.PkiDirectory;

/**
 * A real Keycloak server for tests and the demo, run from the distribution Maven unpacks into
 * {@code gateway/devtools/target/keycloak}: {@code kc.sh start-dev} on free loopback ports, HTTPS only with the
 * development PKI's gateway server certificate, client certificates requested and checked against the
 * development root (needed for tls_client_auth and certificate-bound tokens), an in-memory database, and the
 * {@code bridgeway} realm imported through the admin API with freshly generated user passwords. Its output goes
 * to a log file, never to the console. Stopped by {@link #close()}, by a JVM shutdown hook, and, should this
 * JVM die without either, by a watcher that stops it when this JVM's end of its standard input closes.
 */
public final class DevelopmentKeycloak implements AutoCloseable {
    public static final String REALM = "bridgeway";
    public static final String REALM_FILE = "docker/keycloak/bridgeway-realm.json";
    /** The partner systems' client ids: "bw-" and the development PKI's client file name. */
    public static final String CLIENT_ID_PREFIX = "bw-";
    /** Placeholders in the realm file that the import fills with generated secrets: ${BW_PASSWORD_ALEX_MORGAN}. */
    private static final Pattern SECRET_PLACEHOLDER = Pattern.compile("\\$\\{(BW_[A-Z0-9_]+)}");
    private static final String PASSWORD_PLACEHOLDER_PREFIX = "BW_PASSWORD_";
    /** The console's OpenID Connect client (docker/keycloak/bridgeway-realm.json). */
    public static final String CONSOLE_CLIENT_ID = "bridgeway-console";
    private static final String CONSOLE_SECRET_PLACEHOLDER = "BW_CONSOLE_CLIENT_SECRET";
    private static final String LOOPBACK = "127.0.0.1";
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Runs kc.sh ($0) in the background and waits for it; a second background job blocks reading this JVM's pipe
     * on fd 3 and sends TERM to kc.sh (which forwards it to Keycloak's JVM) once the pipe closes. The outer group
     * gives fd 3 explicitly because bash gives background jobs /dev/null as standard input.
     */
    private static final String WRAPPER = "\"$0\" \"$@\" </dev/null & kc=$!\n"
            + "{ ( read -r _ <&3; kill -TERM \"$kc\" 2>/dev/null ) & } 3<&0\n"
            + "wait \"$kc\"\n";

    /**
     * @param distribution the unpacked Keycloak home (with bin/kc.sh)
     * @param pki          a development PKI directory ({@link DevelopmentPki})
     * @param logFile      where Keycloak's console output goes
     * @param readyTimeout how long start-up may take: a first start also builds Keycloak's optimised image
     */
    public record Settings(Path distribution, Path pki, Path realmFile, Path logFile, Duration readyTimeout) {
    }

    private final Process process;
    private final Path pki;
    private final Path logFile;
    private final int httpsPort;
    private final String adminUser = "bootstrap-admin";
    private final String adminPassword = secret();
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Thread shutdownHook = new Thread(this::stop, "keycloak-shutdown");
    private Duration startupTime;
    private volatile boolean stopped;

    private DevelopmentKeycloak(Settings settings, int httpPort, int httpsPort, int managementPort) throws IOException {
        this.pki = settings.pki();
        this.logFile = settings.logFile();
        this.httpsPort = httpsPort;
        Path kc = settings.distribution().resolve("bin").resolve("kc.sh");
        List<String> command = new ArrayList<>(List.of("bash", "-c", WRAPPER, kc.toString(), "start-dev",
                "--db=dev-mem",
                "--http-host=" + LOOPBACK,
                // start-dev always opens plain HTTP as well; on loopback and on a free port, so it collides with nothing
                "--http-port=" + httpPort,
                "--https-port=" + httpsPort,
                "--hostname=https://" + LOOPBACK + ":" + httpsPort,
                "--http-management-port=" + managementPort,
                "--http-management-scheme=http",
                "--health-enabled=true",
                "--https-key-store-file=" + pki.resolve(PkiDirectory.SERVER + ".p12"),
                "--https-key-store-type=PKCS12",
                "--https-trust-store-file=" + pki.resolve(DevelopmentPki.TRUST_STORE),
                "--https-trust-store-type=PKCS12",
                "--https-client-auth=request"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        Map<String, String> env = builder.environment();
        // Only what is set here configures this server: no KC_* or JAVA_OPTS of the developer's shell.
        env.keySet().removeIf(k -> k.startsWith("KC_") || k.startsWith("JAVA_OPTS") || k.equals("JAVA_ADD_OPENS"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        // Secrets go through the environment, never the command line (which ps shows to every user).
        var passwords = PkiDirectory.passwords(pki);
        env.put("KC_HTTPS_KEY_STORE_PASSWORD", passwords.getProperty(PkiDirectory.SERVER + ".p12"));
        env.put("KC_HTTPS_TRUST_STORE_PASSWORD", passwords.getProperty(DevelopmentPki.TRUST_STORE));
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", adminUser);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        this.process = builder.start();
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts Keycloak, waits until it is ready, imports the realm; stops it again if any of that fails. */
    public static DevelopmentKeycloak start(Settings settings) {
        if (!Files.isRegularFile(settings.distribution().resolve("bin").resolve("kc.sh"))) {
            throw new IllegalStateException("no Keycloak distribution at " + settings.distribution()
                    + ": build the devtools module with Maven, which unpacks it into gateway/devtools/target/keycloak");
        }
        List<Integer> ports = freePorts(3);
        Instant started = Instant.now();
        DevelopmentKeycloak keycloak;
        try {
            keycloak = new DevelopmentKeycloak(settings, ports.get(0), ports.get(1), ports.get(2));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Keycloak from " + settings.distribution(), e);
        }
        try {
            keycloak.awaitReady(URI.create("http://" + LOOPBACK + ":" + ports.get(2) + "/health/ready"),
                    settings.readyTimeout());
            keycloak.startupTime = Duration.between(started, Instant.now());
            keycloak.importRealm(settings.realmFile());
            return keycloak;
        } catch (RuntimeException e) {
            keycloak.close();
            throw e;
        }
    }

    /** The unpacked distribution under {@code gateway/devtools/target/keycloak}, if Maven has unpacked it. */
    public static Optional<Path> locateDistribution(Path projectRoot) {
        Path dir = projectRoot.resolve("gateway").resolve("devtools").resolve("target").resolve("keycloak");
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(dir)) {
            return homes.filter(p -> p.getFileName().toString().startsWith("keycloak-"))
                    .filter(p -> Files.isRegularFile(p.resolve("bin").resolve("kc.sh")))
                    .sorted().reduce((a, b) -> b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI baseUrl() {
        return URI.create("https://" + LOOPBACK + ":" + httpsPort);
    }

    /** The realm's issuer, exactly as Keycloak writes {@code iss} (its hostname is pinned to this URL). */
    public String issuer() {
        return baseUrl() + "/realms/" + REALM;
    }

    public URI jwksUrl() {
        return URI.create(issuer() + "/protocol/openid-connect/certs");
    }

    public URI tokenUrl() {
        return URI.create(issuer() + "/protocol/openid-connect/token");
    }

    /** From launching kc.sh until its readiness check answered, realm import excluded. */
    public Duration startupTime() {
        return startupTime;
    }

    public Path pki() {
        return pki;
    }

    /** Trusts Keycloak's server certificate (the development root); presents no client certificate. */
    public SSLContext trust() {
        return PkiTls.trusting(pki);
    }

    /** A client_credentials token for the partner system whose development certificate is {@code clientName}. */
    public String clientCredentialsToken(String clientName) {
        return new TokenEndpoint(tokenUrl(), PkiTls.presenting(pki, clientName))
                .clientCredentials(CLIENT_ID_PREFIX + clientName);
    }

    /** A token for one of the realm's people, through the system (and over the certificate) of {@code clientName}. */
    public String passwordToken(String clientName, String username) {
        String password = password(username);
        return new TokenEndpoint(tokenUrl(), PkiTls.presenting(pki, clientName))
                .password(CLIENT_ID_PREFIX + clientName, username, password);
    }

    /** The generated password of one of the realm's people ("jordan.ellis"). */
    public String password(String username) {
        String password = secrets.get(PASSWORD_PLACEHOLDER_PREFIX + username.toUpperCase().replace('.', '_'));
        if (password == null) {
            throw new IllegalArgumentException("the realm file defines no password for " + username);
        }
        return password;
    }

    /** The console client's generated secret (the realm file's ${BW_CONSOLE_CLIENT_SECRET}). */
    public String consoleClientSecret() {
        return secrets.computeIfAbsent(CONSOLE_SECRET_PLACEHOLDER, k -> {
            throw new IllegalStateException("the realm file defines no console client secret");
        });
    }

    /**
     * Lets the console at {@code origin} ("https://127.0.0.1:41234") sign people in and out: Keycloak redirects only
     * to the URIs registered for the client, and a development console listens on whatever port was free.
     */
    public void allowConsoleAt(URI origin) {
        String clients = adminGet("/clients?clientId=" + CONSOLE_CLIENT_ID);
        String id;
        try {
            id = JSON.readTree(clients).path(0).path("id").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read the console client", e);
        }
        var update = JSON.createObjectNode();
        update.putArray("redirectUris").add(origin + "/callback");
        update.putObject("attributes").put("post.logout.redirect.uris", origin + "/signed-out");
        int status = admin("PUT", "/clients/" + id, update.toString());
        if (status != 204) {
            throw new IllegalStateException("registering the console at " + origin + " answered HTTP " + status);
        }
    }

    /** A token of the master realm's bootstrap administrator: for tests that change the realm (key rotation). */
    public String adminToken() {
        return new TokenEndpoint(URI.create(baseUrl() + "/realms/master/protocol/openid-connect/token"), trust())
                .password("admin-cli", adminUser, adminPassword);
    }

    /** Sends an admin REST request ({@code path} below /admin/realms/bridgeway) with a JSON body; returns the status. */
    public int admin(String method, String path, String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/admin/realms/" + REALM + path))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + adminToken())
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json)).build();
        return send(request).statusCode();
    }

    /** Reads an admin REST resource below /admin/realms/bridgeway as JSON text. */
    public String adminGet(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/admin/realms/" + REALM + path))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + adminToken()).GET().build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered HTTP " + response.statusCode());
        }
        return response.body();
    }

    /**
     * Waits for the management interface's readiness check and then for the HTTPS port itself to answer: the
     * management interface may report ready a moment before the main listener accepts connections.
     */
    private void awaitReady(URI health, Duration timeout) {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpClient tls = HttpClient.newBuilder().sslContext(trust()).connectTimeout(Duration.ofSeconds(2)).build();
        URI discovery = URI.create(baseUrl() + "/realms/master/.well-known/openid-configuration");
        Instant deadline = Instant.now().plus(timeout);
        boolean healthy = false;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with code " + process.exitValue()
                        + " while starting; its output is in " + logFile);
            }
            healthy = healthy || answers(plain, health);
            if (healthy && answers(tls, discovery)) {
                return;
            }
            sleep(Duration.ofSeconds(1));
        }
        throw new IllegalStateException("Keycloak was not ready within " + timeout + "; its output is in " + logFile);
    }

    private static boolean answers(HttpClient http, URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Keycloak", e);
        }
    }

    /** Creates the realm from the realm file, each ${BW_...} placeholder replaced by a freshly generated secret. */
    private void importRealm(Path realmFile) {
        String realm;
        try {
            realm = Files.readString(realmFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the realm file " + realmFile, e);
        }
        Matcher m = SECRET_PLACEHOLDER.matcher(realm);
        StringBuilder filled = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(filled, Matcher.quoteReplacement(secrets.computeIfAbsent(m.group(1), k -> secret())));
        }
        m.appendTail(filled);
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/admin/realms"))
                .timeout(Duration.ofSeconds(120)).header("Authorization", "Bearer " + adminToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(filled.toString())).build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 201) {
            throw new IllegalStateException("Keycloak refused the realm " + realmFile + ": HTTP "
                    + response.statusCode() + " " + errorOf(response.body()));
        }
    }

    private static String errorOf(String body) {
        try {
            var node = JSON.readTree(body);
            return node.path("errorMessage").asText(node.path("error").asText(""));
        } catch (IOException e) {
            return "";
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        HttpClient http = HttpClient.newBuilder().sslContext(trust()).connectTimeout(Duration.ofSeconds(10)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach Keycloak at " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while talking to Keycloak", e);
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook is running or has run
        }
    }

    /** Closes the watcher's pipe (TERM to kc.sh, which forwards it), waits, then kills whatever is left. */
    private synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        // Taken before the wrapper exits: afterwards its children are re-parented and no longer its descendants.
        List<ProcessHandle> tree = process.descendants().toList();
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // the pipe is already gone
        }
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline) && (process.isAlive() || tree.stream().anyMatch(ProcessHandle::isAlive))) {
            sleep(Duration.ofMillis(200));
        }
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String secret() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private static List<Integer> freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK)));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        } finally {
            for (ServerSocket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a probe socket
                }
            }
        }
    }
}
