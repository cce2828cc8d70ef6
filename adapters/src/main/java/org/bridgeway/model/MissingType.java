package org.bridgeway.model;

/**
 * SSDA903 MISSING: {@code M} missing (whereabouts not known), {@code A} away from placement without authorisation
 * (whereabouts known, and the carer is concerned or has told the local authority or the police). Used for children
 * missing from home too, where the same distinction holds.
 */
public enum MissingType {
    MISSING("M"), AWAY("A");

    private final String code;

    MissingType(String code) {
        this.code = code;
    }

    /** The SSDA903 code, M or A. */
    public String code() {
        return code;
    }

    public static MissingType fromCode(String text) {
        return Codes.parse(values(), MissingType::code, text, "missing-type.code",
                "the episode type (M missing, A away without authorisation)");
    }
}
