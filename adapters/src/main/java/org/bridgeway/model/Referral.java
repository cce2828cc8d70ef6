package org.bridgeway.model;

/**
 * A referral made after a return home interview: National Referral Mechanism (trafficking and modern slavery),
 * CAMHS, sexual health, substance misuse, early help, a Children Act 1989 s.47 enquiry, or another.
 */
public enum Referral {
    NRM, CAMHS, SEXUAL_HEALTH, SUBSTANCE_MISUSE, EARLY_HELP, S47, OTHER;

    public String code() {
        return name();
    }

    public static Referral fromCode(String text) {
        return Codes.parse(values(), text, "referral.code", "a referral");
    }
}
