package org.bridgeway.model;

/** The child's condition when found or returned, as the finder records it; a notice may give several. */
public enum FoundCondition {
    SAFE_AND_WELL, INJURED, INTOXICATED, DISTRESSED, OTHER;

    public String code() {
        return name();
    }

    public static FoundCondition fromCode(String text) {
        return Codes.parse(values(), text, "found-condition.code", "the condition when found");
    }
}
