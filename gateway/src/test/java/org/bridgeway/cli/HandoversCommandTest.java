package org.bridgeway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.bridgeway.handover.report.HandoverAuditTrail;
import org.bridgeway.testing.AdjustableClock;
import org.bridgeway.testing.GatewayFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `handovers report` as a force's data lead runs it, on a stopped gateway's data directory. */
class HandoversCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    @BeforeEach
    void recordHandovers() {
        AdjustableClock clock = new AdjustableClock(HandoverAuditTrail.DAY);
        try (GatewayFixture fixture = GatewayFixture.start(GatewayFixture.config(data), clock)) {
            new HandoverAuditTrail(fixture.gateway().auditLog(), clock).append();
        }
    }

    @Test
    void aForcesFiguresForADayAsJson() throws Exception {
        CliRun run = CliRun.of("handovers", "report", "--from", "2026-12-04T00:00:00Z", "--to",
                "2026-12-05T00:00:00Z", "--force", "kent", "--json", "--data", data.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        JsonNode report = JSON.readTree(run.out());
        assertThat(report.path("force").asText()).isEqualTo("kent");
        JsonNode figures = report.path("figures");
        assertThat(figures.path("requests").asInt()).isEqualTo(2);
        assertThat(figures.path("certificatesByLimb").path("IMPRACTICABLE").asInt()).isEqualTo(1);
        assertThat(figures.path("timeToAnswer").path("n").asInt()).isEqualTo(2);
        assertThat(figures.path("timeToAnswer").path("median").asText()).isEqualTo("PT20M");
        assertThat(figures.path("timeToAnswer").path("p90").asText()).isEqualTo("PT1H15M");
        assertThat(report.has("byForce")).isFalse();
    }

    @Test
    void everyonesFiguresAsTextWithEachForceAndAuthority() {
        CliRun run = CliRun.of("handovers", "report", "--from", "2026-12-04", "--to", "2026-12-05", "--data",
                data.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("requests 3 (secure 1: {SECURE_UNAVAILABLE_NON_SECURE_OFFERED=1})",
                "time to acknowledge: median 5m, 90th percentile 12m (n=4)", "force devon-and-cornwall",
                "authority 879");
    }

    @Test
    void aForceAndAnAuthorityTogetherOrAnEmptyPeriodAreRefused() {
        assertThat(CliRun.of("handovers", "report", "--from", "2026-12-04", "--to", "2026-12-05", "--force", "kent",
                "--authority", "886", "--data", data.toString()).exitCode()).isEqualTo(2);
        CliRun backwards = CliRun.of("handovers", "report", "--from", "2026-12-05", "--to", "2026-12-04", "--data",
                data.toString());
        assertThat(backwards.exitCode()).isEqualTo(2);
        assertThat(backwards.out()).contains("--from must be before --to");
    }
}
