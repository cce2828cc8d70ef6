package org.bridgeway.model;

import java.util.Locale;

/**
 * The police risk grade of a missing episode on the single continuum of the College of Policing APP (2017):
 * no apparent risk, low, medium, high.
 *
 * <p>Some force systems still send the pre-2017 {@code ABSENT} category; it is read as {@link #NO_APPARENT_RISK}
 * (absent became the lowest band of the continuum) and the notice keeps the grade as sent, so a reader sees it was
 * mapped ({@code episode.riskLevelAsSent}).
 */
public enum RiskLevel {
    NO_APPARENT_RISK, LOW, MEDIUM, HIGH;

    /** The legacy grade some systems still send: "absent", no apparent risk. */
    public static final String LEGACY_ABSENT = "ABSENT";

    public String code() {
        return name();
    }

    /** Reads a grade in any case; {@code ABSENT} is read as {@link #NO_APPARENT_RISK}. */
    public static RiskLevel fromCode(String text) {
        if (isLegacyAbsent(text)) {
            return NO_APPARENT_RISK;
        }
        try {
            return Codes.parse(values(), text, "risk-level.code", "the risk level");
        } catch (InvalidValueException e) {
            throw new InvalidValueException(e.rule(), e.getMessage() + " (or the legacy " + LEGACY_ABSENT + ")");
        }
    }

    /** True when the text is the legacy {@code ABSENT} grade, which {@link #fromCode} maps. */
    public static boolean isLegacyAbsent(String text) {
        return text != null && text.strip().toUpperCase(Locale.ROOT).equals(LEGACY_ABSENT);
    }
}
