package org.bridgeway.handover.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.bridgeway.audit.log.MerkleAuditLog;
import org.bridgeway.audit.key.SigningKey;
import org.bridgeway.audit.sign.TreeHeadSigner;
import org.bridgeway.audit.store.JdbcAuditStore;
import org.bridgeway.store.Database;
import org.bridgeway.testing.AdjustableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Concordat figures from a known audit trail: RECEIVED entries with the shared contract's facts, appended through
 * the real Merkle audit log on H2, read back by the report. Three handovers in the period (two requested by Kent
 * Police, one by Devon and Cornwall), one the day after and one the day before, which count nowhere.
 */
class ConcordatReportTest {
    private static final Instant FROM = Instant.parse("2026-12-04T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-12-05T00:00:00Z");

    @TempDir
    Path data;
    private Database database;
    private MerkleAuditLog auditLog;
    private final AdjustableClock clock = new AdjustableClock(FROM);

    @BeforeEach
    void open() {
        database = Database.embedded(data.resolve("db"));
        JdbcAuditStore store = new JdbcAuditStore(database.dataSource());
        auditLog = new MerkleAuditLog(store, new TreeHeadSigner(store, SigningKey.generate(), "bridgeway/test",
                Clock.systemUTC(), TreeHeadSigner.DEFAULT_INTERVAL), clock);
        new HandoverAuditTrail(auditLog, clock).append();
    }

    @AfterEach
    void close() throws Exception {
        auditLog.close();
        database.close();
    }

    @Test
    void everyonesFiguresForThePeriodWithMedianAnd90thPercentileByNearestRank() {
        ConcordatReport.Report report = report(ConcordatReport.Scope.ALL);
        ConcordatFigures all = report.figures();

        assertThat(all.requests()).isEqualTo(3);
        assertThat(all.secureRequests()).isEqualTo(1);
        assertThat(all.secureOutcomes()).containsExactly(Map.entry("SECURE_UNAVAILABLE_NON_SECURE_OFFERED", 1));
        assertThat(all.transfers()).isEqualTo(2);
        assertThat(all.certificates()).isEqualTo(1);
        assertThat(all.certificatesByLimb()).containsExactly(Map.entry("IMPRACTICABLE", 1));
        assertThat(all.certificatesByReason()).containsExactly(Map.entry("TRAVEL_CIRCUMSTANCES", 1));
        assertThat(all.authorityFailedToProvide()).isZero();
        assertThat(all.escalations()).containsExactly(Map.entry("ACKNOWLEDGEMENT_OVERDUE", 1),
                Map.entry("ANSWER_OVERDUE", 1));
        // acknowledgements 3, 5, 10, 12 minutes; answers 20, 30, 75; collections 60, 120
        assertThat(all.toAcknowledge()).isEqualTo(times(4, 5, 12));
        assertThat(all.toAnswer()).isEqualTo(times(3, 30, 75));
        assertThat(all.toCollect()).isEqualTo(times(2, 60, 120));
        assertThat(report.byForce()).containsOnlyKeys("kent", "devon-and-cornwall");
        assertThat(report.byAuthority()).containsOnlyKeys("886", "878", "879");
    }

    @Test
    void aBackdatedAcknowledgementIsTimedWhenTheGatewayReceivedIt() {
        Instant requested = Instant.parse("2026-12-04T06:00:00Z");
        HandoverAuditTrail trail = new HandoverAuditTrail(auditLog, clock);
        trail.step("CH-d", "REQUESTED", requested, requested, "kent", "886", null,
                Map.of("transfer.accommodationType", "NON_SECURE", "handover.responsibleFoundBy", "NOT_FOUND"));
        trail.step("CH-d", "ACKNOWLEDGED", requested, requested.plus(Duration.ofMinutes(40)), "kent", "886", null,
                Map.of("handover.actingAuthority", "886"));

        // the trail's acknowledgements 3, 5, 10, 12 minutes, and this one 40 minutes, not the 0 it states
        assertThat(report(ConcordatReport.Scope.ALL).figures().toAcknowledge()).isEqualTo(times(5, 10, 40));
    }

    @Test
    void aForcesFiguresAreOfTheHandoversItRequested() {
        ConcordatFigures kent = report(ConcordatReport.Scope.force("kent")).figures();

        assertThat(kent.requests()).isEqualTo(2);
        assertThat(kent.transfers()).isEqualTo(1);
        assertThat(kent.toAnswer()).isEqualTo(times(2, 20, 75));
        assertThat(report(ConcordatReport.Scope.force("devon-and-cornwall")).figures().toCollect())
                .isEqualTo(times(1, 60, 60));
    }

    @Test
    void anAuthoritysFiguresCountItsOwnAcknowledgementsAnswersCollectionsAndEscalations() {
        ConcordatFigures devon = report(ConcordatReport.Scope.authority("878")).figures();
        assertThat(devon.requests()).isEqualTo(3);
        assertThat(devon.toAcknowledge()).isEqualTo(times(1, 5, 5));
        assertThat(devon.toAnswer()).isEqualTo(times(1, 20, 20));
        assertThat(devon.toCollect()).isEqualTo(times(1, 120, 120));
        // its own missed acknowledgement, and the missed answer every asked authority owed
        assertThat(devon.escalations()).containsExactly(Map.entry("ACKNOWLEDGEMENT_OVERDUE", 1),
                Map.entry("ANSWER_OVERDUE", 1));

        ConcordatFigures kent = report(ConcordatReport.Scope.authority("886")).figures();
        assertThat(kent.requests()).isEqualTo(2);
        assertThat(kent.toAcknowledge()).isEqualTo(times(2, 10, 12));
        assertThat(kent.escalations()).containsExactly(Map.entry("ANSWER_OVERDUE", 1));
    }

    @Test
    void thePeriodIsWhenTheRequestWasMade() {
        ConcordatFigures nextDay = new ConcordatReport(AuditEntries.of(auditLog))
                .report(TO, TO.plus(Duration.ofDays(1)), ConcordatReport.Scope.ALL).figures();

        assertThat(nextDay.requests()).isEqualTo(1);
        assertThat(nextDay.toAnswer().n()).isZero();
        assertThat(nextDay.toAnswer().median()).isEmpty();
    }

    private ConcordatReport.Report report(ConcordatReport.Scope scope) {
        return new ConcordatReport(AuditEntries.of(auditLog)).report(FROM, TO, scope);
    }

    private static Times times(int n, int medianMinutes, int p90Minutes) {
        return new Times(n, Optional.of(Duration.ofMinutes(medianMinutes)), Optional.of(Duration.ofMinutes(p90Minutes)));
    }
}
