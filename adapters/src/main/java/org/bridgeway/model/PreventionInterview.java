package org.bridgeway.model;

/**
 * The police prevention interview (formerly "safe and well check") after the child's return: done, not done
 * (yet), or declined by the child. It is not the local authority's return home interview.
 */
public enum PreventionInterview {
    DONE, NOT_DONE, DECLINED;

    public String code() {
        return name();
    }

    public static PreventionInterview fromCode(String text) {
        return Codes.parse(values(), text, "prevention-interview.code", "the prevention interview");
    }
}
