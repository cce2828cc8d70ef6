package org.bridgeway.locator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bridgeway.audit.AuditUnavailableException;
import org.bridgeway.store.Database;
import org.bridgeway.testing.AdjustableClock;
import org.bridgeway.testing.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The per-caller limits on a real database: a burst then a steady rate, and the probing rule, each caller apart;
 * shared by two nodes on one database (embedded H2, and a real PostgreSQL) as by one; idle callers forgotten without
 * lifting a refusal; a database that cannot be used fails the query as unavailable.
 */
class LocatorLimitsTest {
    private static final LocatorSettings SETTINGS = new LocatorSettings(Period.ofMonths(12), 30, 2, 3,
            Duration.ofMinutes(5));

    private final AdjustableClock clock = new AdjustableClock(Instant.parse("2026-12-03T01:30:00Z"));
    @TempDir
    Path data;
    private Database database;

    @AfterEach
    void close() throws Exception {
        if (database != null) {
            database.close();
        }
    }

    private LocatorLimits limits(String kind, LocatorSettings settings) {
        if (database == null) {
            PostgresServer.TestDatabase pg = kind.equals("H2") ? null : PostgresServer.newDatabase();
            database = pg == null ? Database.embedded(data.resolve("db"))
                    : Database.postgres(pg.jdbcUrl(), pg.user(), pg.password());
        }
        return new LocatorLimits(database.dataSource(), settings, clock);
    }

