package org.bridgeway.model;

/**
 * Who reported the missing episode to the gateway: the police force that took the report, or, for a looked-after
 * child missing from placement, the council, the children's home or the foster carer (their reports reach the
 * gateway through the council's system, so the council is the sender).
 */
public enum ReportedBy {
    POLICE, LOCAL_AUTHORITY, CHILDRENS_HOME, FOSTER_CARER;

    public String code() {
        return name();
    }

    public static ReportedBy fromCode(String text) {
        return Codes.parse(values(), text, "reported-by.code", "the reporter");
    }
}
