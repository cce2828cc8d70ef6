package org.bridgeway.adapters;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Optional;
import org.bridgeway.adapters.fhir.FhirPlacementRenderer;
import org.bridgeway.adapters.json.JsonNoticeRenderer;
import org.bridgeway.model.MinimisedNotice;
import org.bridgeway.model.PlacementNotice;
import org.bridgeway.model.PlacementNotice.Fields;
import org.junit.jupiter.api.Test;

/**
 * A late emergency notice built from an SSDA903 return, as its recipients read it: how late it is, that it carries
 * no names and how to reach the placing authority, in JSON and in the health team's FHIR message (goldens).
 */
class TimelinessRenderingTest {
    private static final String OFFICE = "01632 960276, childrens.services@kent.example (children's services office:"
            + " weekdays 09:00-17:00)";
    private static final String OUT_OF_HOURS = "01632 960277 (emergency duty team: weekdays 00:00-09:00 and"
            + " 17:00-24:00; weekends 00:00-24:00; bank holidays 00:00-24:00)";

    /** The fixture's placement as a return would give it (no names), an emergency, measured 3 working days late. */
    static MinimisedNotice lateFromAReturn() {
        PlacementNotice full = RenderFixtures.placement();
        PlacementNotice.Child child = full.child();
        PlacementNotice notice = new PlacementNotice(full.exchangeId(), full.sender(), full.idempotencyKey(),
                new PlacementNotice.Child(child.localId(), Optional.empty(), child.upn(), Optional.empty(),
                        Optional.empty(), child.sex(), child.dateOfBirth(), child.ethnicity(), child.homePostcode()),
                full.placement(), full.risks(), PlacementNotice.Lifecycle.STARTED, false,
                PlacementNotice.Notification.sent(PlacementNotice.Source.SSDA903_RETURN, true)
                        .measured(LocalDate.parse("2025-09-08"), LocalDate.parse("2025-09-05"), 1)
                        .withContacts(OFFICE, OUT_OF_HOURS));
        return new MinimisedNotice(notice.exchangeId(), notice.exchangeType(), notice.sender(),
                RenderFixtures.HEALTH_TEAM, notice.fields(), RenderFixtures.ISSUED_AT);
    }

    @Test
    void theJsonSaysHowLateWhyNoNamesAndWhomToCall() {
        byte[] json = new JsonNoticeRenderer().render(lateFromAReturn());

        RenderFixtures.assertGolden("json/placement-late-from-return.json", json);
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"timeliness\": \"LATE\"",
                PlacementNotice.NAMES_NOT_CARRIED, OFFICE, OUT_OF_HOURS);
    }

    @Test
    void theFhirMessageCarriesTheSameAsExtensions() {
        MinimisedNotice notice = lateFromAReturn();
        assertThat(notice.fields()).containsKeys(Fields.NOTIFICATION_TIMELINESS, Fields.CHILD_NAMES_NOT_CARRIED);

        byte[] fhir = new FhirPlacementRenderer().render(notice);

        RenderFixtures.assertGolden("fhir/placement-late-from-return.json", fhir);
        assertThat(new String(fhir, StandardCharsets.UTF_8)).contains(
                FhirPlacementRenderer.NOTIFICATION_TIMELINESS_EXTENSION, FhirPlacementRenderer.NAMES_NOT_CARRIED_EXTENSION,
                FhirPlacementRenderer.OFFICE_CONTACT_EXTENSION, FhirPlacementRenderer.OUT_OF_HOURS_CONTACT_EXTENSION);
    }
}