    @Test
    void aBurstThenTheRateWithARetryAfterAndTheFirstRefusalOfASpellMarked() {
        LocatorLimits limits = limits("H2", SETTINGS);
        assertThat(limits.ask("a").allowed()).isTrue();
        assertThat(limits.ask("a").allowed()).isTrue();
        LocatorLimits.Verdict refused = limits.ask("a");
        assertThat(refused.refusedBy()).isEqualTo(LocatorLimits.RATE_LIMITED);
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(2)); // 30 a minute: one every 2 s
        assertThat(refused.firstOfSpell()).isTrue();
        assertThat(limits.ask("a").firstOfSpell()).as("the same spell").isFalse();
        assertThat(limits.ask("b").allowed()).as("another caller").isTrue();
        clock.advance(Duration.ofSeconds(2));
        assertThat(limits.ask("a").allowed()).isTrue();
    }

    @Test
    void missesWithinTheWindowTripTheProbingRuleForTheWindow() {
        LocatorLimits limits = limits("H2", SETTINGS);
        assertThat(limits.answered("a", false).allowed()).isTrue();
        assertThat(limits.answered("a", true).allowed()).as("a match is no miss").isTrue();
        assertThat(limits.answered("a", false).allowed()).isTrue();
        LocatorLimits.Verdict tripped = limits.answered("a", false);
        assertThat(tripped.refusedBy()).isEqualTo(LocatorLimits.PROBING);
        assertThat(tripped.firstOfSpell()).isTrue();
        clock.advance(Duration.ofMinutes(4));
        assertThat(limits.ask("a").refusedBy()).isEqualTo(LocatorLimits.PROBING);
        assertThat(limits.ask("a").retryAfter()).isEqualTo(Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(1));
        assertThat(limits.ask("a").allowed()).isTrue();

        // misses spread wider than the window never trip it
        for (int i = 0; i < 6; i++) {
            assertThat(limits.answered("b", false).allowed() || i % 3 == 2).isTrue();
            clock.advance(Duration.ofMinutes(3));
        }
    }

    /**
     * Two nodes asking at once for one caller, four threads in all, take the one bucket's burst between them and
     * nothing more, in one spell of refusal audited once; then the rate, shared; then misses counted on either node
     * trip the probing rule, which holds on both.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"H2", "PostgreSQL"})
    void twoNodesOnOneDatabaseAllowTogetherWhatOneWouldAndBothRefuseAProber(String kind) throws Exception {
        LocatorSettings settings = new LocatorSettings(Period.ofMonths(12), 30, 4, 3, Duration.ofMinutes(5));
        LocatorLimits first = limits(kind, settings);
        LocatorLimits second = limits(kind, settings);

        ExecutorService threads = Executors.newFixedThreadPool(4);
        CyclicBarrier together = new CyclicBarrier(4);
        List<Future<List<LocatorLimits.Verdict>>> asked = new ArrayList<>();
        for (LocatorLimits node : List.of(first, second, first, second)) {
            asked.add(threads.submit(() -> {
                together.await();
                List<LocatorLimits.Verdict> verdicts = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    verdicts.add(node.ask("police:kent|pc.ashdown"));
                }
                return verdicts;
            }));
        }
        List<LocatorLimits.Verdict> verdicts = new ArrayList<>();
        for (Future<List<LocatorLimits.Verdict>> f : asked) {
            verdicts.addAll(f.get());
        }
        threads.shutdown();
        assertThat(verdicts).filteredOn(LocatorLimits.Verdict::allowed).as("the burst, once").hasSize(4);
        assertThat(verdicts).filteredOn(v -> !v.allowed()).hasSize(36)
                .allSatisfy(v -> assertThat(v.refusedBy()).isEqualTo(LocatorLimits.RATE_LIMITED));
        assertThat(verdicts).filteredOn(LocatorLimits.Verdict::firstOfSpell).as("one spell").hasSize(1);

        clock.advance(Duration.ofSeconds(2)); // 30 a minute: one more token, for whichever node asks first
        assertThat(second.ask("police:kent|pc.ashdown").allowed()).isTrue();
        LocatorLimits.Verdict refused = first.ask("police:kent|pc.ashdown");
        assertThat(refused.refusedBy()).isEqualTo(LocatorLimits.RATE_LIMITED);
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(refused.firstOfSpell()).as("a new spell").isTrue();

        assertThat(first.answered("police:kent|pc.ashdown", false).allowed()).isTrue();
        assertThat(second.answered("police:kent|pc.ashdown", false).allowed()).isTrue();
        LocatorLimits.Verdict tripped = first.answered("police:kent|pc.ashdown", false);
        assertThat(tripped.refusedBy()).isEqualTo(LocatorLimits.PROBING);
        assertThat(tripped.firstOfSpell()).isTrue();
        clock.advance(Duration.ofMinutes(1));
        for (LocatorLimits node : List.of(first, second)) {
            LocatorLimits.Verdict probing = node.ask("police:kent|pc.ashdown");
            assertThat(probing.refusedBy()).isEqualTo(LocatorLimits.PROBING);
            assertThat(probing.retryAfter()).isEqualTo(Duration.ofMinutes(4));
            assertThat(probing.firstOfSpell()).isFalse();
        }
        assertThat(second.ask("police:kent|pc.brackenbury").allowed()).as("another caller").isTrue();
    }

    @Test
    void anIdleCallerIsForgottenButNotOneWhoseRefusalStillRuns() throws SQLException {
        LocatorLimits limits = limits("H2", SETTINGS);
        assertThat(limits.ask("idle").allowed()).isTrue();
        assertThat(limits.ask("prober").allowed()).isTrue();
        clock.advance(Duration.ofMinutes(4));
        for (int i = 0; i < 3; i++) {
            limits.answered("prober", false); // refused until 4 + 5 minutes from the start
        }
        assertThat(callers()).containsExactly("idle", "prober");

        clock.advance(Duration.ofMinutes(1).plusSeconds(30)); // the probing window since both were last seen
        assertThat(limits.ask("new").allowed()).isTrue();
        assertThat(callers()).as("idle for the probing window: pruned").containsExactly("new", "prober");
        assertThat(limits.ask("prober").refusedBy()).isEqualTo(LocatorLimits.PROBING);
    }

    @Test
    void aDatabaseThatCannotBeUsedFailsTheQueryAsUnavailable() throws Exception {
        LocatorLimits limits = limits("H2", SETTINGS);
        assertThat(limits.ask("a").allowed()).isTrue();
        database.close();
        database = null;
        assertThatThrownBy(() -> limits.ask("a")).isInstanceOf(AuditUnavailableException.class)
                .hasCauseInstanceOf(SQLException.class);
        assertThatThrownBy(() -> limits.answered("a", false)).isInstanceOf(AuditUnavailableException.class);
    }

    private List<String> callers() throws SQLException {
        List<String> callers = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT caller FROM locator_limit ORDER BY caller")) {
            while (r.next()) {
                callers.add(r.getString(1));
            }
        }
        return callers;
    }
}
