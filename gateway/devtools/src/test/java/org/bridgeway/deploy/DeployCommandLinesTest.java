package org.bridgeway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The flags test: every command line the deployment artifacts give the Bridgeway image (the Dockerfile's CMD, each
 * compose service, each Kubernetes container) is one the production jar takes. Every --option exists on that
 * subcommand of {@code BridgewayCommand.commandLine(Optional.empty())}; the whole line parses as the jar parses it
 * (required options, value types, serve's --config file); every BRIDGEWAY_* variable given is one the code reads
 * for that subcommand; the secrets a line needs are given; and what runs instead of the jar is a script the image
 * carries.
 */
class DeployCommandLinesTest {
    @TempDir
    Path configCopies;

    @Test
    void theArtifactsRunServeBrokerAndPolicyBundle() {
        List<String> run = Invocation.all(configCopies).stream().filter(Invocation::bridgewayCommand)
                .map(i -> i.subcommand().name()).distinct().sorted().toList();
        assertThat(run).containsExactly("broker", "policy bundle", "serve");
        // both brokers, both gateway nodes, in compose and in Kubernetes
        assertThat(Invocation.compose().stream().filter(Invocation::bridgewayCommand)
                .map(i -> i.subcommand().name())).containsExactlyInAnyOrder("policy bundle", "broker", "broker",
                "serve", "serve");
        assertThat(Invocation.kubernetes(configCopies).stream().filter(Invocation::bridgewayCommand)
                .map(i -> i.subcommand().name())).containsExactlyInAnyOrder("policy bundle", "broker", "broker",
                "serve");
    }

    @Test
    void everyOptionGivenExistsOnItsSubcommand() {
        List<String> problems = new ArrayList<>();
        for (Invocation invocation : Invocation.all(configCopies)) {
            if (!invocation.bridgewayCommand()) {
                continue;
            }
            List<String> found = new ArrayList<>();
            DeployFiles.Subcommand sub = invocation.subcommand();
            List<String> given = DeployFiles.givenOptions(sub, found);
            assertThat(given).as(invocation.origin()).isNotEmpty();
            found.forEach(p -> problems.add(invocation.origin() + ": " + p));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyCommandLineParsesAsTheProductionJarParsesIt() {
        List<String> problems = new ArrayList<>();
        for (Invocation invocation : Invocation.all(configCopies)) {
            if (!invocation.bridgewayCommand()) {
                continue;
            }
            try {
                CommandSpec parsed = DeployFiles.parse(invocation.args(), Map.of());
                assertThat(parsed.name()).isEqualTo(invocation.subcommand().spec().name());
            } catch (CommandLine.ParameterException e) {
                problems.add(invocation.origin() + ": " + e.getMessage());
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theKubernetesConfigFileIsReadAndHoldsOnlyServeOptions() {
        Invocation serve = Invocation.kubernetes(configCopies).stream()
                .filter(i -> i.bridgewayCommand() && i.subcommand().name().equals("serve")).findFirst().orElseThrow();
        assertThat(serve.args()).contains("--config");
        CommandSpec parsed = DeployFiles.parse(serve.args(), Map.of());
        // what only the ConfigMap's gateway.properties gives reaches the command (the file was found and read)
        assertThat(serve.args()).doesNotContain("--broker-url", "--database-url", "--opa-url", "--token-issuer");
        assertThat(DeployFiles.value(parsed, "--broker-url")).asString().startsWith("(tcp://");
        assertThat(DeployFiles.value(parsed, "--database-url")).asString().startsWith("jdbc:postgresql://");
        assertThat(DeployFiles.value(parsed, "--opa-url")).asString().startsWith("http://");
        assertThat(DeployFiles.value(parsed, "--token-issuer")).asString().startsWith("https://");
    }

    @Test
    void everyBridgewayVariableGivenIsOneItsCommandReads() {
        List<String> problems = new ArrayList<>();
        for (Invocation invocation : Invocation.all(configCopies)) {
            if (!invocation.bridgewayCommand()) {
                continue;
            }
            Set<String> read = DeployFiles.variablesReadBy(invocation.subcommand());
            for (String name : invocation.environment().keySet()) {
                if (name.startsWith("BRIDGEWAY_") && !read.contains(name)) {
                    problems.add(invocation.origin() + " sets " + name + ", which "
                            + invocation.subcommand().name() + " never reads");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theVariablesACommandLineNeedsAreGiven() {
        List<String> problems = new ArrayList<>();
        for (Invocation invocation : Invocation.all(configCopies)) {
            if (!invocation.bridgewayCommand() || invocation.origin().startsWith("docker/Dockerfile")) {
                continue; // the image's default command is completed by whoever runs it (docker/README.md)
            }
            CommandSpec parsed = DeployFiles.parse(invocation.args(), Map.of());
            for (String needed : DeployFiles.variablesRequiredBy(invocation.subcommand(), parsed)) {
                if (!invocation.environment().containsKey(needed)) {
                    problems.add(invocation.origin() + " runs " + invocation.subcommand().name() + " without "
                            + needed);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theVariableRulesAreTheCodesOwn() {
        // serve reads an option from BRIDGEWAY_<OPTION>; broker reads no option from the environment
        DeployFiles.Subcommand serve = DeployFiles.subcommand(List.of("serve"));
        DeployFiles.Subcommand broker = DeployFiles.subcommand(List.of("broker"));
        assertThat(DeployFiles.variablesReadBy(serve)).contains("BRIDGEWAY_MANAGEMENT_PORT", "BRIDGEWAY_BROKER_URL",
                "BRIDGEWAY_KEYS", "BRIDGEWAY_DB_PASSWORD", "BRIDGEWAY_TLS_KEY_STORE_PASSWORD", "BRIDGEWAY_HOME");
        assertThat(DeployFiles.variablesReadBy(broker)).contains("BRIDGEWAY_BROKER_PASSWORD")
                .doesNotContain("BRIDGEWAY_MANAGEMENT_PORT", "BRIDGEWAY_DB_PASSWORD");
        // and a made-up option is refused by the same check the artifacts pass
        List<String> problems = new ArrayList<>();
        DeployFiles.givenOptions(DeployFiles.subcommand(List.of("broker", "--management-prot", "9091")), problems);
        assertThat(problems).containsExactly("broker has no option --management-prot");
    }

    @Test
    void whatRunsInsteadOfTheJarIsAScriptTheImageCarries() throws Exception {
        List<String> scripts = new ArrayList<>();
        for (Invocation invocation : Invocation.all(configCopies)) {
            if (invocation.bridgewayCommand()) {
                continue;
            }
            String program = invocation.entrypoint().get(0);
            assertThat(program).as(invocation.origin()).startsWith(DeployFiles.IMAGE_BIN);
            Path script = DeployFiles.DOCKER.resolve("bin").resolve(program.substring(DeployFiles.IMAGE_BIN.length()));
            assertThat(script).as(invocation.origin()).exists();
            assertThat(Files.isExecutable(script)).as(script + " is executable").isTrue();
            if (script.getFileName().toString().equals("copy-keys")) {
                List<String> all = new ArrayList<>(invocation.entrypoint().subList(1, invocation.entrypoint().size()));
                all.addAll(invocation.args());
                assertThat(all).as(invocation.origin() + ": copy-keys FROM TO").hasSize(2);
            }
            scripts.add(script.getFileName().toString());
        }
        assertThat(scripts).contains("copy-keys");
        assertThat(Dockerfile.read().finalStage().copies().stream().flatMap(c -> c.sources().stream()))
                .as("the image copies the scripts it runs").contains("docker/bin/copy-keys", "docker/bin/health");
    }
}
