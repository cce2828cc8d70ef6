package org.bridgeway.dev.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bridgeway.cli.CommandTree;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Every command of {@code ./bridgeway} (the development launcher: the production command line and the development
 * tooling), taken from the Picocli model so that a new command is included, run against a missing, an empty and an
 * unreadable data directory: it fails with a non-zero exit code and one line, never a stack trace, or it works.
 *
 * <p>The data directory is {@code --data} where the command has it, and every file the command needs lies in it.
 * "Unreadable" is a directory with no permissions; the root user reads one anyway, so as root (as in the build
 * containers) it is a regular file where the directory should be.
 */
class CommandLinesFailInOneLineTest {
    enum DataDirectory { MISSING, EMPTY, UNREADABLE }

    /** Benchmarks run for minutes on scratch data of their own; they take no data directory to point elsewhere. */
    private static final String BENCHMARKS = "bridgeway bench";

    /**
     * Commands that run until stopped (serve, the witness server) or legitimately work on a missing or empty
     * directory at length (the demo, which empties and fills its own): only the unreadable directory, which must
     * fail before anything starts, and within a bound.
     */
    private static final Set<String> ONLY_UNREADABLE = Set.of("bridgeway serve", "bridgeway demo",
            "bridgeway audit witness serve");

    /** Commands that write into the directory they are given, creating it: they work on a missing or empty one. */
    private static final Set<String> WRITE_THEIR_DIRECTORY = Set.of("bridgeway certs-dev", "bridgeway policy bundle",
            "bridgeway keys init");

    /** Options a command needs but checks itself, and extra arguments that keep a run short or side-effect free. */
    private static final Map<String, List<String>> EXTRA = Map.of(
            "bridgeway serve", List.of("--insecure-http", "--port", "0"));

    private static final Duration BOUND = Duration.ofSeconds(90);

    @TempDir
    static Path scratch;

