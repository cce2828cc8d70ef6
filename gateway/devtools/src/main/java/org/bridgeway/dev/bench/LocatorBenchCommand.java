package org.bridgeway.dev.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.bridgeway.cli.Logging;
import org.bridgeway.dev.cli.ScratchData;
import org.bridgeway.gateway.GatewayConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bridgeway bench locator}: lookups per second, latency and memory of the locator index with N entries, each
 * lookup with its audit entry and, for a match, its access-notice row, on a scratch embedded database.
 */
@Command(name = "locator", mixinStandardHelpOptions = true,
        description = "Benchmark the locator index: N synthetic entries, then audited lookups (a match writes its "
                + "access-notice row); lookups/s, p50/p95/p99, heap.")
final class LocatorBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--entries", defaultValue = "1000000", description = "Index entries (default ${DEFAULT-VALUE}).")
    int entries;

    @Option(names = "--lookups", defaultValue = "100000", description = "Lookups (default ${DEFAULT-VALUE}).")
    int lookups;

    @Option(names = "--threads", defaultValue = "8", description = "Concurrent askers (default ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() throws Exception {
        if (entries < 1 || lookups < 1 || threads < 1) {
            throw new ParameterException(spec.commandLine(), "--entries, --lookups and --threads must be at least 1");
        }
        Logging.quiet();
        Path dataDir = GatewayConfig.locateProjectRoot().resolve("data").resolve("bench-locator");
        ScratchData.empty(dataDir);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("bench locator: %,d entries, %,d lookups by %d threads, %d cores, max heap %,d MiB, embedded H2"
                        + " in %s%n", entries, lookups, threads, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, dataDir);
        out.flush();
        new LocatorBench(entries, lookups, threads).run(dataDir).print(out);
        return 0;
    }
}
