package org.bridgeway.dev.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.bridgeway.cli.Logging;
import org.bridgeway.dev.cli.ScratchData;
import org.bridgeway.gateway.GatewayConfig;
import org.bridgeway.workflow.DeadlineTicker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bridgeway bench deadlines}: how late return home interview timers fire with many tasks open, and what a tick
 * of the deadline ticker costs, on a scratch embedded database.
 */
@Command(name = "deadlines", mixinStandardHelpOptions = true,
        description = "Benchmark the return interview deadline ticker: N open tasks whose deadlines fall across a "
                + "window, fired by the ticker on the real clock; firing delay past due, tick cost, memory.")
final class DeadlineBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--tasks", defaultValue = "100000", description = "Open tasks (default ${DEFAULT-VALUE}).")
    int tasks;

    @Option(names = "--window", defaultValue = "PT120S",
            description = "The deadlines fall evenly at random across this window (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration window;

    @Option(names = "--tick", defaultValue = "PT0.25S",
            description = "The ticker's interval (ISO-8601, default ${DEFAULT-VALUE}, the gateway's default).")
    Duration tick;

    @Override
    public Integer call() throws Exception {
        if (tasks < 1 || window.isNegative() || window.isZero() || tick.isNegative() || tick.isZero()) {
            throw new ParameterException(spec.commandLine(), "--tasks must be at least 1, --window and --tick positive");
        }
        Logging.quiet();
        Path root = GatewayConfig.locateProjectRoot();
        Path dataDir = root.resolve("data").resolve("bench-deadlines");
        ScratchData.empty(dataDir);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("bench deadlines: %,d open tasks, deadlines across %ds, tick every %d ms (batch %d), %d cores, "
                        + "max heap %,d MiB, embedded H2 in %s%n", tasks, window.toSeconds(), tick.toMillis(),
                DeadlineTicker.DEFAULT_BATCH, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, dataDir);
        out.flush();
        new DeadlineBench(tasks, window, tick).run(root, dataDir).print(out);
        return 0;
    }
}
