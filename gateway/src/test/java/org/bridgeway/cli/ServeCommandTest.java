package org.bridgeway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.bridgeway.audit.key.SigningKey;
import org.bridgeway.audit.note.NoteKey;
import org.bridgeway.audit.sign.WitnessEndpoint;
import org.bridgeway.policy.OpaSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The serve command's database, token, management and OPA client options; a password is not one of them. */
class ServeCommandTest {
    @Test
    void takesTheDatabaseUrlAndUserButNoPassword() {
        ServeCommand serve = new ServeCommand();
        CommandLine cli = new CommandLine(serve);
        cli.parseArgs("--database-url", "jdbc:postgresql://db:5432/bridgeway", "--database-user", "gateway");
        assertThat(serve.database.url).isEqualTo("jdbc:postgresql://db:5432/bridgeway");
        assertThat(serve.database.user).isEqualTo("gateway");

        assertThat(cli.getCommandSpec().optionsMap().keySet()).noneMatch(name -> name.contains("password"));
        assertThat(cli.getUsageMessage()).contains("BRIDGEWAY_DB_PASSWORD");
    }

    @Test
    void logsAreJsonLinesUnlessTextIsAskedFor() {
        ServeCommand byDefault = new ServeCommand();
        new CommandLine(byDefault).parseArgs();
        assertThat(byDefault.logFormat).isEqualTo(Logging.Format.json);

        ServeCommand text = new ServeCommand();
        new CommandLine(text).parseArgs("--log-format", "text");
        assertThat(text.logFormat).isEqualTo(Logging.Format.text);

        assertThatThrownBy(() -> new CommandLine(new ServeCommand()).parseArgs("--log-format", "xml"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("json, text");
    }

    @Test
    void aServedGatewayRehearsesForAtMostAMinuteUnlessToldOtherwise() {
        ServeCommand byDefault = new ServeCommand();
        new CommandLine(byDefault).parseArgs();
        assertThat(byDefault.warmUpSeconds).isEqualTo(60);

        ServeCommand none = new ServeCommand();
        new CommandLine(none).parseArgs("--warm-up-seconds", "0");
        assertThat(none.warmUpSeconds).isZero();
    }

    @Test
    void withoutADatabaseUrlTheEmbeddedDatabaseIsUsed() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs();
        assertThat(serve.database.url).isNull();
        assertThat(serve.database.user).isEqualTo("bridgeway");
    }

    @Test
    void theManagementListenerIsOnLoopbackPort9090UnlessSaidOtherwise() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs();
        assertThat(serve.managementHost).isEqualTo("127.0.0.1");
        assertThat(serve.managementPort).isEqualTo(9090);

        ServeCommand elsewhere = new ServeCommand();
        new CommandLine(elsewhere).parseArgs("--management-host", "0.0.0.0", "--management-port", "0");
        assertThat(elsewhere.managementHost).isEqualTo("0.0.0.0");
        assertThat(elsewhere.managementPort).isZero();
    }

    @Test
    void takesTheTokenIssuerJwksAndTrust() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--token-issuer", "https://kc:8443/realms/bridgeway", "--token-jwks",
                "https://kc:8443/realms/bridgeway/protocol/openid-connect/certs", "--token-trust", "root-ca.pem");
        assertThat(serve.tokenIssuer).isEqualTo("https://kc:8443/realms/bridgeway");
        assertThat(serve.tokenJwks).hasPath("/realms/bridgeway/protocol/openid-connect/certs");
        assertThat(serve.tokenTrust).hasFileName("root-ca.pem");
    }

    @Test
    void anIssuerWithoutItsKeysOrTokensOverPlainHttpAreRefusedBeforeAnythingStarts() {
        ServeCommand issuerOnly = new ServeCommand();
        new CommandLine(issuerOnly).parseArgs("--token-issuer", "https://kc:8443/realms/bridgeway");
        assertThatThrownBy(issuerOnly::call).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--token-jwks");

        ServeCommand plain = new ServeCommand();
        new CommandLine(plain).parseArgs("--insecure-http", "--token-issuer", "https://kc/realms/bridgeway",
                "--token-jwks", "https://kc/realms/bridgeway/protocol/openid-connect/certs");
        assertThatThrownBy(plain::call).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("mutual TLS");
    }

    @Test
    void theConsoleIsOffUnlessItsPortIsGivenAndNeedsTheRealmToSignPeopleIn() {
        ServeCommand none = new ServeCommand();
        new CommandLine(none).parseArgs();
        assertThat(none.consolePort).isNull();
        assertThat(none.consoleClientId).isEqualTo("bridgeway-console");

        ServeCommand withoutRealm = new ServeCommand();
        new CommandLine(withoutRealm).parseArgs("--console-port", "8444");
        assertThatThrownBy(withoutRealm::call).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--token-issuer");

        ServeCommand originAlone = new ServeCommand();
        new CommandLine(originAlone).parseArgs("--console-origin", "https://console.example.gov.uk");
        assertThatThrownBy(originAlone::call).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--console-port");
    }

    @Test
    void witnessesAreNamedByTheirSubmissionPrefixAndVerifierKey() {
        NoteKey kent = new NoteKey("witness.police-kent", SigningKey.generate().publicKey());
        NoteKey essex = new NoteKey("witness.police-essex", SigningKey.generate().publicKey());
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs(
                "--witness", "https://witness.kent.example/", kent.verifierKey(NoteKey.COSIGNATURE_V1),
                "--witness", "https://witness.essex.example/", essex.verifierKey(NoteKey.COSIGNATURE_V1));

        List<WitnessEndpoint> witnesses = serve.witnessEndpoints();
        assertThat(witnesses).extracting(w -> w.key().name())
                .containsExactly("witness.police-kent", "witness.police-essex");
        assertThat(witnesses).extracting(w -> w.submissionPrefix().getHost())
                .containsExactly("witness.kent.example", "witness.essex.example");
    }

    @Test
    void aWitnessWhoseKeyDoesNotCheckOutIsRefusedBeforeAnythingStarts() {
        NoteKey kent = new NoteKey("witness.police-kent", SigningKey.generate().publicKey());
        String forged = kent.verifierKey(NoteKey.COSIGNATURE_V1).replace("witness.police-kent", "witness.police-essex");
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--witness", "https://witness.example/", forged);

        assertThatThrownBy(serve::call).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--witness https://witness.example/")
                .hasMessageContaining("hash does not match");
    }

    @Test
    void theOpaClientSettingsDefaultToOpaSettingsDefaultsAndAreEachSettable() {
        ServeCommand defaults = new ServeCommand();
        new CommandLine(defaults).parseArgs();
        assertThat(defaults.opaSettings()).isEqualTo(OpaSettings.defaults());

        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--opa-connect-timeout-ms", "250", "--opa-request-timeout-ms", "750",
                "--opa-attempts", "2", "--opa-backoff-ms", "50", "--opa-circuit-window", "20",
                "--opa-circuit-failure-rate", "50", "--opa-circuit-open-seconds", "10");
        assertThat(serve.opaSettings()).isEqualTo(new OpaSettings(Duration.ofMillis(250), Duration.ofMillis(750), 2,
                Duration.ofMillis(50), 20, 50, Duration.ofSeconds(10)));
    }

    @Test
    void anOpaSettingOutOfRangeIsRefusedBeforeAnythingStarts() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--opa-circuit-failure-rate", "0");

        assertThatThrownBy(serve::call).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("circuitFailureRate must be a percentage from 1 to 100");
    }
}
