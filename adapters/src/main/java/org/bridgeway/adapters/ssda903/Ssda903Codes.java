package org.bridgeway.adapters.ssda903;

import java.util.List;
import java.util.stream.Stream;
import org.bridgeway.model.PlacementNotice;

/**
 * The SSDA903 code lists this adapter checks (shared/domain/README.md section 1.3; DfE validator rules). Public so
 * the FHIR renderings' published code systems and the NHS ethnic category mapping can be checked against them.
 */
public final class Ssda903Codes {
    /** Rule 101. */
    public static final List<String> SEX = List.of("1", "2");

    /** Rule 103. */
    public static final List<String> ETHNIC = List.of("WBRI", "WIRI", "WOTH", "WIRT", "WROM", "MWBC", "MWBA", "MWAS",
            "MOTH", "AIND", "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT");

    /** MOTHER: 1 the child is a mother, 0 not; blank when not applicable. */
    public static final List<String> MOTHER = List.of("1", "0");

    /** Rule 143. */
    public static final List<String> RNE = List.of("S", "L", "P", "T", "B", "U");

    /** RNE codes that start a placement; L is a change of legal status only. */
    public static final List<String> RNE_STARTS_PLACEMENT = List.of("S", "P", "T", "B", "U");

    /** Rule 144. */
    public static final List<String> LS = List.of("C1", "C2", "D1", "E1", "V2", "V3", "V4", "L1", "L2", "L3", "J1",
            "J2", "J3");

    public static final List<String> CIN = List.of("N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8");

    /**
     * Rule 146: the union of the 2024-25 list and the 2025-26 list (which drops H5, P2 and Z1 and adds K3 and
     * Z11-Z14), so that returns for either year are accepted.
     */
    public static final List<String> PLACE = List.of("A3", "A4", "A5", "A6", "H5", "K1", "K2", "K3", "P1", "P2", "P3",
            "R1", "R2", "R3", "R5", "S1", "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1",
            "Z11", "Z12", "Z13", "Z14");

    public static final List<String> PLACE_PROVIDER = List.of("PR0", "PR1", "PR2", "PR3", "PR4", "PR5");

    /** Rule 149: the ends of care, and X1, an episode that ceased for another to begin the same day. */
    public static final List<String> REC = Stream.concat(PlacementNotice.END_REASONS.stream(), Stream.of("X1"))
            .toList();

    /** Rule 1009. */
    public static final List<String> REASON_PLACE_CHANGE = List.of("CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB",
            "CREQO", "CHILD", "LAREQ", "PLACE", "CUSTOD", "OTHER");

    /** The Missing table's MISSING: M missing from care (whereabouts unknown), A away from placement without
     *  authorisation (whereabouts known). */
    public static final List<String> MISSING = List.of("M", "A");

    private Ssda903Codes() {
    }
}
