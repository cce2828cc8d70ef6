package org.bridgeway.policy;

import java.nio.file.Path;
import java.util.List;
import org.bridgeway.model.ExchangeType;

/**
 * The thresholds of the repeated-suspension early warning, from {@code policies/early-warnings/repeated-suspensions.yaml}:
 * {@code suspensions} suspensions of the same pupil, each longer than {@code moreThanDays} school days, starting within
 * {@code windowDays} days, are a pattern; a suspension is remembered for {@code retentionDays} days after it is
 * recorded. Validated when the gateway starts: a missing, unknown or out-of-range member is a
 * {@link PolicyLoadException} naming the file and field, and the gateway does not start.
 *
 * @param agreement the information sharing agreement under which the suspensions are received and remembered
 */
public record EarlyWarningPolicy(String id, String agreement, String exchangeType, int suspensions, int moreThanDays,
                                 int windowDays, int retentionDays) {
    public static final String REPEATED_SUSPENSIONS_FILE = "repeated-suspensions.yaml";
    private static final List<String> MEMBERS = List.of("id", "agreement", "exchangeType", "suspensions",
            "moreThanDays", "windowDays", "retentionDays");

    /** Reads and validates the repeated-suspension thresholds in {@code directory}. */
    public static EarlyWarningPolicy repeatedSuspensions(Path directory) {
        EarlyWarningFile t = EarlyWarningFile.read(directory.resolve(REPEATED_SUSPENSIONS_FILE), MEMBERS);
        String exchangeType = t.exactly("exchangeType", ExchangeType.EXCLUSION_NOTICE.slug(),
                "the repeated-suspension warning watches " + ExchangeType.EXCLUSION_NOTICE.slug() + " only");
        EarlyWarningPolicy p = new EarlyWarningPolicy(t.text("id"), t.text("agreement"), exchangeType,
                t.number("suspensions", 2, 20), t.number("moreThanDays", 0, 45), t.number("windowDays", 1, 3660),
                t.number("retentionDays", 1, 3660));
        if (p.retentionDays() < p.windowDays()) {
            throw t.refused("retentionDays", "retentionDays (" + p.retentionDays() + ") must be at least windowDays ("
                    + p.windowDays() + "), or a pattern is forgotten before it can be complete");
        }
        return p;
    }
}
