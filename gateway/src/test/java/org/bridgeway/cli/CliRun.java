package org.bridgeway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One run of the command line as a user types it: its exit code and what it printed. */
public record CliRun(int exitCode, String out, String err) {
    /** A run of the production command line. */
    public static CliRun of(String... args) {
        return of(BridgewayCommand.commandLine(java.util.Optional.empty()), args);
    }

    /** A run of {@code cli}, e.g. the development launcher's. */
    public static CliRun of(CommandLine cli, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    public CliRun assertSucceeded() {
        assertThat(exitCode).as("exit code; out:\n%s\nerr:\n%s", out, err).isZero();
        return this;
    }
}
