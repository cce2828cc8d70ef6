package org.bridgeway.locator;

/**
 * The kinds of involvement the locator holds, as CP-IS does: looked after (any legal status: care order, interim
 * order, s.20 accommodation), a child protection plan, and an unborn child's protection plan (held against the
 * expectant mother's keys until the birth). Children in need are not held. The legal status and the plan's category
 * are never held.
 */
public enum Involvement {
    LOOKED_AFTER, CHILD_PROTECTION_PLAN, UNBORN_CHILD_PROTECTION_PLAN
}
