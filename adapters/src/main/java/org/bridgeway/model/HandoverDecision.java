package org.bridgeway.model;

/**
 * An asked authority's answer to a custody handover. Every answer accepts the child: an authority must receive a
 * child transferred under PACE s.38(6) (Children Act 1989 s.21(2)(b); Concordat principle 4), so there is no
 * refusal; when nobody answers, the force may certify, and the certificate says the authority failed to provide.
 */
public enum HandoverDecision {
    /** Accepted into non-secure accommodation (the authority chooses which: foster, children's home, home). */
    ACCEPT_NON_SECURE,
    /** Accepted into secure accommodation (a secure request only). */
    ACCEPT_SECURE,
    /** Secure accommodation was requested and none is available: non-secure accommodation is offered instead. */
    SECURE_UNAVAILABLE_NON_SECURE_OFFERED;

    /** The decision with this code, or the rule it breaks. */
    public static HandoverDecision fromCode(String code) {
        try {
            return valueOf(code);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("handover.decision.code", "must be ACCEPT_NON_SECURE, ACCEPT_SECURE or"
                    + " SECURE_UNAVAILABLE_NON_SECURE_OFFERED: an authority cannot refuse a PACE s.38(6) transfer");
        }
    }
}
