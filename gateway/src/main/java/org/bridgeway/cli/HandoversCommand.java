package org.bridgeway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import org.bridgeway.audit.store.JdbcAuditStore;
import org.bridgeway.gateway.GatewayConfig;
import org.bridgeway.handover.report.AuditEntries;
import org.bridgeway.handover.report.ConcordatReport;
import org.bridgeway.store.Database;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Out-of-area custody handovers (PACE s.38(6)): the Concordat figures, read offline from the audit log. */
@Command(name = "handovers", mixinStandardHelpOptions = true,
        description = "Out-of-area custody handovers (PACE s.38(6)).",
        subcommands = {HandoversCommand.Report.class})
final class HandoversCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "The Concordat on Children in Custody figures of the handovers requested in a period, from "
                    + "the audit trail only: requests, secure requests and outcomes, transfers, certificates by limb "
                    + "and reason, escalations, times to acknowledge, answer and collect (median, 90th percentile, n). "
                    + "Reads the audit log of a stopped gateway's data directory.")
    static final class Report implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        DataDirectoryOption data;

        @picocli.CommandLine.Mixin
        DatabaseOptions database;

        @Option(names = "--from", required = true, paramLabel = "WHEN",
                description = "Start of the period, inclusive: a date (2026-12-01, from midnight UK time) or an "
                        + "instant (2026-12-01T00:00:00Z).")
        String from;

        @Option(names = "--to", required = true, paramLabel = "WHEN",
                description = "End of the period, exclusive: a date or an instant.")
        String to;

        @ArgGroup(exclusive = true)
        Whose whose;

        static final class Whose {
            @Option(names = "--force", paramLabel = "FORCE", description = "One force's figures (data.police.uk slug, e.g. kent).")
            String force;

            @Option(names = "--authority", paramLabel = "DFE", description = "One authority's figures (DfE number, e.g. 886).")
            String authority;
        }

        @Option(names = "--json", description = "Print JSON (the API's body) rather than text.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Instant start;
            Instant end;
            try {
                start = ConcordatReport.bound(from);
                end = ConcordatReport.bound(to);
            } catch (DateTimeParseException e) {
                out.printf("--from and --to are dates (2026-12-01) or instants (2026-12-01T00:00:00Z): %s%n",
                        e.getParsedString());
                return 2;
            }
            if (!start.isBefore(end)) {
                out.println("--from must be before --to");
                return 2;
            }
            ConcordatReport.Scope scope = whose == null ? ConcordatReport.Scope.ALL
                    : whose.force != null ? ConcordatReport.Scope.force(whose.force)
                    : ConcordatReport.Scope.authority(whose.authority);
            Path dir = data.existing(GatewayConfig.embeddedDefaults(GatewayConfig.locateProjectRoot()), database);
            try (Database db = database.open(dir.resolve("db"))) {
                ConcordatReport.Report report = new ConcordatReport(AuditEntries.of(new JdbcAuditStore(
                        db.dataSource()))).report(start, end, scope);
                out.print(json ? new ObjectMapper().writerWithDefaultPrettyPrinter()
                        .writeValueAsString(report.toJson()) + "\n" : report.toText());
            }
            return 0;
        }
    }
}
