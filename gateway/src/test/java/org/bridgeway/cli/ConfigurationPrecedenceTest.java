package org.bridgeway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** serve's options: command line over environment over configuration file over built-in default, by one naming rule. */
class ConfigurationPrecedenceTest {
    @TempDir
    Path dir;

    private final Map<String, String> environment = new HashMap<>();

    private ServeCommand parse(String... args) {
        ServeCommand serve = new ServeCommand();
        CommandLine cli = new CommandLine(serve);
        cli.setDefaultValueProvider(new ConfigurationDefaults(environment::get));
        cli.parseArgs(args);
        return serve;
    }

    private Path file(String... lines) throws IOException {
        return Files.write(dir.resolve("bridgeway.properties"), java.util.List.of(lines));
    }

    @Test
    void commandLineWinsOverEnvironmentWhichWinsOverFileWhichWinsOverDefault() throws IOException {
        Path config = file("port = 8443", "host = 0.0.0.0", "operator = local-authority:352");
        environment.put("BRIDGEWAY_HOST", "10.0.0.5");
        environment.put("BRIDGEWAY_OPERATOR", "local-authority:886");

        ServeCommand serve = parse("--config", config.toString(), "--operator", "local-authority:211");

        assertThat(serve.operator).as("command line over environment").isEqualTo("local-authority:211");
        assertThat(serve.host).as("environment over file").isEqualTo("10.0.0.5");
        assertThat(serve.port).as("file over default").isEqualTo(8443);
        assertThat(serve.database.user).as("built-in default").isEqualTo("bridgeway");
    }

    @Test
    void theEnvironmentAloneNamesTheFileAndEveryOptionOfAMixin() throws IOException {
        Path config = file("database-user = gateway", "data = /srv/bridgeway");
        environment.put(ConfigurationDefaults.CONFIG_VARIABLE, config.toString());
        environment.put("BRIDGEWAY_DATABASE_URL", "jdbc:postgresql://db:5432/bridgeway");

        ServeCommand serve = parse();

        assertThat(serve.database.url).isEqualTo("jdbc:postgresql://db:5432/bridgeway");
        assertThat(serve.database.user).isEqualTo("gateway");
        assertThat(serve.data.data).isEqualTo(Path.of("/srv/bridgeway"));
    }

    @Test
    void repeatableOptionsTakeCommaSeparatedValuesAndABooleanTakesTrue() throws IOException {
        Path config = file("tls-crl = /etc/bridgeway/police.crl,/etc/bridgeway/council.crl",
                "witness = https://witness.kent.example/ kent-vkey, https://witness.essex.example/ essex-vkey");
        environment.put("BRIDGEWAY_INSECURE_HTTP", "true");

        ServeCommand serve = parse("--config", config.toString());

        assertThat(serve.crls).containsExactly(Path.of("/etc/bridgeway/police.crl"), Path.of("/etc/bridgeway/council.crl"));
        assertThat(serve.witnesses).containsExactly("https://witness.kent.example/", "kent-vkey",
                "https://witness.essex.example/", "essex-vkey");
        assertThat(serve.insecureHttp).isTrue();
    }

    @Test
    void aWitnessWithoutItsVerifierKeyIsRefused() throws IOException {
        Path config = file("witness = https://witness.kent.example/");

        assertThatThrownBy(() -> parse("--config", config.toString()).witnessEndpoints())
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("https://witness.kent.example/ has no pair");
    }

    @Test
    void aMistypedKeyIsRefusedNamingTheKeyTheFileAndTheLine() throws IOException {
        Path config = file("# the gateway in Maidstone", "port = 8443", "managment-port = 9091");

        assertThatThrownBy(() -> parse("--config", config.toString()))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("unknown key 'managment-port'")
                .hasMessageContaining(config + " line 3");
    }

    @Test
    void aSecretInTheFileIsRefusedAndTheEnvironmentNamed() throws IOException {
        Path config = file("database-url = jdbc:postgresql://db:5432/bridgeway", "database-password = hunter2");

        assertThatThrownBy(() -> parse("--config", config.toString()))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("'database-password' in " + config + " line 2 is a secret")
                .hasMessageContaining("BRIDGEWAY_DB_PASSWORD")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aUrlCarryingAPasswordIsRefusedFromTheFileNamingTheLineAndTheEnvironmentVariable() throws IOException {
        Path config = file("port = 8443", "database-url = jdbc:postgresql://db:5432/bridgeway?user=gw&password=hunter2");

        assertThatThrownBy(() -> parse("--config", config.toString()))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("'database-url' in " + config + " line 2 carries a password, secret or token")
                .hasMessageContaining("BRIDGEWAY_DB_PASSWORD")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aUrlWithAPasswordInItsUserInformationIsRefusedFromTheEnvironment() {
        environment.put("BRIDGEWAY_OPA_URL", "https://decider:hunter2@opa.kent.example:8181");

        assertThatThrownBy(() -> parse())
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("'opa-url' in the environment variable BRIDGEWAY_OPA_URL carries a password")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aDatabaseUrlWithAPasswordIsRefusedOnTheCommandLineToo() {
        assertThatThrownBy(() -> parse("--database-url", "jdbc:postgresql://gw:hunter2@db:5432/bridgeway"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("'database-url' in the command line carries a password")
                .hasMessageContaining("BRIDGEWAY_DB_PASSWORD")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aUrlWithAUserButNoPasswordIsAccepted() {
        environment.put("BRIDGEWAY_OPA_URL", "https://decider@opa.kent.example:8181/v1?tenant=kent");

        assertThat(parse("--database-url", "jdbc:postgresql://db:5432/bridgeway?user=gw").database.url)
                .isEqualTo("jdbc:postgresql://db:5432/bridgeway?user=gw");
    }

    @Test
    void aMissingFileIsRefusedByName() {
        Path missing = dir.resolve("nowhere.properties");
        assertThatThrownBy(() -> parse("--config", missing.toString()))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("cannot read the configuration file " + missing);
    }

    @Test
    void noOptionOfAnyCommandTakesASecretAsItsValue() {
        CommandLine cli = BridgewayCommand.commandLine(java.util.Optional.empty());
        assertThat(CommandTree.commands(cli)).flatExtracting(c -> c.getCommandSpec().options())
                .extracting(o -> ((CommandLine.Model.OptionSpec) o).longestName())
                .noneMatch(ConfigurationDefaults::namesASecret);
    }

    @Test
    void everyRepeatableOptionOfServeCanBeConfigured() {
        assertThat(new CommandLine(new ServeCommand()).getCommandSpec().options())
                .filteredOn(CommandLine.Model.OptionSpec::isMultiValue)
                .as("a repeatable option of serve needs split = \",\" to take several values from the environment or file")
                .allMatch(o -> !o.splitRegex().isEmpty());
    }
}
