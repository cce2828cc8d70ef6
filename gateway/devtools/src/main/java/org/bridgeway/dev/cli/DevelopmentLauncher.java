package org.bridgeway.dev.cli;

import java.util.Optional;
import org.bridgeway.cli.BridgewayCommand;
import org.bridgeway.dev.bench.BenchCommand;
import picocli.CommandLine;

/**
 * The command line {@code ./bridgeway} runs: the production one ({@link BridgewayCommand}) with {@code serve}'s
 * development modes ({@link DevelopmentServe}), plus the demo, the benchmarks and the development PKI. The
 * production jar, bridgeway-gateway.jar, runs {@link BridgewayCommand} alone.
 */
public final class DevelopmentLauncher {
    private DevelopmentLauncher() {
    }

    public static CommandLine commandLine() {
        return BridgewayCommand.commandLine(Optional.of(new DevelopmentServe()))
                .addSubcommand(new DemoCommand())
                .addSubcommand(new BenchCommand())
                .addSubcommand(new CertsDevCommand());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
