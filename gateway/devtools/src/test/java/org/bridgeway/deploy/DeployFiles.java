package org.bridgeway.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bridgeway.cli.BridgewayCommand;
import org.bridgeway.cli.CommandFailures;
import org.bridgeway.cli.ConfigurationDefaults;
import org.bridgeway.delivery.BrokerCredentials;
import org.bridgeway.delivery.BrokerTls;
import org.bridgeway.gateway.GatewayConfig;
import org.bridgeway.store.DatabasePassword;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Reads the deployment artifacts under docker/ (and the project's .dockerignore) the way their tools would, and the
 * gateway's real command line, for the Deploy*Test classes.
 */
final class DeployFiles {
    static final Path ROOT = GatewayConfig.locateProjectRoot();
    static final Path DOCKER = ROOT.resolve("docker");
    static final Path COMPOSE = DOCKER.resolve("compose.yaml");
    static final Path ENV_EXAMPLE = DOCKER.resolve(".env.example");
    static final Path DOCKERFILE = DOCKER.resolve("Dockerfile");
    static final Path K8S = DOCKER.resolve("k8s");
    static final ObjectMapper JSON = new ObjectMapper();

    /** The image every Bridgeway container runs: compose's default, and the name the Kubernetes manifests use. */
    static final String COMPOSE_IMAGE = "bridgeway-gateway:local";
    static final String K8S_IMAGE = "bridgeway-gateway";

    /** Where the image puts bin/ scripts (Dockerfile: COPY docker/bin/... /opt/bridgeway/bin/). */
    static final String IMAGE_BIN = "/opt/bridgeway/bin/";

    private DeployFiles() {
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** YAML as its consumers read it (merge keys and anchors resolved, as compose does), as JSON. */
    static JsonNode yaml(String text) {
        return JSON.valueToTree(new Yaml(new SafeConstructor(new LoaderOptions())).load(text));
    }

    static List<JsonNode> yamlDocuments(Path file) {
        List<JsonNode> documents = new ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(read(file))) {
            if (document != null) {
                documents.add(JSON.valueToTree(document));
            }
        }
        return documents;
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(v -> values.add(v.asText()));
        }
        return values;
    }

    static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        if (object != null) {
            object.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    // ---- compose's variable substitution ------------------------------------------------------------------------

    /** ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error}, $NAME, and $$ for a dollar. */
    static final Pattern VARIABLE = Pattern.compile(
            "\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    /** A variable the compose file uses: whether it must be set (:? or ?) and its default if it has one. */
    record Variable(String name, boolean required, String defaultValue) {
    }

    static Map<String, Variable> variables(String text) {
        Map<String, Variable> found = new LinkedHashMap<>();
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(4);
            if (name == null) {
                continue;
            }
            String op = m.group(2);
            boolean required = op != null && op.endsWith("?");
            String defaultValue = op != null && op.endsWith("-") ? m.group(3) : null;
            found.merge(name, new Variable(name, required, defaultValue),
                    (a, b) -> new Variable(name, a.required() || b.required(),
                            a.defaultValue() != null ? a.defaultValue() : b.defaultValue()));
        }
        return found;
    }

    /** The .env.example file: every variable, its value as written (empty for those the operator must fill in). */
    static Map<String, String> envExample() {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : read(ENV_EXAMPLE).split("\n")) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            values.put(trimmed.substring(0, eq).trim(), trimmed.substring(eq + 1).trim());
        }
        return values;
    }

    /** The environment a filled-in docker/.env gives: .env.example's values, an example for each left empty. */
    static Map<String, String> exampleEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        envExample().forEach((name, value) -> env.put(name, value.isEmpty() ? "example-" + name.toLowerCase() : value));
        env.put("BRIDGEWAY_OPERATOR", "local-authority:886");
        return env;
    }

    static String interpolate(String text, Map<String, String> env) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) {
                replacement = "$";
            } else {
                String name = m.group(1) != null ? m.group(1) : m.group(4);
                String value = env.get(name);
                String op = m.group(2);
                boolean unsetOrEmpty = value == null || value.isEmpty();
                if (op == null) {
                    replacement = value == null ? "" : value;
                } else if (op.equals(":-")) {
                    replacement = unsetOrEmpty ? m.group(3) : value;
                } else if (op.equals("-")) {
                    replacement = value == null ? m.group(3) : value;
                } else if (op.equals(":?") ? unsetOrEmpty : value == null) {
                    throw new IllegalStateException("required variable " + name + " unset: " + m.group(3));
                } else {
                    replacement = value;
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Interpolates every string value of a parsed document (compose interpolates values, never keys). */
    static JsonNode interpolate(JsonNode node, Map<String, String> env) {
        if (node.isTextual()) {
            return TextNode.valueOf(interpolate(node.asText(), env));
        }
        if (node.isArray()) {
            ArrayNode copy = JSON.createArrayNode();
            node.forEach(item -> copy.add(interpolate(item, env)));
            return copy;
        }
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                copy.set(field.getKey(), interpolate(field.getValue(), env));
            }
            return copy;
        }
        return node;
    }

    /** docker/compose.yaml as `docker compose config` sees it with a filled-in docker/.env. */
    static JsonNode compose() {
        return interpolate(yaml(read(COMPOSE)), exampleEnvironment());
    }

    /** compose.yaml before substitution, where a literal would be a literal. */
    static JsonNode composeRaw() {
        return yaml(read(COMPOSE));
    }

    /** The variables compose.yaml's values use (comments are not interpolated, so they do not count). */
    static Map<String, Variable> composeVariables() {
        List<String> values = new ArrayList<>();
        collectText(composeRaw(), values);
        return variables(String.join("\n", values));
    }

    private static void collectText(JsonNode node, List<String> into) {
        if (node.isTextual()) {
            into.add(node.asText());
        }
        node.forEach(child -> collectText(child, into));
    }

    // ---- the gateway's command line ----------------------------------------------------------------------------

    /**
     * The production command line, {@code serve}'s defaults from the given environment and no other (not the test
     * JVM's, which may hold BRIDGEWAY_* variables of its own).
     */
    static CommandLine commandLine(Map<String, String> environment) {
        CommandLine cli = BridgewayCommand.commandLine(Optional.empty());
        cli.getSubcommands().get("serve").setDefaultValueProvider(new ConfigurationDefaults(environment::get));
        return cli;
    }

    /** The subcommand an argument list runs (serve, broker, policy bundle, ...), and the arguments after it. */
    record Subcommand(CommandLine command, List<String> arguments) {
        CommandSpec spec() {
            return command.getCommandSpec();
        }

        String name() {
            return spec().qualifiedName(" ").replaceFirst("^bridgeway ", "");
        }
    }

    static Subcommand subcommand(List<String> args) {
        CommandLine command = commandLine(Map.of());
        int i = 0;
        while (i < args.size() && command.getSubcommands().containsKey(args.get(i))) {
            command = command.getSubcommands().get(args.get(i));
            i++;
        }
        return new Subcommand(command, args.subList(i, args.size()));
    }

    /** The names of --options an argument list gives (values skipped by each option's arity), and stray words. */
    static List<String> givenOptions(Subcommand sub, List<String> problems) {
        List<String> given = new ArrayList<>();
        List<String> args = sub.arguments();
        for (int i = 0; i < args.size(); i++) {
            String token = args.get(i);
            if (!token.startsWith("-")) {
                problems.add("'" + token + "' is no option of " + sub.name() + " (it takes no positional argument)");
                continue;
            }
            String name = token.contains("=") ? token.substring(0, token.indexOf('=')) : token;
            given.add(name);
            OptionSpec option = sub.spec().findOption(name);
            if (option == null) {
                problems.add(sub.name() + " has no option " + name);
                if (!token.contains("=") && i + 1 < args.size() && !args.get(i + 1).startsWith("-")) {
                    i++; // its value, whatever it was meant to be
                }
                continue;
            }
            if (!token.contains("=") && option.arity().max() > 0) {
                i++;
            }
        }
        return given;
    }

    /** Parses an argument list as the production jar would and gives the subcommand's spec with its values set. */
    static CommandSpec parse(List<String> args, Map<String, String> environment) {
        CommandLine.ParseResult result = commandLine(environment).parseArgs(args.toArray(String[]::new));
        while (result.hasSubcommand()) {
            result = result.subcommand();
        }
        return result.commandSpec();
    }

    static Object value(CommandSpec spec, String option) {
        OptionSpec found = spec.findOption(option);
        if (found == null) {
            throw new AssertionError(spec.qualifiedName() + " has no option " + option);
        }
        return found.getValue();
    }

    static String argument(List<String> args, String option) {
        int i = args.indexOf(option);
        return i < 0 || i + 1 >= args.size() ? null : args.get(i + 1);
    }

    // ---- the environment variables the gateway reads -------------------------------------------------------------

    /** Read by every command: where routes/ and policies/ are, and the stack-trace switch. */
    static Set<String> commonVariables() {
        String config = read(ROOT.resolve("gateway/src/main/java/org/bridgeway/gateway/GatewayConfig.java"));
        if (!config.contains("System.getenv(\"BRIDGEWAY_HOME\")")) {
            throw new AssertionError("GatewayConfig no longer reads BRIDGEWAY_HOME: the image's ENV needs another look");
        }
        return Set.of("BRIDGEWAY_HOME", CommandFailures.DEBUG_VARIABLE);
    }

    /** The BRIDGEWAY_* variables a subcommand reads, from the code's own constants and serve's option rule. */
    static Set<String> variablesReadBy(Subcommand sub) {
        Set<String> names = new TreeSet<>(commonVariables());
        switch (sub.name()) {
            case "serve" -> {
                for (OptionSpec option : sub.spec().options()) {
                    if (ConfigurationDefaults.configurable(option)) {
                        names.add(ConfigurationDefaults.environmentVariable(option));
                    }
                }
                names.add(ConfigurationDefaults.CONFIG_VARIABLE);
                names.add(DatabasePassword.ENVIRONMENT_VARIABLE);
                names.add(serveConstant("KEY_STORE_PASSWORD_VARIABLE"));
                names.add(serveConstant("CONSOLE_CLIENT_SECRET_VARIABLE"));
                names.add(BrokerCredentials.USER_VARIABLE);
                names.add(BrokerCredentials.PASSWORD_VARIABLE);
            }
            case "broker" -> {
                names.add(BrokerCredentials.USER_VARIABLE);
                names.add(BrokerCredentials.PASSWORD_VARIABLE);
                names.add(BrokerTls.KEY_STORE_PASSWORD_VARIABLE);
            }
            default -> {
                // the other commands take their options from the command line only (docs/configuration.md)
            }
        }
        return names;
    }

    /** A package-private constant of ServeCommand (the key store password's and the console secret's variables). */
    static String serveConstant(String name) {
        try {
            Field field = Class.forName("org.bridgeway.cli.ServeCommand").getDeclaredField(name);
            field.setAccessible(true);
            return (String) field.get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("ServeCommand." + name + ": " + e, e);
        }
    }

    /** The variables a command cannot do without, given what it was told (its parsed options). */
    static Set<String> variablesRequiredBy(Subcommand sub, CommandSpec parsed) {
        Set<String> required = new LinkedHashSet<>();
        if (sub.name().equals("serve")) {
            if (value(parsed, "--database-url") != null) {
                required.add(DatabasePassword.ENVIRONMENT_VARIABLE);
            }
            if (value(parsed, "--tls-key-store") != null) {
                required.add(serveConstant("KEY_STORE_PASSWORD_VARIABLE"));
            }
            if (value(parsed, "--broker-url") != null) {
                required.add(BrokerCredentials.PASSWORD_VARIABLE);
            }
            if (value(parsed, "--console-port") != null) {
                required.add(serveConstant("CONSOLE_CLIENT_SECRET_VARIABLE"));
            }
        }
        if (sub.name().equals("broker")) {
            required.add(BrokerCredentials.PASSWORD_VARIABLE);
        }
        return required;
    }

    /** A name that holds a secret: the gateway's own rule for option names, and the usual words for variables. */
    static boolean secretName(String name) {
        String key = name.toLowerCase().replace('_', '-');
        return ConfigurationDefaults.namesASecret(key) || key.matches(".*(password|passwd|secret|token|credential).*")
                || key.endsWith("-key");
    }

    /** The keys copy-keys copies: what every node of a deployment must share. */
    static List<String> sharedKeys() {
        Matcher m = Pattern.compile("(?s)\\nkeys=\\(([^)]*)\\)").matcher(read(DOCKER.resolve("bin/copy-keys")));
        if (!m.find()) {
            throw new AssertionError("docker/bin/copy-keys has no keys=(...) list");
        }
        return List.of(m.group(1).trim().split("\\s+"));
    }

    /** host:port of a URL-ish string (tcp://h:p, http://h:p/x, jdbc:postgresql://h:p/db, or h:p). */
    static List<String> hostPorts(String value) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile("(?:^|//|[(,])([A-Za-z0-9.-]+):(\\d+)").matcher(value);
        while (m.find()) {
            found.add(m.group(1) + ":" + m.group(2));
        }
        return found;
    }
}
