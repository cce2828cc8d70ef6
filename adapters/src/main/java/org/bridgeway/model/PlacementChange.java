package org.bridgeway.model;

/**
 * How a placement changed: a new carer or address within the same area (SSDA903 RNE P, T, B or U with the placement
 * authority unchanged), or a move to another area, whose own recipients are then told as of a start.
 */
public enum PlacementChange {
    NEW_CARER_OR_ADDRESS, MOVED_AREA;

    public String code() {
        return name();
    }

    public static PlacementChange fromCode(String text) {
        return Codes.parse(values(), text, "placement.change.code", "placement.change");
    }
}
