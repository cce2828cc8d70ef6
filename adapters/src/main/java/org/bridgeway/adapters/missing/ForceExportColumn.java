package org.bridgeway.adapters.missing;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bridgeway.model.MissingEpisodeNotice.Fields;

/**
 * The columns of a force records-system export of missing-episode updates (one row per update), each with the
 * canonical field it fills. Documented in {@code docs/exchanges.md}; the order here is the order of the documented
 * header, though a file may give its columns in any order.
 */
public enum ForceExportColumn {
    FORCE(Fields.REPORTING_FORCE, true),
    REFERENCE(Fields.POLICE_REFERENCE, true),
    UPDATE(Fields.UPDATE, true),
    UPDATED_AT(Fields.UPDATED_AT, true),
    EPISODE_ID(Fields.EPISODE_ID, false),
    TYPE(Fields.TYPE, true),
    START(Fields.START, true),
    END(Fields.END, false),
    RISK(Fields.RISK_LEVEL, false),
    RISK_RATIONALE(Fields.RISK_RATIONALE, false),
    MISSING_FROM_POSTCODE(Fields.MISSING_FROM_POSTCODE, false),
    LAST_SEEN(Fields.LAST_SEEN_LOCATION, false),
    HOST_LA(Fields.HOST_AUTHORITY, false),
    CONCERNS(Fields.CONCERNS, false),
    CIRCUMSTANCES(Fields.CIRCUMSTANCES, false),
    CHILD_ID(Fields.CHILD_LOCAL_ID, false),
    NHS_NUMBER(Fields.CHILD_NHS_NUMBER, false),
    UPN(Fields.CHILD_UPN, false),
    GIVEN_NAME(Fields.CHILD_GIVEN_NAME, false),
    FAMILY_NAME(Fields.CHILD_FAMILY_NAME, false),
    DOB(Fields.CHILD_DATE_OF_BIRTH, false),
    SEX(Fields.CHILD_SEX, false),
    SCHOOL_URN(Fields.CHILD_SCHOOL_URN, false),
    HOME_POSTCODE(Fields.CHILD_HOME_POSTCODE, false),
    LOOKED_AFTER(Fields.CHILD_LOOKED_AFTER, true),
    PLACING_LA(Fields.CHILD_PLACING_AUTHORITY, false),
    FOUND_LA(Fields.FOUND_AUTHORITY, false),
    FOUND_LOCATION(Fields.FOUND_LOCATION, false),
    FOUND_WITH(Fields.FOUND_WITH, false),
    FOUND_CONDITION(Fields.FOUND_CONDITION, false),
    PREVENTION_INTERVIEW(Fields.PREVENTION_INTERVIEW, false),
    PREVENTION_INTERVIEW_AT(Fields.SAFE_AND_WELL_CHECK, false),
    HEALTH_CONCERNS(Fields.HEALTH_CONCERNS, false),
    PHILOMENA_HELD(Fields.PHILOMENA_FORM_HELD, false);

    /** Separates the codes of a list cell ({@code FOUND_CONDITION}): the comma separates cells. */
    public static final String LIST_SEPARATOR = ";";

    private final String field;
    private final boolean required;

    ForceExportColumn(String field, boolean required) {
        this.field = field;
        this.required = required;
    }

    /** The canonical field the column fills. */
    public String field() {
        return field;
    }

    /** The header must name this column (its cells may still be empty where the field is optional). */
    public boolean required() {
        return required;
    }

    /** Y or N in the file, true or false in the draft. */
    boolean yesNo() {
        return this == LOOKED_AFTER || this == PHILOMENA_HELD;
    }

    boolean list() {
        return this == FOUND_CONDITION;
    }

    /** The column named so, compared without case and surrounding spaces. */
    static Optional<ForceExportColumn> named(String header) {
        String name = header.strip().toUpperCase(java.util.Locale.ROOT);
        return Arrays.stream(values()).filter(c -> c.name().equals(name)).findFirst();
    }

    /** The column that fills a field, if any (none for the child as a whole). */
    static Optional<ForceExportColumn> ofField(String field) {
        return Arrays.stream(values()).filter(c -> c.field.equals(field)).findFirst();
    }

    /** The documented header, in order. */
    public static List<String> header() {
        return Arrays.stream(values()).map(Enum::name).toList();
    }
}
