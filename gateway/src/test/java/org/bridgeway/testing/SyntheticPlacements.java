package org.bridgeway.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bridgeway.adapters.ssda903.ReturnPeriod;
import org.bridgeway.adapters.ssda903.Ssda903File;
import org.bridgeway.adapters.ssda903.Ssda903Translator;
import org.bridgeway.intake.JsonIntakeResult;
import org.bridgeway.intake.PlacementJsonIntake;
import org.bridgeway.model.Notice;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.PlacementNotice;
import org.bridgeway.reference.ReferenceData;

/**
 * Synthetic placement notices for pipeline tests, as the JSON documents a case-management system would send. Every
 * field of a placement notice is present, and every value is distinctive (made-up names, NHS numbers from the 999
 * test range with valid modulus-11 check digits, UPNs with valid check letters), so that a test can look for a
 * value in a delivered payload with a plain substring search.
 */
public final class SyntheticPlacements {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One notice's values, every one given. */
    public record Spec(String sourceReference, String localId, String nhsNumber, String upn, String givenName,
                       String familyName, String sex, String dateOfBirth, String ethnicity, String homePostcode,
                       String startDate, String reasonForNewEpisode, String legalStatus, String categoryOfNeed,
                       String type, String provider, String postcode, String providerUrn, String reasonForChange,
                       List<String> risks, boolean emergency) {
        /** A planned placement (not an emergency). */
        public Spec(String sourceReference, String localId, String nhsNumber, String upn, String givenName,
                    String familyName, String sex, String dateOfBirth, String ethnicity, String homePostcode,
                    String startDate, String reasonForNewEpisode, String legalStatus, String categoryOfNeed,
                    String type, String provider, String postcode, String providerUrn, String reasonForChange,
                    List<String> risks) {
            this(sourceReference, localId, nhsNumber, upn, givenName, familyName, sex, dateOfBirth, ethnicity,
                    homePostcode, startDate, reasonForNewEpisode, legalStatus, categoryOfNeed, type, provider, postcode,
                    providerUrn, reasonForChange, risks, false);
        }
    }

    /**
     * Three Kent (886) children placed in Manchester, Birmingham and Leeds, with every field a sender can send present
     * (emergency placements, so that the flag is present too).
     */
    public static final List<Spec> EVERY_FIELD = List.of(
            new Spec("kent-cms/test/zq-70411", "KTZ70411", "9990000026", "J886401723901", "Ottoline", "Brackenbury",
                    "female", "2010-03-17", "MWBC", "CT9 1XZ", "2025-06-02", "P", "J3", "N7", "K2", "PR4",
                    "M13 0JX", "SC7340219", "ALLEG", List.of("TRAFFICKED", "GANG"), true),
            new Spec("kent-cms/test/zq-88120", "KTZ88120", "9990000034", "Y886401723902", "Thaddeus", "Quenby",
                    "male", "2008-12-29", "BCRB", "TN23 4QW", "2025-07-21", "T", "V4", "N3", "R5", "PR2",
                    "B5 7QS", "SC9912044", "CUSTOD", List.of("CSE_PERPETRATOR", "UASC"), true),
            new Spec("kent-cms/test/zq-90533", "KTZ90533", "9990000042", "B886401723904", "Marisol", "Fenwright",
                    "female", "2012-07-08", "AOTH", "ME14 9XQ", "2025-09-30", "B", "L3", "N8", "P2", "PR0",
                    "LS6 2ZZ", "SC5561723", "CREQO", List.of("CCE", "MISSING_HISTORY", "CSE"), true));

    private SyntheticPlacements() {
    }

    /** The JSON document the placement API accepts, placed by Kent (886). */
    public static byte[] json(Spec s) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("placingAuthority", "886");
        doc.put("sourceReference", s.sourceReference());
        ObjectNode child = doc.putObject("child");
        child.put("localId", s.localId());
        child.put("nhsNumber", s.nhsNumber());
        child.put("upn", s.upn());
        child.put("givenName", s.givenName());
        child.put("familyName", s.familyName());
        child.put("sex", s.sex());
        child.put("dateOfBirth", s.dateOfBirth());
        child.put("ethnicity", s.ethnicity());
        child.put("homePostcode", s.homePostcode());
        ObjectNode placement = doc.putObject("placement");
        placement.put("startDate", s.startDate());
        placement.put("reasonForNewEpisode", s.reasonForNewEpisode());
        placement.put("legalStatus", s.legalStatus());
        placement.put("categoryOfNeed", s.categoryOfNeed());
        placement.put("type", s.type());
        placement.put("provider", s.provider());
        placement.put("postcode", s.postcode());
        placement.put("providerUrn", s.providerUrn());
        placement.put("reasonForChange", s.reasonForChange());
        if (s.emergency()) {
            placement.put("emergency", true);
        }
        s.risks().forEach(doc.putArray("risks")::add);
        try {
            return JSON.writeValueAsBytes(doc);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The notice the gateway's JSON intake makes of a spec; fails the test if the intake refuses it. */
    public static PlacementNotice notice(ReferenceData reference, Spec s) {
        JsonIntakeResult result = new PlacementJsonIntake(reference, () -> UUID.randomUUID().toString())
                .parse(json(s));
        if (result instanceof JsonIntakeResult.Accepted accepted) {
            return (PlacementNotice) accepted.notice();
        }
        throw new AssertionError("the synthetic notice " + s.sourceReference() + " was refused: "
                + ((JsonIntakeResult.Refused) result).violations());
    }

    /** The sample SSDA903 return (Kent 886, 2024-25). */
    public static Path sampleReturn() {
        return GatewayFixture.samples().resolve("ssda903").resolve("kent-2025");
    }

    /**
     * The notices the sample return translates to, by idempotency key (which does not depend on the exchange id,
     * so it matches the notices the gateway made of the same return).
     */
    public static Map<String, Notice> sampleReturnNoticesByKey(ReferenceData reference) {
        List<Ssda903File> files = new ArrayList<>();
        try (var paths = Files.list(sampleReturn())) {
            for (Path p : paths.sorted().toList()) {
                files.add(new Ssda903File(p.getFileName().toString(), Files.readString(p)));
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the sample return", e);
        }
        Map<String, Notice> byKey = new HashMap<>();
        new Ssda903Translator(reference).translate(files, Organisation.parseId("local-authority:886"),
                ReturnPeriod.asOf(LocalDate.now()), () -> UUID.randomUUID().toString()).notices().forEach(n -> byKey.put(n.idempotencyKey(), n));
        return byKey;
    }
}
