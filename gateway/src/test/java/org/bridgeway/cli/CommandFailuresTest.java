package org.bridgeway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A failing command prints one line naming the fix and exits 1 (2 for usage); the stack only when asked for. */
class CommandFailuresTest {
    @TempDir
    Path dir;

    @Test
    void auditVerifyWithoutTheGatewaysDataSaysWhereTheDemosDataIs() {
        CliRun run = CliRun.of("audit", "verify", "--data", dir.resolve("data").toString());

        assertThat(run.exitCode()).isEqualTo(CommandFailures.FAILED);
        assertThat(run.err().strip()).doesNotContain("\n").doesNotContain("Exception")
                .startsWith("bridgeway audit verify: no data directory ").contains("— point --data at")
                .contains("./data/demo");
    }

    @Test
    void aMistypedOptionIsOneLineWithTheSuggestionAndExitCodeTwo() {
        CliRun run = CliRun.of("serve", "--hots=0.0.0.0");

        assertThat(run.exitCode()).isEqualTo(CommandFailures.USAGE);
        assertThat(run.err().strip()).doesNotContain("\n").startsWith("bridgeway serve: Unknown option: '--hots=0.0.0.0'")
                .contains("did you mean --host?").contains("see 'bridgeway serve --help'");
    }

    @Test
    void aNegativeRehearsalIsAUsageError() {
        CliRun run = CliRun.of("serve", "--warm-up-seconds", "-1");

        assertThat(run.exitCode()).isEqualTo(CommandFailures.USAGE);
        assertThat(run.err().strip()).doesNotContain("\n")
                .startsWith("bridgeway serve: --warm-up-seconds is a number of seconds: 0 for no rehearsal");
    }

    @Test
    void aConfigurationFileThatIsNotThereIsAUsageError() {
        CliRun run = CliRun.of("serve", "--config", dir.resolve("gateway.properties").toString());

        assertThat(run.exitCode()).isEqualTo(CommandFailures.USAGE);
        assertThat(run.err().strip()).doesNotContain("\n")
                .startsWith("bridgeway serve: cannot read the configuration file ");
    }

    @Test
    void theStackTraceFollowsTheLineOnlyWithDebugSet() {
        CommandLine cli = BridgewayCommand.commandLine(Optional.empty());
        CommandFailures debugging = new CommandFailures(Map.of(CommandFailures.DEBUG_VARIABLE, "1")::get);
        cli.setExecutionExceptionHandler(debugging);

        CliRun run = CliRun.of(cli, "audit", "verify", "--data", dir.resolve("data").toString());

        assertThat(run.exitCode()).isEqualTo(CommandFailures.FAILED);
        assertThat(run.err()).startsWith("bridgeway audit verify: no data directory")
                .contains(CommandFailure.class.getName()).contains("\tat ");
    }
}
