package org.bridgeway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.bridgeway.pipeline.Outcome;
import org.bridgeway.testing.GatewayFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A return whose batch stops because the audit log cannot take an append (here, its sequencer row is held by another
 * transaction: a real lock in the real database) is marked failed with the reason, nothing of it is shared, and the
 * same return sent again resumes under the same batch and goes through.
 */
class FailedReturnResumesUnderItsBatchTest {
    @TempDir
    Path data;

    @Test
    void aReturnTheAuditLogCouldNotTakeIsMarkedFailedAndResumesWhenSentAgain() throws Exception {
        Path sample = GatewayFixture.samples().resolve("ssda903").resolve("kent-2025");
        try (GatewayFixture fixture = GatewayFixture.start(data)) {
            try (Connection holder = fixture.gateway().dataSource().getConnection();
                 Statement s = holder.createStatement()) {
                holder.setAutoCommit(false);
                try (ResultSet rs = s.executeQuery("SELECT tree_size FROM audit_tree_state FOR UPDATE")) {
                    assertThat(rs.next()).isTrue();
                }
                assertThatThrownBy(() -> fixture.gateway().processReturn(sample)).hasStackTraceContaining(
                        "AuditUnavailableException");
                holder.rollback();
            }
            Ssda903Batches batches = fixture.gateway().camel().getRegistry()
                    .lookupByNameAndType("ssda903Intake", Ssda903Intake.class).batches();
            String batchId = onlyBatch(fixture);
            BatchStatus failed = batches.status(batchId).orElseThrow();
            assertThat(failed.state()).isEqualTo("failed");
            assertThat(failed.failure()).contains("audit log was unavailable");
            assertThat(fixture.outcomes(Outcome.Delivered.class)).isEmpty();

            fixture.gateway().processReturn(sample);

            assertThat(onlyBatch(fixture)).isEqualTo(batchId);
            BatchStatus done = batches.status(batchId).orElseThrow();
            assertThat(done.state()).isEqualTo("done");
            assertThat(done.noticesSent()).isEqualTo(7);
            assertThat(done.failure()).isNull();
            assertThat(fixture.outcomes(Outcome.Delivered.class)).hasSize(GatewayFixture.SAMPLE_RETURN_DELIVERIES);
            assertThat(fixture.gateway().auditLog().verify().valid()).isTrue();
        }
    }

    private static String onlyBatch(GatewayFixture fixture) throws Exception {
        try (Connection c = fixture.gateway().dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT batch_id FROM ssda903_batch")) {
            assertThat(rs.next()).isTrue();
            String id = rs.getString(1);
            assertThat(rs.next()).as("one batch").isFalse();
            return id;
        }
    }
}
