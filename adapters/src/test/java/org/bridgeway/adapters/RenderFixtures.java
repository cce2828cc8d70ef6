package org.bridgeway.adapters;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bridgeway.model.MinimisedNotice;
import org.bridgeway.model.NhsNumber;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.OrganisationType;
import org.bridgeway.model.PlacementChange;
import org.bridgeway.model.PlacementNotice;
import org.bridgeway.model.PlacementNotice.Fields;
import org.bridgeway.model.Postcode;
import org.bridgeway.model.Upn;

/** Synthetic placement notices for renderer tests, and golden-file comparison. */
public final class RenderFixtures {
    public static final Organisation PLACING_LA =
            new Organisation(OrganisationType.LOCAL_AUTHORITY, "886", "Kent County Council");
    public static final Organisation HOST_LA =
            new Organisation(OrganisationType.LOCAL_AUTHORITY, "887", "Medway Council");
    public static final Organisation HEALTH_TEAM =
            new Organisation(OrganisationType.HEALTH_TEAM, "X9M01", "Medway Looked After Children Health Team");
    public static final Instant ISSUED_AT = Instant.parse("2025-09-02T10:15:30.250Z");

    public static final String NHS_NUMBER = "9990000018";
    public static final String DATE_OF_BIRTH = "2010-03-17";
    public static final String ETHNICITY = "WBRI";

    /** Fields a looked-after children's health team typically receives: no ethnicity, UPN or provider details. */
    public static final Set<String> HEALTH_TEAM_FIELDS = Set.of(Fields.PLACING_AUTHORITY, Fields.CHILD_LOCAL_ID,
            Fields.CHILD_NHS_NUMBER, Fields.CHILD_GIVEN_NAME, Fields.CHILD_FAMILY_NAME, Fields.CHILD_SEX,
            Fields.CHILD_DATE_OF_BIRTH, Fields.PLACEMENT_START_DATE, Fields.PLACEMENT_LEGAL_STATUS,
            Fields.PLACEMENT_TYPE, Fields.PLACEMENT_POSTCODE, Fields.PLACEMENT_LOCAL_AUTHORITY);

    private RenderFixtures() {
    }

    /** A placement notice with every field filled in (synthetic person). */
    public static PlacementNotice placement() {
        PlacementNotice.Child child = new PlacementNotice.Child("KCC-0042917",
                Optional.of(NhsNumber.parse(NHS_NUMBER)), Optional.of(Upn.parse("V886123410001")),
                Optional.of("Jordan"), Optional.of("Testwell"), PlacementNotice.Sex.MALE,
                LocalDate.parse(DATE_OF_BIRTH), Optional.of(ETHNICITY), Optional.of(Postcode.parse("CT1 2AB")));
        PlacementNotice.Placement placement = new PlacementNotice.Placement(LocalDate.parse("2025-08-29"), "S", "C2",
                Optional.of("N1"), "K2", Optional.of("PR4"), Postcode.parse("ME4 6TR"), HOST_LA,
                Optional.of("SC123456"), Optional.of("CARPL"));
        return new PlacementNotice("bx-2025-000123", PLACING_LA, "886:KCC-0042917:2025-08-29", child, placement,
                List.of("CSE", "MISSING_HISTORY")); // the protocol's codes, as the intakes accept them
    }

    /** The placement of {@link #placement()} ended on 2026-02-13 (REC E4A, returned home), judged high risk. */
    public static PlacementNotice ended() {
        PlacementNotice start = placement();
        return new PlacementNotice("bx-2026-000456", PLACING_LA, "886:KCC-0042917:2025-08-29:ended", start.child(),
                start.placement(), start.risks(),
                PlacementNotice.Lifecycle.ended(LocalDate.parse("2026-02-13"), "E4A"), true);
    }

    /** The child of {@link #placement()} moved on 2026-01-05 from Medway to a new placement in Kent's own area. */
    public static PlacementNotice movedArea() {
        PlacementNotice start = placement();
        PlacementNotice.Placement p = start.placement();
        PlacementNotice.Placement moved = new PlacementNotice.Placement(LocalDate.parse("2026-01-05"), "P",
                p.legalStatus(), p.categoryOfNeed(), "U1", Optional.empty(), Postcode.parse("CT2 7NZ"), PLACING_LA,
                Optional.empty(), Optional.of("CARPL"));
        return new PlacementNotice("bx-2026-000401", PLACING_LA, "886:KCC-0042917:2026-01-05:changed", start.child(),
                moved, start.risks(), PlacementNotice.Lifecycle.changed(PlacementChange.MOVED_AREA,
                        Optional.of(LocalDate.parse("2026-01-05")), Optional.of(HOST_LA)), false);
    }

    /** The whole notice as the given recipient would see it if every field were permitted. */
    public static MinimisedNotice full() {
        return minimised(placement().fields().keySet());
    }

    /** {@code notice} whole, as the health team would see it if every field were permitted. */
    public static MinimisedNotice whole(PlacementNotice notice) {
        return minimised(notice, notice.fields().keySet());
    }

    /** The notice minimised to the given fields (in the notice's own order). */
    public static MinimisedNotice minimised(Set<String> permitted) {
        return minimised(placement(), permitted);
    }

    private static MinimisedNotice minimised(PlacementNotice notice, Set<String> permitted) {
        Map<String, String> kept = new LinkedHashMap<>();
        notice.fields().forEach((name, value) -> {
            if (permitted.contains(name)) {
                kept.put(name, value);
            }
        });
        return new MinimisedNotice(notice.exchangeId(), notice.exchangeType(), notice.sender(), HEALTH_TEAM, kept,
                ISSUED_AT);
    }

    public static MinimisedNotice without(String... withheld) {
        Set<String> permitted = new java.util.HashSet<>(placement().fields().keySet());
        List.of(withheld).forEach(permitted::remove);
        return minimised(permitted);
    }

    /**
     * Compares rendered bytes with {@code src/test/resources/render/<name>}. Run the tests with
     * {@code -Dbridgeway.golden.update=true} to rewrite the expected files after a deliberate change of shape.
     */
    public static void assertGolden(String name, byte[] actual) {
        String text = new String(actual, StandardCharsets.UTF_8);
        if (Boolean.getBoolean("bridgeway.golden.update")) {
            try {
                Path file = Path.of("src/test/resources/render", name);
                Files.createDirectories(file.getParent());
                Files.writeString(file, text.endsWith("\n") ? text : text + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        String expected;
        try (InputStream in = RenderFixtures.class.getResourceAsStream("/render/" + name)) {
            assertThat(in).as("golden file render/%s", name).isNotNull();
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(text.stripTrailing()).as("rendering of render/%s", name).isEqualTo(expected.replace("\r\n", "\n").stripTrailing());
    }
}
