package org.bridgeway.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bridgeway.store.DatabasePassword;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.TestPki;

/**
 * Runs one {@link Scenario} against a fresh gateway process: notices flow from the start, the fault is injected
 * after a warm-up, the load goes on for a while after the last fault, then every notice still in flight is
 * settled, every accepted notice is sent once more, every mailbox is drained and the final audit log is read.
 * Each wait has a cap, so that a gateway that never recovers makes a failing row, not a hung build.
 */
final class ScenarioRun {
    private static final Duration FIRST_ANSWER = Duration.ofSeconds(60);
    private static final Duration RECOVERY = Duration.ofSeconds(45);
    private static final Duration SETTLE = Duration.ofSeconds(40);
    private static final Duration RESEND = Duration.ofSeconds(20);
    private static final Duration DRAIN = Duration.ofSeconds(90);
    private static final Duration SIGTERM_PATIENCE = Duration.ofSeconds(30);
    private static final long SMALL_FILESYSTEM_BYTES = 256L << 20;

    private final ChaosSettings settings;
    private final Scenario scenario;
    private final Path directory;
    private final KillablePostgres postgres;
    private final Timeline timeline = new Timeline();
    private final AnswerTally tally = new AnswerTally(timeline);
    private final List<String> notes = new ArrayList<>();
    private final long began = System.nanoTime();

    ScenarioRun(ChaosSettings settings, Scenario scenario, Path directory, KillablePostgres postgres) {
        this.settings = settings;
        this.scenario = scenario;
        this.directory = directory;
        this.postgres = postgres;
    }

    ScenarioFigures run() {
        Path data = directory.resolve("data");
        Path logs = directory.resolve("logs");
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SmallFilesystem disk = scenario.fault() == Scenario.Fault.DISK_FULL
                ? SmallFilesystem.mount(data, SMALL_FILESYSTEM_BYTES, settings.namespaceMount()) : null;
        int port = GatewayFixture.freePort();
        GatewayProcess gateway = new GatewayProcess(disk == null ? List.of() : disk.launcher(),
                settings.gatewayJvmOptions(), serveArguments(data, port), environment(), logs, port);
        timeline.gatewayAlive(gateway::alive);
        ApiClients api = new ApiClients(port, timeline);
        PlacementLoad load = new PlacementLoad(api, timeline, tally, scenario.name(), settings.threads(),
                settings.noticesPerSecond());
        HeadWatch heads = new HeadWatch(api, tally);
        try {
            progress("starting the gateway");
            start(gateway);
            if (disk != null) {
                notes.add("disk: " + disk.how());
            }
            load.start();
            heads.start();
            Timeline.Fault first = timeline.begin("gateway start");
            timeline.end(first);
            if (!timeline.awaitRecovery(first, FIRST_ANSWER)) {
                throw new IllegalStateException("no notice was accepted within " + FIRST_ANSWER.toSeconds()
                        + " s of the gateway's start; see " + gateway.latestLog());
            }
            progress("first notice accepted");
            Pause.of(settings.warmUp());
            inject(gateway, disk);
            progress("faults done");
            ensureServing(gateway);
            Pause.of(settings.tail());
            load.stopNew();
            if (!load.awaitSettled(SETTLE)) {
                notes.add("some notices were still unanswered " + SETTLE.toSeconds() + " s after the load stopped");
            }
            progress("load settled: " + load.accepted() + " of " + load.notices().size() + " accepted");
            ensureServing(gateway);
            load.resend(RESEND);
            progress("re-sent the accepted notices");
            FinalLog before = FinalLog.read(api, PlacementLoad.SENDER, DRAIN);
            List<MailboxDrain.Drained> drained = new MailboxDrain(api).drain(before.recipients(), DRAIN);
            progress("drained " + drained.size() + " messages");
            heads.close();
            FinalLog last = FinalLog.read(api, PlacementLoad.SENDER, DRAIN);
            progress("read the final log: " + last.size() + " entries");
            notes.add("gateway logs: " + logs + "; each finding: " + directory.resolve("findings.txt"));
            return ScenarioFigures.of(scenario.name(), load.notices(), drained, last, heads.heads(), tally,
                    timeline.faults().subList(1, timeline.faults().size()), notes, directory.resolve("findings.txt"));
        } finally {
            heads.close();
            load.close();
            gateway.close();
            if (disk != null) {
                disk.close();
            }
        }
    }

