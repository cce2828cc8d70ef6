package org.bridgeway.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.util.List;
import java.util.function.Function;
import org.bridgeway.verifier.FileProblems;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How every command of the command line fails: one line on standard error, {@code bridgeway <command>: <what> —
 * <fix>}, never a stack trace; exit code {@value #USAGE} for a wrong command line (or configuration), {@value #FAILED}
 * when the command could not do its work. With {@value #DEBUG_VARIABLE}=1 in the environment the stack trace follows
 * the line, for a developer.
 *
 * <p>Installed once on the root command: Picocli hands every subcommand's exceptions to the handlers of the command
 * line that {@code execute}s, so commands added later (the development launcher's) are covered too.
 */
public final class CommandFailures implements IExecutionExceptionHandler, IParameterExceptionHandler {
    public static final int USAGE = 2;
    public static final int FAILED = 1;
    public static final String DEBUG_VARIABLE = "BRIDGEWAY_DEBUG";

    private final Function<String, String> environment;

    public CommandFailures(Function<String, String> environment) {
        this.environment = environment;
    }

    /** Installs both handlers on {@code cli}. */
    public static CommandLine install(CommandLine cli) {
        CommandFailures failures = new CommandFailures(System::getenv);
        return cli.setExecutionExceptionHandler(failures).setParameterExceptionHandler(failures);
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String what = firstLine(e.getMessage());
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            what += " (did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?)";
        }
        print(command, what, "see '" + command.getCommandSpec().qualifiedName() + " --help'", e);
        return USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
        Failure failure = explain(e, command);
        print(command, failure.what(), failure.fix(), e);
        return FAILED;
    }

    private record Failure(String what, String fix) {
    }

    private static Failure explain(Throwable e, CommandLine command) {
        if (e instanceof CommandFailure failure) {
            return new Failure(firstLine(failure.getMessage()), failure.fix());
        }
        if (e instanceof UncheckedIOException unchecked && unchecked.getCause() != null) {
            Failure cause = explain(unchecked.getCause(), command);
            return unchecked.getMessage() == null || unchecked.getMessage().equals(unchecked.getCause().toString())
                    ? cause : new Failure(firstLine(unchecked.getMessage()) + ": " + cause.what(), cause.fix());
        }
        String where = dataDirectoryHint(command);
        if (e instanceof IOException io) {
            return new Failure(FileProblems.describe(io), (e instanceof AccessDeniedException
                    ? "run as the user that owns it, or give it read access" : "check the path") + where);
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e.getMessage());
        return new Failure(message, "run again with " + DEBUG_VARIABLE + "=1 for the details");
    }

    /** Where a command that reads a data directory takes it from: the usual cause of a missing file. */
    private static String dataDirectoryHint(CommandLine command) {
        return command.getCommandSpec().findOption("--data") == null ? ""
                : "; --data names the gateway's data directory (default ./data; the demo's is ./data/demo)";
    }

    private void print(CommandLine command, String what, String fix, Throwable e) {
        PrintWriter err = command.getErr();
        err.println(command.getCommandSpec().qualifiedName() + ": " + what + " — " + fix);
        if (debugging()) {
            e.printStackTrace(err);
        }
        err.flush();
    }

    private boolean debugging() {
        String value = environment.apply(DEBUG_VARIABLE);
        return value != null && List.of("1", "true", "yes").contains(value.strip().toLowerCase(java.util.Locale.ROOT));
    }

    static String firstLine(String message) {
        return message == null ? "" : message.strip().lines().findFirst().orElse("");
    }
}
