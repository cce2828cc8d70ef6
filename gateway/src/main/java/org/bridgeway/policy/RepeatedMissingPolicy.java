package org.bridgeway.policy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.bridgeway.model.ExchangeType;
import org.bridgeway.model.RiskLevel;

/**
 * The thresholds of the repeated-missing watch, from {@code policies/early-warnings/repeated-missing.yaml}: a child
 * with {@code episodes} or more missing episodes starting within {@code windowDays} days, or missing longer than
 * {@code longerThanHours} hours, or graded {@code riskAtLeast} or higher, prompts a strategy discussion; an episode
 * is remembered for {@code retentionDays} days after its last update. Validated when the gateway starts: a missing,
 * unknown or out-of-range member is a {@link PolicyLoadException} naming the file and field, and the gateway does not
 * start.
 *
 * @param agreement   the information sharing agreement under which the episodes are received and remembered
 * @param riskAtLeast a risk grade of the APP continuum (NO_APPARENT_RISK, LOW, MEDIUM, HIGH)
 */
public record RepeatedMissingPolicy(String id, String agreement, String exchangeType, int episodes, int windowDays,
                                    int longerThanHours, String riskAtLeast, int retentionDays) {
    public static final String FILE = "repeated-missing.yaml";
    /** The APP risk continuum, lowest first. */
    public static final List<String> RISK_GRADES = Arrays.stream(RiskLevel.values()).map(RiskLevel::code).toList();
    private static final List<String> MEMBERS = List.of("id", "agreement", "exchangeType", "episodes", "windowDays",
            "longerThanHours", "riskAtLeast", "retentionDays");

    /** Reads and validates the repeated-missing thresholds in {@code directory}. */
    public static RepeatedMissingPolicy read(Path directory) {
        EarlyWarningFile t = EarlyWarningFile.read(directory.resolve(FILE), MEMBERS);
        String exchangeType = t.exactly("exchangeType", ExchangeType.MISSING_EPISODE.slug(),
                "the repeated-missing watch watches " + ExchangeType.MISSING_EPISODE.slug() + " only");
        RepeatedMissingPolicy p = new RepeatedMissingPolicy(t.text("id"), t.text("agreement"), exchangeType,
                t.number("episodes", 2, 50), t.number("windowDays", 1, 366), t.number("longerThanHours", 1, 24 * 90),
                t.oneOf("riskAtLeast", RISK_GRADES.subList(1, RISK_GRADES.size())), t.number("retentionDays", 1, 3660));
        if (p.retentionDays() < p.windowDays()) {
            throw t.refused("retentionDays", "retentionDays (" + p.retentionDays() + ") must be at least windowDays ("
                    + p.windowDays() + "), or a pattern is forgotten before it can be complete");
        }
        return p;
    }

    /** Whether {@code grade} (a risk grade's code) is at or above the threshold. */
    public boolean meetsRisk(String grade) {
        return RISK_GRADES.indexOf(grade) >= RISK_GRADES.indexOf(riskAtLeast);
    }
}
