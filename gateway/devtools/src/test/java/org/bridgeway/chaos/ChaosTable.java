package org.bridgeway.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The suite's printed result: one row per scenario, then each scenario's recoveries, failure answers and notes. */
final class ChaosTable {
    private static final String HEADER = String.format("%-14s %6s %8s %9s %5s %5s %9s %9s %11s %10s %9s %7s",
            "scenario", "sent", "accepted", "delivered", "lost", "dup", "unaudited", "discl-not", "heads-back",
            "exid-chg", "fail-ans", "503s");

    private final List<String> rows = new ArrayList<>();
    private final List<String> details = new ArrayList<>();

    synchronized void add(ScenarioFigures f) {
        rows.add(String.format("%-14s %6d %8d %9d %5d %5d %9d %9d %11s %10s %9d %7d", f.scenario(), f.sent(),
                f.accepted(), f.delivered(), f.lost(), f.duplicated(), f.unaudited(), f.disclosedNotDelivered(),
                f.headsRolledBack() + "/" + f.headsSeen(), f.exchangeIdChanged() + "/" + f.resent(),
                f.failureAnswers(), f.unavailableAnswers()));
        details.add(f.scenario() + ":");
        details.add("  time to recover: " + String.join("; ", f.recoveries()));
        details.add("  notices sent more than once before their 202: " + f.retried());
        if (f.unanswered() > 0) {
            details.add("  never answered 202: " + f.unanswered() + " notice(s)");
        }
        for (Map.Entry<String, Long> kind : f.failureKinds().entrySet()) {
            details.add("  failure answer: " + kind.getKey() + " x" + kind.getValue());
        }
        f.notes().forEach(n -> details.add("  note: " + n));
    }

    synchronized void addError(Scenario scenario, Throwable error) {
        rows.add(String.format("%-14s ERROR: %s", scenario.name(), error.getMessage()));
    }

    /** One scenario's row and details under the header. */
    static String of(ScenarioFigures f) {
        ChaosTable one = new ChaosTable();
        one.add(f);
        return HEADER + "\n" + String.join("\n", one.rows) + "\n" + String.join("\n", one.details) + "\n";
    }

    synchronized String render() {
        StringBuilder out = new StringBuilder();
        out.append("== chaos suite (docs/chaos.md): must be 0: lost, dup, unaudited, discl-not, heads-back\n");
        out.append(HEADER).append('\n');
        rows.forEach(r -> out.append(r).append('\n'));
        out.append("heads-back = heads rolled back / heads seen; exid-chg = notices processed under another exchange id"
                + " than their 202's / notices re-sent after it;\n");
        out.append("fail-ans = answers other than 202 or a problem+json 503 with Retry-After; 503s = proper 503s\n");
        details.forEach(d -> out.append(d).append('\n'));
        return out.toString();
    }
}
