package org.bridgeway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;

/**
 * docker/compose.yaml: valid Compose, every long-running service health-checked and started only once what it needs
 * is healthy (or, for the one-shot steps, done), no secret in the file, and its services, ports and paths agree with
 * each other and with the gateway's command lines (DeployCommandLinesTest checks the command lines themselves).
 */
class DeployComposeTest {
    private static final Pattern CONDITION = Pattern.compile("service_healthy|service_completed_successfully");

    private final JsonNode compose = DeployFiles.compose();
    private final JsonNode services = compose.path("services");

    @Test
    void conformsToTheComposeSpecification() throws Exception {
        Set<ValidationMessage> problems = schema().validate(compose);
        assertThat(problems).as("docker/compose.yaml against the Compose Specification's schema").isEmpty();
    }

    @Test
    void theSchemaCheckRefusesWhatComposeWouldRefuse() throws Exception {
        ObjectNode broken = compose.deepCopy();
        ((ObjectNode) broken.path("services").path("gateway-a").path("healthcheck")).put("intervall", "10s");
        ((ObjectNode) broken.path("services").path("postgres")).put("restart_policy", "always");
        assertThat(schema().validate(broken)).extracting(ValidationMessage::getMessage)
                .anyMatch(m -> m.contains("intervall")).anyMatch(m -> m.contains("restart_policy"));
    }

    @Test
    void everyVariableIsInTheEnvExampleAndTheStartStopsWithoutTheRequiredOnes() {
        Map<String, DeployFiles.Variable> used = DeployFiles.composeVariables();
        Map<String, String> example = DeployFiles.envExample();
        assertThat(example.keySet()).as("docker/.env.example lists every variable compose.yaml uses")
                .containsAll(used.keySet());
        Map<String, String> withoutOne = new HashMap<>(DeployFiles.exampleEnvironment());
        withoutOne.remove("BRIDGEWAY_BROKER_PASSWORD");
        assertThatThrownBy(() -> DeployFiles.interpolate(DeployFiles.composeRaw(), withoutOne))
                .hasMessageContaining("BRIDGEWAY_BROKER_PASSWORD");
    }

    @Test
    void noSecretIsInTheFileNorInTheEnvExample() {
        JsonNode raw = DeployFiles.composeRaw();
        Pattern reference = Pattern.compile("\\$\\{[A-Z][A-Z0-9_]*:\\?[^}]*}");
        List<String> problems = new ArrayList<>();
        raw.path("services").fields().forEachRemaining(service ->
                service.getValue().path("environment").fields().forEachRemaining(variable -> {
                    if (DeployFiles.secretName(variable.getKey())
                            && !reference.matcher(variable.getValue().asText()).matches()) {
                        problems.add(service.getKey() + " " + variable.getKey() + " is not a required ${VAR:?} "
                                + "from docker/.env");
                    }
                }));
        DeployFiles.composeVariables().values().forEach(v -> {
            if (DeployFiles.secretName(v.name()) && v.defaultValue() != null) {
                problems.add("${" + v.name() + "} has a default value in the file");
            }
        });
        DeployFiles.envExample().forEach((name, value) -> {
            if (DeployFiles.secretName(name) && !value.isEmpty()) {
                problems.add("docker/.env.example gives " + name + " a value");
            }
        });
        String text = DeployFiles.read(DeployFiles.COMPOSE);
        // a PEM block, or a long run of base64 mixing digits and both cases (a key; paths and names are not that)
        Pattern base64 = Pattern.compile("(?=[A-Za-z0-9+/]*[0-9])(?=[A-Za-z0-9+/]*[a-z])(?=[A-Za-z0-9+/]*[A-Z])"
                + "[A-Za-z0-9+/]{40,}={0,2}");
        assertThat(base64.matcher("kQ3vX9bLw2YpZt7RcN4uHs8aJf6eGd1mVo5iTq0yB").find()).isTrue();
        if (text.contains("-----BEGIN") || base64.matcher(text).find()) {
            problems.add("compose.yaml holds key material");
        }
        assertThat(problems).isEmpty();
        // the check would see one
        assertThat(reference.matcher("hunter2").matches()).isFalse();
        assertThat(DeployFiles.secretName("KC_DB_PASSWORD")).isTrue();
        assertThat(DeployFiles.secretName("BW_CONSOLE_CLIENT_SECRET")).isTrue();
    }

