package org.bridgeway.model;

/**
 * What a placement notice tells of its placement (the ADCS / College of Policing protocol's "new, changed or ended";
 * CPPCR Regulations 2010 reg 13 for a placement, reg 14 for its end): a placement started, changed (new carer or
 * address, or a move to another area), or ended. A notice whose sender names no event tells of a start.
 */
public enum PlacementEvent {
    STARTED, CHANGED, ENDED;

    public String code() {
        return name();
    }

    public static PlacementEvent fromCode(String text) {
        return Codes.parse(values(), text, "placement.event.code", "placement.event");
    }
}