    private void inject(GatewayProcess gateway, SmallFilesystem disk) {
        switch (scenario.fault()) {
            case KILL_9 -> {
                for (int k = 1; k <= settings.kills(); k++) {
                    Timeline.Fault fault = timeline.begin("kill -9 #" + k);
                    progress(fault.what);
                    timeline.killing();
                    gateway.kill();
                    timeline.end(fault); // recovery is timed from the relaunch: start-up is part of it
                    start(gateway);
                    timeline.awaitRecovery(fault, RECOVERY);
                    Pause.of(settings.betweenKills());
                }
            }
            case SIGTERM -> {
                Timeline.Fault fault = timeline.begin("SIGTERM");
                progress(fault.what);
                if (!gateway.terminate(SIGTERM_PATIENCE)) {
                    notes.add("the gateway had not exited " + SIGTERM_PATIENCE.toSeconds()
                            + " s after SIGTERM; killed");
                    timeline.killing();
                    gateway.kill();
                }
                timeline.end(fault);
                start(gateway);
                timeline.awaitRecovery(fault, RECOVERY);
            }
            case POSTGRES_DOWN -> {
                Timeline.Fault fault = timeline.begin("PostgreSQL killed for " + settings.outage().toSeconds() + " s");
                progress(fault.what);
                postgres.kill();
                Pause.of(settings.outage());
                postgres.restart();
                timeline.end(fault);
                timeline.awaitRecovery(fault, RECOVERY);
            }
            case DISK_FULL -> {
                Timeline.Fault fault = timeline.begin("disk full for " + settings.outage().toSeconds() + " s");
                progress(fault.what);
                long filled = disk.fill();
                notes.add("disk: filled " + (filled >> 20) + " MiB to the last page");
                Pause.of(settings.outage());
                disk.free();
                timeline.end(fault);
                timeline.awaitRecovery(fault, RECOVERY);
            }
        }
    }

    /**
     * After the faults, and before the resend and the drain, the gateway must serve: if it exited by itself, or
     * never recovered from the fault, it is restarted (and the row says so), so that the rest of the scenario runs
     * and what the gateway kept can still be counted.
     */
    private void ensureServing(GatewayProcess gateway) {
        List<Timeline.Fault> faults = timeline.faults();
        Timeline.Fault last = faults.get(faults.size() - 1);
        if (gateway.alive() && last.settled()) {
            return;
        }
        last.abandon();
        progress("restarting the gateway: " + (gateway.alive() ? "not recovered" : "exited"));
        notes.add(gateway.alive() ? "the gateway did not recover by itself from the last fault; restarted by the "
                + "suite" : "the gateway exited by itself; restarted by the suite");
        timeline.killing();
        gateway.kill();
        start(gateway);
    }

    /** A progress line on the console, so that a slow step shows where the suite's minutes go. */
    private void progress(String step) {
        System.out.printf("chaos: %-14s +%5.1f s  %s%n", scenario.name(), (System.nanoTime() - began) / 1e9, step);
    }

    private void start(GatewayProcess gateway) {
        timeline.started();
        gateway.start();
        if (!gateway.awaitListening()) {
            throw new IllegalStateException("the gateway did not start listening; see " + gateway.latestLog());
        }
    }

    private List<String> serveArguments(Path data, int port) {
        List<String> args = new ArrayList<>(List.of("--data", data.toString(), "--port", Integer.toString(port),
                "--tls-dir", TestPki.directory().toString()));
        if (scenario.store() == Scenario.Store.POSTGRESQL) {
            args.addAll(List.of("--database-url", database().jdbcUrl(), "--database-user", database().user()));
        }
        return args;
    }

    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        if (scenario.store() == Scenario.Store.POSTGRESQL) {
            env.put(DatabasePassword.ENVIRONMENT_VARIABLE, database().password());
        }
        return env;
    }

    private KillablePostgres.Database database;

    private KillablePostgres.Database database() {
        if (database == null) {
            database = postgres.newDatabase("chaos_" + scenario.name().replace('-', '_'));
        }
        return database;
    }
}