    @Test
    void everyLongRunningServiceHasAHealthCheckAndOneShotsAreAwaitedToCompletion() {
        Map<String, String> awaitedAs = new LinkedHashMap<>();
        services.fields().forEachRemaining(s -> s.getValue().path("depends_on").fields().forEachRemaining(d ->
                awaitedAs.merge(d.getKey(), d.getValue().path("condition").asText(), (a, b) -> a.equals(b) ? a : "both")));
        List<String> problems = new ArrayList<>();
        for (String name : DeployFiles.fieldNames(services)) {
            JsonNode service = services.get(name);
            boolean oneShot = service.path("restart").asText().equals("no");
            JsonNode check = service.path("healthcheck");
            if (oneShot) {
                if (!check.path("disable").asBoolean(false)) {
                    problems.add(name + " runs once, but would be checked as the image checks a gateway");
                }
                if (!"service_completed_successfully".equals(awaitedAs.get(name))) {
                    problems.add(name + " runs once, but no service waits for it to complete successfully");
                }
                continue;
            }
            if (check.isMissingNode() || check.path("disable").asBoolean(false)
                    || DeployFiles.strings(check.get("test")).size() < 2) {
                problems.add(name + " has no health check");
            }
        }
        assertThat(problems).isEmpty();
        assertThat(DeployFiles.fieldNames(services)).contains("postgres", "keycloak", "opa", "opa-bundle",
                "artemis-primary", "artemis-backup", "gateway-a", "gateway-b", "lb", "keys-init");
    }

    @Test
    void dependenciesWaitOnConditionsThatCanBeMet() {
        List<String> problems = new ArrayList<>();
        for (String name : DeployFiles.fieldNames(services)) {
            JsonNode dependsOn = services.get(name).path("depends_on");
            if (dependsOn.isArray()) {
                problems.add(name + ": depends_on as a list only waits for the start");
                continue;
            }
            dependsOn.fields().forEachRemaining(d -> {
                String condition = d.getValue().path("condition").asText();
                JsonNode target = services.path(d.getKey());
                if (target.isMissingNode()) {
                    problems.add(name + " depends on " + d.getKey() + ", no such service");
                } else if (!CONDITION.matcher(condition).matches()) {
                    problems.add(name + " waits for " + d.getKey() + " without a health or completion condition");
                } else if (condition.equals("service_healthy") && target.path("healthcheck").isMissingNode()) {
                    problems.add(name + " waits for " + d.getKey() + " to be healthy, which has no health check");
                } else if (condition.equals("service_completed_successfully")
                        && !target.path("restart").asText().equals("no")) {
                    problems.add(name + " waits for " + d.getKey() + " to complete, which restarts");
                }
            });
        }
        assertThat(problems).isEmpty();
        assertThat(cycle()).as("a dependency cycle").isEmpty();
        for (String node : serveServices()) {
            assertThat(conditions(node)).as(node).containsEntry("postgres", "service_healthy")
                    .containsEntry("keycloak", "service_healthy").containsEntry("opa", "service_healthy")
                    .containsEntry("artemis-primary", "service_healthy")
                    .containsEntry("artemis-backup", "service_healthy")
                    .containsEntry("keys-init", "service_completed_successfully");
        }
        assertThat(conditions("keycloak")).containsEntry("postgres", "service_healthy");
        assertThat(conditions("artemis-backup")).containsEntry("artemis-primary", "service_healthy");
        Map<String, String> lb = new LinkedHashMap<>();
        serveServices().forEach(n -> lb.put(n, "service_healthy"));
        assertThat(conditions("lb")).isEqualTo(lb);
    }

