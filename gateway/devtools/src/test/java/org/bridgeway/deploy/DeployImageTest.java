package org.bridgeway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bridgeway.testing.GatewayFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.CommandSpec;

/**
 * docker/Dockerfile, the project's .dockerignore and the image's scripts: the image builds the production jar alone,
 * from a context without tests, keys or data, runs it as a numeric non-root user with a health check on the port its
 * command opens; the scripts do what the compose file and the manifests rely on.
 */
class DeployImageTest {
    private final Dockerfile dockerfile = Dockerfile.read();
    private final Dockerfile.Stage image = dockerfile.finalStage();

    @Test
    void buildsTheProductionJarWithoutTestsOrTheDevelopmentTooling() {
        Dockerfile.Stage build = dockerfile.stage("build");
        String maven = build.all("RUN").stream().map(Dockerfile.Instruction::arguments)
                .filter(r -> r.contains("mvn ")).findFirst().orElseThrow();
        assertThat(maven).contains("-Dmaven.test.skip=true").contains("-pl gateway -am").contains(" package")
                .doesNotContain("devtools");
        // the Keycloak download (unpack-keycloak) belongs to gateway/devtools, which -pl gateway -am does not build
        for (String pom : List.of("pom.xml", "adapters/pom.xml", "gateway/verifier/pom.xml", "gateway/pom.xml")) {
            assertThat(DeployFiles.read(DeployFiles.ROOT.resolve(pom))).as(pom).doesNotContain("<goal>unpack</goal>");
        }
        assertThat(DeployFiles.read(DeployFiles.ROOT.resolve("gateway/devtools/pom.xml"))).contains("unpack-keycloak");
        assertThat(image.copies()).allSatisfy(copy -> assertThat(String.join(" ", copy.sources()))
                .doesNotContain("devtools").doesNotContain("samples").doesNotContain("certs-dev"));
    }

    @Test
    void runsTheProductionJarWithItsLibrariesRoutesAndPolicies() {
        List<String> entrypoint = image.last("ENTRYPOINT").orElseThrow().execForm();
        assertThat(entrypoint.subList(0, 2)).containsExactly("java", "-jar");
        String jar = entrypoint.get(2);
        Map<String, String> copied = new java.util.LinkedHashMap<>();
        for (Dockerfile.Copy copy : image.copies()) {
            for (String source : copy.sources()) {
                copied.put(source, copy.destination());
            }
        }
        assertThat(copied).containsEntry("/src/gateway/target/bridgeway-gateway.jar", jar);
        // the jar's manifest finds its libraries in lib/ beside it (gateway/pom.xml: classpathPrefix lib/)
        assertThat(copied).containsEntry("/src/gateway/target/lib", Path.of(jar).resolveSibling("lib").toString());
        String home = image.env().get("BRIDGEWAY_HOME");
        assertThat(home).isNotNull();
        assertThat(copied).containsEntry("routes", home + "/routes").containsEntry("policies", home + "/policies");
        assertThat(DeployFiles.read(DeployFiles.ROOT.resolve("gateway/pom.xml")))
                .contains("<classpathPrefix>lib/</classpathPrefix>").contains("<finalName>bridgeway-gateway</finalName>");
    }

    @Test
    void runsAsANumericNonRootUser() {
        String user = image.last("USER").orElseThrow().arguments();
        assertThat(user).matches("\\d+:\\d+");
        assertThat(Integer.parseInt(user.split(":")[0])).isPositive();
        // and every pod of the manifests runs as that same user, so the folders it owns are writable there too
        for (Manifests.Resource workload : Manifests.load().workloads()) {
            if (workload.containers().stream().anyMatch(c -> c.path("image").asText().equals(DeployFiles.K8S_IMAGE))) {
                assertThat(workload.podSpec().at("/securityContext/runAsUser").asText() + ":"
                        + workload.podSpec().at("/securityContext/runAsGroup").asText()).as(workload.describe())
                        .isEqualTo(user);
            }
        }
    }

    @Test
    void theHealthCheckProbesTheManagementPortOfTheDefaultCommand() {
        List<String> check = image.last("HEALTHCHECK").orElseThrow().execForm();
        CommandSpec parsed = DeployFiles.parse(Invocation.dockerfile().args(), Map.of());
        assertThat(check).containsExactly(DeployFiles.IMAGE_BIN + "health",
                String.valueOf(DeployFiles.value(parsed, "--management-port")), "/health/live");
        assertThat(image.last("HEALTHCHECK").orElseThrow().arguments()).contains("--start-period=");
    }

