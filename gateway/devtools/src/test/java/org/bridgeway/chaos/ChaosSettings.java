package org.bridgeway.chaos;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The suite's knobs, each a system property ({@code mvn verify -Dbridgeway.chaos.rate=100}); the defaults keep the
 * whole suite near five minutes on the 2-core build machine. docs/chaos.md lists them.
 */
record ChaosSettings(int threads, double noticesPerSecond, int kills, Duration warmUp, Duration betweenKills,
                     Duration tail, Duration outage, Duration budget, List<String> gatewayJvmOptions,
                     boolean namespaceMount, List<String> only,
                     boolean failOnFaultAnswers, boolean failOnChangedExchangeIds) {
    static final String PREFIX = "bridgeway.chaos.";

    /**
     * Fail on failure answers (500, 404, empty bodies, resets, timeouts: anything but 202 or a problem+json 503 with
     * Retry-After) and on notices never answered 202. Off by default: Vert.x 4 closes a listener's open connections
     * with it, so a connection opened in the very instant the listener closes at the end of a SIGTERM drain can be
     * cut, however rarely (docs/chaos.md); the figures are printed either way.
     */
    static final String FAIL_ON_FAULT_ANSWERS = PREFIX + "failOnFaultAnswers";

    /**
     * Fail when an accepted notice sent again is answered with another exchange id, or is disclosed under two
     * (issue 11, point 4). On by default; {@code -Dbridgeway.chaos.failOnChangedExchangeIds=false} turns it off.
     */
    static final String FAIL_ON_CHANGED_EXCHANGE_IDS = PREFIX + "failOnChangedExchangeIds";

    static ChaosSettings fromSystemProperties() {
        String only = System.getProperty(PREFIX + "scenarios", "").strip();
        return new ChaosSettings(
                Integer.getInteger(PREFIX + "threads", 6),
                Double.parseDouble(System.getProperty(PREFIX + "rate", "30")),
                Integer.getInteger(PREFIX + "kills", 3),
                seconds("warmUp", 5),
                seconds("betweenKills", 3),
                seconds("tail", 4),
                seconds("outage", 8),
                seconds("budget", 600),
                // a bounded heap, so that the suite's processes fit side by side; the client compiler only, since
                // every restart is a cold JVM whose optimising compiler would take a core for its first minute
                List.of(System.getProperty(PREFIX + "gatewayJvm", "-Xmx1g -XX:TieredStopAtLevel=1").strip()
                        .split("\\s+")),
                Boolean.getBoolean(PREFIX + "namespaceMount"),
                only.isEmpty() ? List.of() : Arrays.stream(only.split(",")).map(String::strip).toList(),
                Boolean.getBoolean(FAIL_ON_FAULT_ANSWERS),
                Boolean.parseBoolean(System.getProperty(FAIL_ON_CHANGED_EXCHANGE_IDS, "true")));
    }

    /** The scenarios of {@code all} this run runs: all, or those {@code -Dbridgeway.chaos.scenarios} names. */
    List<Scenario> select(List<Scenario> all) {
        return all.stream().filter(this::runs).toList();
    }

    private boolean runs(Scenario scenario) {
        return only.isEmpty() || only.contains(scenario.name());
    }

    private static Duration seconds(String name, int defaultSeconds) {
        return Duration.ofSeconds(Integer.getInteger(PREFIX + name, defaultSeconds));
    }
}
