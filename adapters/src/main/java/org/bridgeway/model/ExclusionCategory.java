package org.bridgeway.model;

import java.util.Locale;

/**
 * What kind of exclusion a school recorded (NPD exclusion "type"; shared/domain/README.md section 2.1).
 *
 * <p>"Suspension" replaced "fixed-period exclusion" from 2021/22. The domain notes cannot confirm whether the
 * census code is now SUSP or still FIXD, so both are read as {@link #SUSPENSION} and SUSP is what Bridgeway writes.
 * Lunchtime exclusions are not collected by the census but school systems record them (LNCH), and a pattern of them
 * matters to safeguarding, so they are carried.
 */
public enum ExclusionCategory {
    PERMANENT("PERM", "permanent exclusion"),
    SUSPENSION("SUSP", "suspension (fixed-period exclusion before 2021/22)"),
    LUNCHTIME("LNCH", "lunchtime exclusion");

    /** The code schools used for suspensions before 2021/22, still written by some systems. */
    public static final String LEGACY_SUSPENSION_CODE = "FIXD";

    private final String code;
    private final String description;

    ExclusionCategory(String code, String description) {
        this.code = code;
        this.description = description;
    }

    /** The code Bridgeway writes: PERM, SUSP or LNCH. */
    public String code() {
        return code;
    }

    public String description() {
        return description;
    }

    /** Reads PERM, SUSP, LNCH or the legacy FIXD, in any case. */
    public static ExclusionCategory fromCode(String text) {
        String code = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        if (code.equals(LEGACY_SUSPENSION_CODE)) {
            return SUSPENSION;
        }
        for (ExclusionCategory c : values()) {
            if (c.code.equals(code)) {
                return c;
            }
        }
        throw new InvalidValueException("exclusion-category.code",
                "exclusion category must be PERM (permanent), SUSP (suspension; FIXD is read as SUSP) or LNCH (lunchtime)");
    }
}