    @Test
    void opaStartsOnlyOnTheBundleThePoliciesMakeAndIsHealthyOnlyWhileServingIt() {
        JsonNode opa = services.path("opa");
        List<String> command = DeployFiles.strings(opa.get("command"));
        String bundlePath = DeployFiles.argument(command, "--bundle");
        String volume = volumeAt(opa, bundlePath);
        assertThat(volume).as("OPA's --bundle is a named volume").isNotNull();
        String writer = conditions("opa").entrySet().stream()
                .filter(e -> e.getValue().equals("service_completed_successfully")).map(Map.Entry::getKey)
                .findFirst().orElseThrow(() -> new AssertionError("OPA waits for no one-shot to write its bundle"));
        JsonNode bundleStep = services.path(writer);
        List<String> args = DeployFiles.strings(bundleStep.get("command"));
        assertThat(args.subList(0, 2)).containsExactly("policy", "bundle");
        assertThat(volumeAt(bundleStep, DeployFiles.argument(args, "--out"))).isEqualTo(volume);
        assertThat(Invocation.runsBridgewayImage(bundleStep)).isTrue();
        String check = String.join(" ", DeployFiles.strings(opa.path("healthcheck").get("test")));
        assertThat(check).contains("/opa eval --fail").contains("/v1/data/bridgeway/revision")
                .contains("startswith(r.body.result, \"sha256:\")");
        assertThat(DeployFiles.strings(opa.get("volumes"))).contains("./opa/config.yaml:"
                + DeployFiles.argument(command, "--config-file") + ":ro");
    }

    @Test
    void healthChecksProbeTheManagementPortsTheCommandLinesOpen() {
        for (Invocation invocation : Invocation.compose()) {
            if (!invocation.bridgewayCommand() || invocation.subcommand().name().equals("policy bundle")) {
                continue;
            }
            String name = invocation.origin().replace("compose service ", "");
            CommandSpec parsed = DeployFiles.parse(invocation.args(), Map.of());
            List<String> test = DeployFiles.strings(services.path(name).path("healthcheck").get("test"));
            assertThat(test).as(name).containsExactly("CMD", DeployFiles.IMAGE_BIN + "health",
                    String.valueOf(DeployFiles.value(parsed, "--management-port")), "/health/ready");
            assertThat(DeployFiles.value(parsed, "--management-host")).as(name + ": health checks come over loopback")
                    .isIn("0.0.0.0", "127.0.0.1");
        }
    }