    private static final ExecutorService RUNNER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "command-under-test");
        t.setDaemon(true);
        return t;
    });

    @AfterAll
    static void stopRunnerAndLetTheTemporaryDirectoryGo() throws IOException {
        RUNNER.shutdownNow();
        try (Stream<Path> dirs = Files.list(scratch)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCommandAgainstABadDataDirectory() {
        List<DynamicTest> tests = new ArrayList<>();
        for (CommandLine command : CommandTree.commands(DevelopmentLauncher.commandLine())) {
            String name = command.getCommandSpec().qualifiedName();
            if (name.equals(BENCHMARKS) || name.startsWith(BENCHMARKS + " ")) {
                continue;
            }
            for (DataDirectory kind : DataDirectory.values()) {
                if (ONLY_UNREADABLE.contains(name) && kind != DataDirectory.UNREADABLE) {
                    continue;
                }
                tests.add(DynamicTest.dynamicTest(name + " with a " + kind.name().toLowerCase() + " data directory",
                        () -> check(command.getCommandSpec(), kind)));
            }
        }
        assertThat(tests).as("the command tree was enumerated").hasSizeGreaterThan(30);
        return tests.stream();
    }

    private void check(CommandSpec spec, DataDirectory kind) throws Exception {
        String name = spec.qualifiedName();
        Path dir = directory(name, kind);
        List<String> args = new ArrayList<>(Arrays.asList(name.split(" ")).subList(1, name.split(" ").length));
        args.addAll(minimalArguments(spec, dir));
        args.addAll(EXTRA.getOrDefault(name, List.of()));

        Run run = run(args);

        assertThat(run.all()).as("%s: no stack trace; it printed:%n%s", args, run.all())
                .doesNotContain("\tat ").doesNotContain("Exception in thread").doesNotContain("at org.")
                .doesNotContain("at java.");
        boolean mayWork = isGroup(spec) || kind != DataDirectory.UNREADABLE && WRITE_THEIR_DIRECTORY.contains(name);
        if (!mayWork) {
            assertThat(run.exitCode()).as("%s: exit code; it printed:%n%s", args, run.all()).isNotZero();
        }
        if (run.exitCode() != 0) {
            List<String> lines = run.all().lines().filter(l -> !l.isBlank()).toList();
            assertThat(lines).as("%s: one line; it printed:%n%s", args, run.all()).hasSize(1);
            // the failure line of the command, or the verdict line of a check (which a partner's script reads)
            assertThat(lines.get(0)).as("%s names the command or gives a verdict", args)
                    .matches("bridgeway .*|\\w+ NOT VERIFIED.*|witness .* REFUSED.*");
        }
    }

    /** A command that only groups others prints their list, whatever the directory: it takes none. */
    private static boolean isGroup(CommandSpec spec) {
        return !spec.subcommands().isEmpty() && !(spec.userObject() instanceof Callable);
    }

    private static Path directory(String command, DataDirectory kind) throws IOException {
        Path dir = scratch.resolve(command.replace(' ', '-') + "-" + kind.name().toLowerCase());
        switch (kind) {
            case MISSING -> {
            }
            case EMPTY -> Files.createDirectories(dir);
            case UNREADABLE -> {
                Files.createDirectories(dir);
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("---------"));
                if (Files.isReadable(dir)) { // root reads it anyway
                    Files.delete(dir);
                    Files.writeString(dir, "not a directory");
                }
            }
        }
        return dir;
    }

    /** The data directory, every required option and parameter, with values inside the data directory. */
    static List<String> minimalArguments(CommandSpec spec, Path dir) {
        List<String> args = new ArrayList<>();
        for (OptionSpec option : spec.options()) {
            boolean needed = option.longestName().equals("--data") || option.longestName().equals("--out")
                    || (option.required() && option.group() == null)
                    // required by the command's own code, not by the model
                    || Set.of("--cert", "--gateway", "--key").contains(option.longestName());
            if (needed) {
                add(args, option, dir);
            }
        }
        for (ArgGroupSpec group : spec.argGroups()) {
            if (group.multiplicity().min() > 0) {
                for (OptionSpec option : group.options()) {
                    add(args, option, dir);
                    if (group.exclusive()) {
                        break;
                    }
                }
            }
        }
        for (PositionalParamSpec positional : spec.positionalParameters()) {
            if (positional.arity().min() > 0) {
                args.add(dir.resolve(positional.paramLabel().toLowerCase()).toString());
            }
        }
        return args;
    }

    private static void add(List<String> args, OptionSpec option, Path dir) {
        if (args.contains(option.longestName())) {
            return;
        }
        args.add(option.longestName());
        if (option.arity().max() == 0) {
            return;
        }
        Class<?> type = option.isMultiValue() ? option.auxiliaryTypes()[0] : option.type();
        String plain = option.longestName().replaceFirst("^-+", "");
        args.add(switch (plain) {
            case "data", "out" -> dir.toString();
            case "gateway" -> "https://127.0.0.1:9/";
            case "recipient" -> "police:kent";
            case "from" -> "2026-12-01";
            case "to" -> "2026-12-02";
            case "leaf-hash" -> "00".repeat(32);
            default -> type == Path.class || type == java.io.File.class ? dir.resolve(plain).toString() : "x";
        });
    }

    record Run(int exitCode, String all) {
    }

    /** A run as a user sees it: the command line's writers and the process's standard streams (where logs go). */
    private static Run run(List<String> args) throws Exception {
        StringWriter out = new StringWriter();
        ByteArrayOutputStream streams = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        PrintStream captured = new PrintStream(streams, true, StandardCharsets.UTF_8);
        System.setOut(captured);
        System.setErr(captured);
        try {
            CommandLine cli = DevelopmentLauncher.commandLine();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(out, true));
            Future<Integer> code = RUNNER.submit(() -> cli.execute(args.toArray(String[]::new)));
            int exit = code.get(BOUND.toSeconds(), TimeUnit.SECONDS);
            return new Run(exit, out + streams.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }
}