    @Test
    void theContextLeavesOutDataKeysSecretsBuildOutputAndTests() throws IOException {
        DockerIgnore ignore = DockerIgnore.read(DeployFiles.ROOT.resolve(".dockerignore"));
        for (String path : List.of("data/db/bridgeway.mv.db", "data/keys/audit-signing.ed25519", "gateway/target/x.jar",
                "adapters/target/classes/A.class", "certs-dev/out/gateway-server.p12", "certs-dev/out/root-ca.pem",
                "gateway/src/test/resources/fixture.json", "adapters/src/test/java/ATest.java",
                "gateway/devtools/src/main/java/org/bridgeway/dev/pki/DevelopmentPki.java", "docker/.env",
                "docker/secrets/gateway-server.p12", "docker/secrets/keys/locator-match.key", ".git/HEAD",
                "gateway/src/main/resources/stray.p12", "policies/partner.key", "routes/x.pem", "samples/x.csv",
                "policies/.env", "docker/compose.yaml", "gateway/keys/audit-signing.ed25519")) {
            assertThat(ignore.excludes(path)).as(path + " is left out of the build context").isTrue();
        }
        // what the build needs stays in: every source of the modules it builds, the routes, policies and scripts
        List<String> needed = new ArrayList<>(List.of("pom.xml", "adapters/pom.xml", "gateway/pom.xml",
                "gateway/verifier/pom.xml", "gateway/devtools/pom.xml", "docker/bin/health", "docker/bin/copy-keys"));
        for (String tree : List.of("adapters/src/main", "gateway/src/main", "gateway/verifier/src/main", "routes",
                "policies")) {
            try (Stream<Path> files = Files.walk(DeployFiles.ROOT.resolve(tree))) {
                files.filter(Files::isRegularFile).forEach(f -> needed.add(DeployFiles.ROOT.relativize(f).toString()));
            }
        }
        assertThat(needed).hasSizeGreaterThan(100);
        assertThat(needed).allSatisfy(path -> assertThat(ignore.excludes(path)).as(path + " is in the context")
                .isFalse());
        for (Dockerfile.Stage stage : dockerfile.stages()) {
            for (Dockerfile.Copy copy : stage.copies()) {
                if (copy.from().isEmpty()) {
                    copy.sources().forEach(s -> {
                        assertThat(DeployFiles.ROOT.resolve(s)).as("COPY " + s).exists();
                        assertThat(ignore.excludes(s)).as("COPY " + s + " is in the context").isFalse();
                    });
                }
            }
        }
    }

    @Test
    void healthAnswersByTheStatusOfTheManagementPort() throws Exception {
        AtomicInteger status = new AtomicInteger(200);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health/ready", exchange -> {
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/health/live", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            String port = String.valueOf(server.getAddress().getPort());
            assertThat(run("health", port, "/health/ready")).isZero();
            assertThat(run("health", port)).as("/health/live by default").isZero();
            status.set(503);
            assertThat(run("health", port, "/health/ready")).isEqualTo(1);
        } finally {
            server.stop(0);
        }
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        assertThat(run("health", String.valueOf(closed), "/health/live")).isEqualTo(1);
    }

    @Test
    void copyKeysRefusesAnIncompleteSetAndCopiesAWholeOneOwnerOnly(@TempDir Path dir) throws Exception {
        Path from = Files.createDirectories(dir.resolve("secret"));
        Path to = dir.resolve("keys");
        List<String> keys = DeployFiles.sharedKeys();
        for (String key : keys.subList(0, keys.size() - 1)) {
            Files.writeString(from.resolve(key), "00ff" + key.hashCode());
        }
        Result incomplete = runWithOutput("copy-keys", from.toString(), to.toString());
        assertThat(incomplete.exit()).isEqualTo(1);
        assertThat(incomplete.output()).contains(keys.get(keys.size() - 1));
        assertThat(to).doesNotExist();
        Files.writeString(from.resolve(keys.get(keys.size() - 1)), "00ee");
        assertThat(runWithOutput("copy-keys", from.toString(), to.toString()).exit()).isZero();
        for (String key : keys) {
            assertThat(to.resolve(key)).hasSameTextualContentAs(from.resolve(key));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(to.resolve(key))))
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void theSharedKeysAreWhatAGatewayKeepsInItsKeysFolder(@TempDir Path data) throws Exception {
        try (GatewayFixture ignored = GatewayFixture.start(data)) {
            // started: it has made every key it uses
        }
        List<String> made;
        try (Stream<Path> files = Files.list(data.resolve("keys"))) {
            made = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        List<String> expected = new ArrayList<>(DeployFiles.sharedKeys());
        expected.add("audit-signing.ed25519.pub"); // written again from the private key on every start
        assertThat(made).containsExactlyInAnyOrderElementsOf(expected);
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private record Result(int exit, String output) {
    }

    private static int run(String script, String... args) throws Exception {
        return runWithOutput(script, args).exit();
    }

    private static Result runWithOutput(String script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", DeployFiles.DOCKER.resolve("bin").resolve(script)
                .toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(script + " did not finish within 20 s");
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8));
    }

    /**
     * .dockerignore as Docker applies it: patterns cleaned, ** for any number of folders, * and ? within one; a
     * pattern that matches a folder leaves out what is in it; the last pattern that matches decides, ! keeps.
     */
    record DockerIgnore(List<Rule> rules) {
        record Rule(Pattern pattern, boolean keep) {
        }

        static DockerIgnore read(Path file) {
            List<Rule> rules = new ArrayList<>();
            for (String line : DeployFiles.read(file).split("\n")) {
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                boolean keep = text.startsWith("!");
                String pattern = (keep ? text.substring(1) : text).strip().replaceAll("^/+|/+$", "");
                rules.add(new Rule(Pattern.compile(regex(pattern)), keep));
            }
            return new DockerIgnore(rules);
        }

        private static String regex(String glob) {
            StringBuilder re = new StringBuilder();
            for (int i = 0; i < glob.length(); i++) {
                char c = glob.charAt(i);
                if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    boolean slash = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
                    re.append(slash ? "(?:.*/)?" : ".*");
                    i += slash ? 2 : 1;
                } else if (c == '*') {
                    re.append("[^/]*");
                } else if (c == '?') {
                    re.append("[^/]");
                } else {
                    re.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return re.toString();
        }

        boolean excludes(String path) {
            boolean excluded = false;
            for (Rule rule : rules) {
                if (matchesOrParent(rule.pattern(), path)) {
                    excluded = !rule.keep();
                }
            }
            return excluded;
        }

        private static boolean matchesOrParent(Pattern pattern, String path) {
            String[] parts = path.split("/");
            StringBuilder prefix = new StringBuilder();
            for (String part : parts) {
                prefix.append(prefix.length() == 0 ? "" : "/").append(part);
                if (pattern.matcher(prefix).matches()) {
                    return true;
                }
            }
            return false;
        }
    }
}