    @Test
    void theGatewayNodesFindTheirServicesWhereTheServicesListen() {
        Map<String, Integer> brokers = new LinkedHashMap<>();
        for (Invocation invocation : Invocation.compose()) {
            if (invocation.bridgewayCommand() && invocation.subcommand().name().equals("broker")) {
                String name = invocation.origin().replace("compose service ", "");
                CommandSpec parsed = DeployFiles.parse(invocation.args(), Map.of());
                int port = Integer.parseInt(String.valueOf(DeployFiles.value(parsed, "--bind")).split(":")[1]);
                brokers.put(name, port);
                assertThat(DeployFiles.value(parsed, "--advertise")).isEqualTo(name + ":" + port);
            }
        }
        assertThat(brokers).hasSize(2);
        for (Invocation invocation : Invocation.compose()) {
            if (!invocation.bridgewayCommand()) {
                continue;
            }
            CommandSpec parsed = DeployFiles.parse(invocation.args(), Map.of());
            if (invocation.subcommand().name().equals("broker")) {
                String peer = String.valueOf(DeployFiles.value(parsed, "--peer"));
                assertThat(brokers.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())).contains(peer);
            }
            if (invocation.subcommand().name().equals("serve")) {
                String brokerUrl = String.valueOf(DeployFiles.value(parsed, "--broker-url"));
                assertThat(DeployFiles.hostPorts(brokerUrl)).as("--broker-url names both brokers")
                        .containsExactlyInAnyOrderElementsOf(brokers.entrySet().stream()
                                .map(e -> e.getKey() + ":" + e.getValue()).toList());
                assertThat(brokerUrl).endsWith("?ha=true");
                String opa = DeployFiles.hostPorts(String.valueOf(DeployFiles.value(parsed, "--opa-url"))).get(0);
                assertThat(opa).isEqualTo("opa:" + DeployFiles.strings(services.path("opa").get("command"))
                        .get(DeployFiles.strings(services.path("opa").get("command")).indexOf("--addr") + 1)
                        .replace(":", ""));
                assertThat(DeployFiles.hostPorts(String.valueOf(DeployFiles.value(parsed, "--database-url"))))
                        .containsExactly("postgres:5432");
                assertThat(String.valueOf(DeployFiles.value(parsed, "--token-jwks")))
                        .startsWith("https://keycloak:" + services.path("keycloak").path("environment")
                                .path("KC_HTTPS_PORT").asText() + "/realms/bridgeway/");
                assertThat(String.valueOf(DeployFiles.value(parsed, "--token-issuer")))
                        .isEqualTo(services.path("keycloak").path("environment").path("KC_HOSTNAME").asText()
                                + "/realms/bridgeway");
            }
        }
    }

    @Test
    void theDatabasesTheInitScriptMakesAreTheOnesTheirUsersLogInTo() {
        String init = DeployFiles.read(DeployFiles.DOCKER.resolve("postgres/init-databases.sh"));
        Map<String, String> owners = new LinkedHashMap<>();
        Matcher m = Pattern.compile("CREATE DATABASE (\\w+) OWNER (\\w+);").matcher(init);
        while (m.find()) {
            owners.put(m.group(1), m.group(2));
        }
        for (Invocation invocation : Invocation.compose()) {
            if (invocation.bridgewayCommand() && invocation.subcommand().name().equals("serve")) {
                CommandSpec parsed = DeployFiles.parse(invocation.args(), Map.of());
                String database = String.valueOf(DeployFiles.value(parsed, "--database-url")).replaceAll(".*/", "");
                assertThat(owners).containsEntry(database, String.valueOf(DeployFiles.value(parsed, "--database-user")));
            }
        }
        JsonNode keycloak = services.path("keycloak").path("environment");
        assertThat(owners).containsEntry(keycloak.path("KC_DB_URL").asText().replaceAll(".*/", ""),
                keycloak.path("KC_DB_USERNAME").asText());
        assertThat(DeployFiles.strings(services.path("postgres").get("volumes")))
                .contains("./postgres/init-databases.sh:/docker-entrypoint-initdb.d/10-bridgeway.sh:ro");
        assertThat(String.join(" ", DeployFiles.strings(services.path("postgres").path("healthcheck").get("test"))))
                .startsWith("CMD pg_isready -h 127.0.0.1");
    }

    @Test
    void keycloakRunsTheRealmOnPostgresWithEveryPlaceholderFilled() {
        JsonNode keycloak = services.path("keycloak");
        assertThat(DeployFiles.strings(keycloak.get("command"))).containsExactly("start", "--import-realm");
        assertThat(keycloak.path("image").asText()).as("the Keycloak the build and tests use (pom.xml)")
                .isEqualTo("quay.io/keycloak/keycloak:" + pomProperty("keycloak.version"));
        JsonNode env = keycloak.path("environment");
        assertThat(env.path("KC_DB").asText()).isEqualTo("postgres");
        assertThat(env.path("KC_HEALTH_ENABLED").asText()).isEqualTo("true");
        assertThat(DeployFiles.strings(keycloak.get("volumes")))
                .contains("./keycloak/bridgeway-realm.json:/opt/keycloak/data/import/bridgeway-realm.json:ro");
        Set<String> placeholders = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{(BW_[A-Z_]+)}")
                .matcher(DeployFiles.read(DeployFiles.DOCKER.resolve("keycloak/bridgeway-realm.json")));
        while (m.find()) {
            placeholders.add(m.group(1));
        }
        assertThat(placeholders).hasSizeGreaterThan(10);
        Map<String, DeployFiles.Variable> variables = DeployFiles.composeVariables();
        JsonNode rawEnv = DeployFiles.composeRaw().path("services").path("keycloak").path("environment");
        for (String placeholder : placeholders) {
            // an unfilled placeholder would be imported as the literal password "${BW_...}"
            assertThat(rawEnv.path(placeholder).asText()).as(placeholder).startsWith("${" + placeholder + ":?");
            assertThat(variables.get(placeholder).required()).isTrue();
        }
        String check = String.join(" ", DeployFiles.strings(keycloak.path("healthcheck").get("test")));
        assertThat(check).contains("/dev/tcp/127.0.0.1/9000").contains("/health/ready");
        assertThat(env.path("KC_HTTP_MANAGEMENT_SCHEME").asText()).isEqualTo("http");
    }

    @Test
    void secretsAreFilesOutsideGitAndEveryPathTheNodesReadIsOne() {
        JsonNode secrets = compose.path("secrets");
        for (String name : DeployFiles.fieldNames(secrets)) {
            assertThat(secrets.get(name).path("file").asText()).as(name).startsWith("./secrets/");
        }
        assertThat(DeployFiles.read(DeployFiles.ROOT.resolve(".gitignore"))).contains("docker/secrets/", "docker/.env");
        Set<String> used = new LinkedHashSet<>();
        for (String name : DeployFiles.fieldNames(services)) {
            for (JsonNode grant : services.get(name).path("secrets")) {
                used.add(grant.isTextual() ? grant.asText() : grant.path("source").asText());
            }
        }
        assertThat(used).containsExactlyInAnyOrderElementsOf(DeployFiles.fieldNames(secrets));
        for (Invocation invocation : Invocation.compose()) {
            if (!invocation.bridgewayCommand() || !invocation.subcommand().name().equals("serve")) {
                continue;
            }
            String name = invocation.origin().replace("compose service ", "");
            Set<String> granted = new TreeSet<>();
            services.path(name).path("secrets").forEach(g -> granted.add("/run/secrets/" + g.asText()));
            for (String option : List.of("--tls-key-store", "--tls-trust-anchor", "--tls-intermediate", "--tls-crl",
                    "--token-trust")) {
                assertThat(DeployFiles.argument(invocation.args(), option)).as(name + " " + option).isIn(granted);
            }
        }
    }

    @Test
    void everyNodeReadsTheSharedKeysTheOneShotCopiesFromTheSecrets() {
        JsonNode keysInit = services.path("keys-init");
        List<String> copy = DeployFiles.strings(keysInit.get("command"));
        assertThat(DeployFiles.strings(keysInit.get("entrypoint"))).containsExactly(DeployFiles.IMAGE_BIN + "copy-keys");
        List<String> targets = new ArrayList<>();
        for (JsonNode grant : keysInit.path("secrets")) {
            targets.add(grant.path("target").asText());
        }
        assertThat(targets).containsExactlyInAnyOrderElementsOf(
                DeployFiles.sharedKeys().stream().map(k -> copy.get(0) + "/" + k).toList());
        String keysVolume = volumeAt(keysInit, copy.get(1));
        for (Invocation invocation : Invocation.compose()) {
            if (invocation.bridgewayCommand() && invocation.subcommand().name().equals("serve")) {
                String name = invocation.origin().replace("compose service ", "");
                assertThat(volumeAt(services.path(name), DeployFiles.argument(invocation.args(), "--keys")))
                        .as(name + " --keys").isEqualTo(keysVolume);
                assertThat(volumeAt(services.path(name), DeployFiles.argument(invocation.args(), "--data")))
                        .as(name + " --data: a volume of its own").isEqualTo(name + "-data");
            }
        }
    }

    @Test
    void theLoadBalancerPassesTlsThroughToTheReadyNodes() {
        JsonNode lb = services.path("lb");
        assertThat(DeployFiles.strings(lb.get("volumes")))
                .contains("./haproxy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro");
        Map<String, List<String>> sections = haproxySections();
        List<String> defaults = sections.get("defaults");
        assertThat(defaults).contains("mode tcp");
        List<String> frontend = sections.get("frontend bridgeway_api");
        String bind = frontend.stream().filter(l -> l.startsWith("bind ")).findFirst().orElseThrow();
        assertThat(bind).doesNotContain("ssl").doesNotContain("crt");
        String listenPort = bind.replaceAll(".*:(\\d+).*", "$1");
        assertThat(DeployFiles.strings(lb.get("ports"))).anyMatch(p -> p.endsWith(":" + listenPort));
        List<String> backend = sections.get("backend gateways");
        assertThat(backend).doesNotContain("mode http").contains("option httpchk");
        assertThat(backend).anyMatch(l -> l.startsWith("http-check send meth GET uri /health/ready"));
        Map<String, String> servers = new LinkedHashMap<>();
        backend.stream().filter(l -> l.startsWith("server ")).forEach(l -> {
            String[] words = l.split("\\s+");
            servers.put(words[1], words[2]);
            assertThat(l).doesNotContain(" ssl").doesNotContain("send-proxy");
        });
        String checkPort = backend.stream().filter(l -> l.startsWith("default-server ")).findFirst().orElseThrow()
                .replaceAll(".* check port (\\d+).*", "$1");
        Map<String, String> expected = new LinkedHashMap<>();
        for (Invocation invocation : Invocation.compose()) {
            if (invocation.bridgewayCommand() && invocation.subcommand().name().equals("serve")) {
                String name = invocation.origin().replace("compose service ", "");
                CommandSpec parsed = DeployFiles.parse(invocation.args(), Map.of());
                expected.put(name, name + ":" + DeployFiles.value(parsed, "--port"));
                assertThat(checkPort).isEqualTo(String.valueOf(DeployFiles.value(parsed, "--management-port")));
            }
        }
        assertThat(servers).isEqualTo(expected);
        String monitor = sections.get("frontend health").stream().filter(l -> l.startsWith("monitor-uri "))
                .findFirst().orElseThrow().split("\\s+")[1];
        assertThat(DeployFiles.strings(lb.path("healthcheck").get("test"))).last().asString().endsWith(monitor);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static JsonSchema schema() throws Exception {
        try (InputStream in = DeployComposeTest.class.getResourceAsStream("compose-spec.json")) {
            // the schema marks durations format "duration" (ISO 8601) while Compose takes Go durations ("10s"):
            // formats are annotations here, as draft 2019-09 has them by default
            // and its draft-04 style "id" annotations (names of its parts, validating nothing) are left out, as
            // draft 2019-09 validators know only $id
            JsonNode schema = DeployFiles.JSON.readTree(in);
            withoutIds(schema);
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V201909).getSchema(schema,
                    SchemaValidatorsConfig.builder().formatAssertionsEnabled(false).build());
        }
    }

    private static void withoutIds(JsonNode node) {
        if (node.isObject()) {
            JsonNode id = node.get("id");
            if (id != null && id.isTextual()) {
                ((ObjectNode) node).remove("id");
            }
        }
        node.forEach(DeployComposeTest::withoutIds);
    }

    private List<String> serveServices() {
        return Invocation.compose().stream()
                .filter(i -> i.bridgewayCommand() && i.subcommand().name().equals("serve"))
                .map(i -> i.origin().replace("compose service ", "")).toList();
    }

    private Map<String, String> conditions(String service) {
        Map<String, String> conditions = new LinkedHashMap<>();
        services.path(service).path("depends_on").fields().forEachRemaining(d ->
                conditions.put(d.getKey(), d.getValue().path("condition").asText()));
        return conditions;
    }

    private List<String> cycle() {
        List<String> cycle = new ArrayList<>();
        Map<String, Integer> state = new HashMap<>();
        for (String name : DeployFiles.fieldNames(services)) {
            if (visit(name, state, new ArrayList<>(), cycle)) {
                return cycle;
            }
        }
        return cycle;
    }

    private boolean visit(String name, Map<String, Integer> state, List<String> path, List<String> cycle) {
        if (state.getOrDefault(name, 0) == 2) {
            return false;
        }
        path.add(name);
        if (state.getOrDefault(name, 0) == 1) {
            cycle.addAll(path);
            return true;
        }
        state.put(name, 1);
        for (String next : conditions(name).keySet()) {
            if (visit(next, state, path, cycle)) {
                return true;
            }
        }
        state.put(name, 2);
        path.remove(path.size() - 1);
        return false;
    }

    /** The named volume a service mounts at a path (the mount that contains it). */
    private static String volumeAt(JsonNode service, String path) {
        String best = null;
        int bestLength = -1;
        for (String mount : DeployFiles.strings(service.get("volumes"))) {
            String[] parts = mount.split(":");
            if (parts[0].startsWith(".") || parts[0].startsWith("/")) {
                continue; // a bind mount, not a volume
            }
            if ((path + "/").startsWith(parts[1] + "/") && parts[1].length() > bestLength) {
                best = parts[0];
                bestLength = parts[1].length();
            }
        }
        return best;
    }

    /** haproxy.cfg's sections ("frontend bridgeway_api", ...) and their lines, comments dropped. */
    static Map<String, List<String>> haproxySections() {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : DeployFiles.read(DeployFiles.DOCKER.resolve("haproxy/haproxy.cfg")).split("\n")) {
            String text = line.replaceFirst("#.*", "").strip();
            if (text.isEmpty()) {
                continue;
            }
            if (!Character.isWhitespace(line.charAt(0))) {
                current = new ArrayList<>();
                sections.put(text, current);
            } else if (current != null) {
                current.add(text.replaceAll("\\s+", " "));
            }
        }
        return sections;
    }

    static String pomProperty(String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(
                DeployFiles.read(DeployFiles.ROOT.resolve("pom.xml")));
        if (!m.find()) {
            throw new AssertionError("no property " + name + " in pom.xml");
        }
        return m.group(1).trim();
    }
}
