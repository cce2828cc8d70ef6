package org.bridgeway.adapters.ssda903;

import java.util.List;
import java.util.Set;

/**
 * The tables of an SSDA903 return and their columns, from the DfE validator ({@code lac_validator/config.py}).
 * A file is recognised by its header row: column names are compared case-insensitively and in any order, and
 * extra columns are allowed. Only {@link #HEADER} and {@link #EPISODES} are used for placement notices;
 * {@link #MISSING} is read for the gateway's reconciliation with the missing episodes it carried; the others are
 * recognised and left aside.
 */
public enum Ssda903Table {
    HEADER("header", "CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"),
    EPISODES("episodes", "CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
            "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"),
    REVIEWS("reviews", "CHILD", "DOB", "REVIEW", "REVIEW_CODE"),
    UASC("uasc", "CHILD", "SEX", "DOB", "DUC"),
    OC2("oc2", "CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS",
            "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED",
            "INTERVENTION_OFFERED"),
    OC3("oc3", "CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"),
    AD1("ad1", "CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"),
    PLACED_ADOPTION("placed-adoption", "CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED",
            "REASON_PLACED_CEASED"),
    PREV_PERM("prev-perm", "CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"),
    MISSING("missing", "CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"),
    SW_EPISODES("sw-episodes", "CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"),
    DOLO("dolo", "CHILD", "DOB", "DOLO_START", "DOLO_END");

    private final String slug;
    private final List<String> columns;

    Ssda903Table(String slug, String... columns) {
        this.slug = slug;
        this.columns = List.of(columns);
    }

    /** The table's name in summaries and messages, e.g. "episodes", "placed-adoption". */
    public String slug() {
        return slug;
    }

    /** The table's columns in specification order, upper case. */
    public List<String> columns() {
        return columns;
    }

    /** The columns of this table that are not among {@code present} (upper-case names). */
    public List<String> missingFrom(Set<String> present) {
        return columns.stream().filter(c -> !present.contains(c)).toList();
    }
}
