package org.bridgeway.model;

import java.util.Locale;

/**
 * The DfE reason codes for a suspension or permanent exclusion (shared/domain/README.md section 2.2): the
 * England set used to 2019/20 and the set from 2020/21 (extended around 2024/25), which kept PP, PA, VP, VA, BU,
 * RA, SM, DA, DM and TH. An exclusion carries up to three.
 *
 * <p>All codes of both sets are accepted, because which codes are valid in which census year is not confirmed
 * (especially MP, SR, VR, AB, MB and DB); {@link #legacy()} marks the two that only the earlier set has.
 */
public enum ExclusionReason {
    PP("physical assault against a pupil"),
    PA("physical assault against an adult"),
    VP("verbal abuse/threatening behaviour against a pupil"),
    VA("verbal abuse/threatening behaviour against an adult"),
    BU("bullying"),
    RA("racist abuse"),
    SM("sexual misconduct"),
    DA("drug and alcohol related"),
    DM("damage"),
    TH("theft"),
    PD("persistent disruptive behaviour", true),
    OT("other", true),
    OW("use or threat of an offensive weapon/prohibited item"),
    BW("brought a weapon/prohibited item into school"),
    TB("cyber-bullying or threatening behaviour online"),
    LG("abuse against sexual orientation/gender identity"),
    DS("abuse relating to disability"),
    SB("harmful sexual behaviour"),
    MB("misogyny"),
    AB("misandry"),
    DR("drug related"),
    AR("alcohol related"),
    SR("smoking related"),
    VR("vape related"),
    LD("persistent disruptive: low-level"),
    CB("persistent disruptive: challenging"),
    DB("persistent/general disruptive"),
    MT("inappropriate use of social media/online technology"),
    MP("mobile phone"),
    OS("misbehaviour outside school"),
    PH("repeated breach of public-health measures");

    private final String description;
    private final boolean legacy;

    ExclusionReason(String description) {
        this(description, false);
    }

    ExclusionReason(String description, boolean legacy) {
        this.description = description;
        this.legacy = legacy;
    }

    /** The two-letter census code. */
    public String code() {
        return name();
    }

    public String description() {
        return description;
    }

    /** True for codes of the set used to 2019/20 only (PD, OT): still read, for records of those years. */
    public boolean legacy() {
        return legacy;
    }

    /** Reads a code in any case. */
    public static ExclusionReason fromCode(String text) {
        String code = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        for (ExclusionReason r : values()) {
            if (r.name().equals(code)) {
                return r;
            }
        }
        throw new InvalidValueException("exclusion-reason.code", "exclusion reason is not one of the DfE reason codes ("
                + String.join(", ", java.util.Arrays.stream(values()).map(Enum::name).toList()) + ")");
    }
}
