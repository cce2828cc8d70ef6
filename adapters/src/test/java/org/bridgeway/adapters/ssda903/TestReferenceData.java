package org.bridgeway.adapters.ssda903;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.GssCode;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.PoliceForceCode;
import org.bridgeway.reference.LocalAuthority;
import org.bridgeway.reference.PoliceForce;
import org.bridgeway.reference.ReferenceData;

/**
 * A small reference data set built in code (the shipped tables are written elsewhere): a few forces and
 * authorities with their real codes, and some postcode districts, two of them spanning two authorities.
 */
final class TestReferenceData {
    static final ReferenceData REFERENCE = build();
    static final Organisation KENT = REFERENCE.localAuthority(DfeLaCode.parse("886")).orElseThrow().organisation();

    private TestReferenceData() {
    }

    private static ReferenceData build() {
        List<PoliceForce> forces = List.of(
                force("kent", "Kent Police", "E23000032"),
                force("greater-manchester", "Greater Manchester Police", "E23000005"),
                force("lancashire", "Lancashire Constabulary", "E23000003"),
                force("west-midlands", "West Midlands Police", "E23000014"),
                force("west-yorkshire", "West Yorkshire Police", "E23000010"),
                force("sussex", "Sussex Police", "E23000033"),
                force("metropolitan", "Metropolitan Police Service", "E23000001"));
        List<LocalAuthority> las = List.of(
                la("886", "E10000016", "Kent", "kent"),
                la("887", "E06000035", "Medway", "kent"),
                la("352", "E08000003", "Manchester", "greater-manchester"),
                la("888", "E10000017", "Lancashire", "lancashire"),
                la("330", "E08000025", "Birmingham", "west-midlands"),
                la("383", "E08000035", "Leeds", "west-yorkshire"),
                la("846", "E06000043", "Brighton and Hove", "sussex"),
                la("210", "E09000028", "Southwark", "metropolitan"),
                la("208", "E09000022", "Lambeth", "metropolitan"));
        Map<String, List<GssCode>> districts = new LinkedHashMap<>();
        for (String d : List.of("ME14", "ME15", "CT1", "TN23", "DA1")) {
            districts.put(d, gss("E10000016"));
        }
        districts.put("ME4", gss("E06000035"));
        districts.put("ME7", gss("E06000035"));
        districts.put("ME5", gss("E06000035", "E10000016"));
        districts.put("M1", gss("E08000003"));
        districts.put("M13", gss("E08000003"));
        districts.put("PR1", gss("E10000017"));
        districts.put("L39", gss("E10000017"));
        districts.put("B5", gss("E08000025"));
        districts.put("LS6", gss("E08000035"));
        districts.put("BN2", gss("E06000043"));
        districts.put("BN3", gss("E06000043"));
        districts.put("SE16", gss("E09000028"));
        districts.put("SE1", gss("E09000028", "E09000022"));
        return new ReferenceData(forces, las, List.of(), districts);
    }

    private static PoliceForce force(String code, String name, String gss) {
        return new PoliceForce(PoliceForceCode.parse(code), name, Optional.of(GssCode.parse(gss)));
    }

    private static LocalAuthority la(String dfe, String gss, String name, String force) {
        return new LocalAuthority(DfeLaCode.parse(dfe), GssCode.parse(gss), name, PoliceForceCode.parse(force));
    }

    private static List<GssCode> gss(String... codes) {
        return java.util.Arrays.stream(codes).map(GssCode::parse).toList();
    }
}
