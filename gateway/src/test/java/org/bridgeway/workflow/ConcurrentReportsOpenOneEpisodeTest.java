package org.bridgeway.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bridgeway.fault.Fault;
import org.bridgeway.model.EpisodeUpdate;
import org.bridgeway.model.MissingEpisodeNotice;
import org.bridgeway.model.RiskLevel;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.PostgresServer;
import org.bridgeway.testing.SyntheticMissingEpisodes;
import org.bridgeway.testing.SyntheticMissingEpisodes.Child;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two different reports of one police report sent at the same instant open one episode: the episode row is written
 * in the audit transaction, so the report that loses the race is refused whole (409 episode.duplicate-report) and
 * leaves no audit entry, no decision and no episode; the one that wins is accepted with all of them.
 */
class ConcurrentReportsOpenOneEpisodeTest {
    private static final int RACERS = 6;

    @Test
    void onH2(@TempDir Path data) throws Exception {
        try (GatewayFixture fixture = GatewayFixture.start(data)) {
            race(fixture);
        }
    }

    @Test
    void onPostgresql(@TempDir Path data) throws Exception {
        try (GatewayFixture fixture = GatewayFixture.startOnPostgres(data, PostgresServer.newDatabase())) {
            race(fixture);
        }
    }

    private static void race(GatewayFixture fixture) throws Exception {
        Child child = Child.next();
        List<MissingEpisodeNotice> reports = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            MissingEpisodeNotice base = SyntheticMissingEpisodes.report(child, RiskLevel.MEDIUM);
            reports.add(SyntheticMissingEpisodes.notice(child, EpisodeUpdate.REPORTED, base.updatedAt(),
                    base.riskLevel(), base.found(), base.sender(), "account number " + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        List<Future<Boolean>> accepted = new ArrayList<>();
        try {
            for (MissingEpisodeNotice report : reports) {
                accepted.add(pool.submit((Callable<Boolean>) () -> {
                    try {
                        fixture.gateway().submit(report);
                        return true;
                    } catch (RuntimeException e) {
                        assertThat(Fault.of(e)).isInstanceOf(Fault.Refused.class);
                        assertThat(((Fault.Refused) Fault.of(e)).refusal().rule())
                                .isEqualTo("episode.duplicate-report");
                        return false;
                    }
                }));
            }
            int winners = 0;
            for (Future<Boolean> f : accepted) {
                winners += f.get() ? 1 : 0;
            }
            assertThat(winners).as("one report opens the episode").isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(count(fixture, "SELECT count(*) FROM missing_episode WHERE police_reference = ?",
                child.policeReference())).isEqualTo(1);
        int audited = 0;
        for (MissingEpisodeNotice report : reports) {
            audited += fixture.gateway().auditLog().entriesFor(report.exchangeId()).isEmpty() ? 0 : 1;
        }
        assertThat(audited).as("the refused reports left no audit entry").isEqualTo(1);
        assertThat(fixture.gateway().auditLog().verify().valid()).isTrue();
    }

    private static int count(GatewayFixture fixture, String sql, String value) throws Exception {
        try (Connection c = fixture.gateway().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
