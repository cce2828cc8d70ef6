package org.bridgeway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.bridgeway.intake.PlacementJsonIntake;
import org.bridgeway.model.Notice;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.PlacementNotice;
import org.bridgeway.pipeline.Dispatch;
import org.bridgeway.reference.ReferenceData;
import org.junit.jupiter.api.Test;

/**
 * The placement form is read by the placement API's own intake: each error it finds is shown beside the form field
 * it is about, nothing is sent while there is one, and a right form is sent as the person's own authority's notice.
 */
class PlacementFormErrorsBesideTheirFieldsTest {
    private static final Organisation KENT = Organisation.parseId("local-authority:886");
    private static final ConsolePerson SOCIAL_WORKER = new ConsolePerson("3f6c0d0e-0000-4000-8000-000000000003",
            "alex.morgan", "Alex Morgan", KENT, Optional.empty(), Set.of(ConsoleRole.SOCIAL_WORKER), "id-token");

    private final List<Notice> sent = new ArrayList<>();
    private final PlacementForm form = new PlacementForm(
            new PlacementJsonIntake(ReferenceData.shipped(), () -> UUID.randomUUID().toString())::parse,
            notice -> {
                sent.add(notice);
                return Dispatch.received(notice, java.time.Instant.parse("2025-10-14T09:00:00Z"));
            });

    /** A synthetic child placed in a Manchester children's home (NHS number of the 999 range, valid check digit). */
    private static Map<String, String> placedInManchester() {
        Map<String, String> form = new HashMap<>();
        form.put("child.localId", "KT40311");
        form.put("child.givenName", "Nia");
        form.put("child.familyName", "Testwell");
        form.put("child.dateOfBirth", "2010-05-12");
        form.put("child.sex", "female");
        form.put("child.nhsNumber", "999 000 0018");
        form.put("placement.startDate", "2025-10-14");
        form.put("placement.reasonForNewEpisode", "P");
        form.put("placement.legalStatus", "C2");
        form.put("placement.type", "K2");
        form.put("placement.postcode", "M13 9PL");
        form.put("placement.emergency", "yes");
        form.put("risks.CCE", "CCE");
        return form;
    }

    @Test
    void aDocumentFieldIsTheFormFieldOfTheSameName() {
        assertThat(PlacementForm.formField("child.nhsNumber")).isEqualTo("child.nhsNumber");
        assertThat(PlacementForm.formField("/child/dateOfBirth")).isEqualTo("child.dateOfBirth");
        assertThat(PlacementForm.formField("placement.type")).isEqualTo("placement.type");
        assertThat(PlacementForm.formField("placement.localAuthority")).isEqualTo("placement.localAuthority");
        assertThat(PlacementForm.formField("highRiskOfExploitation")).isEqualTo("highRiskOfExploitation");
    }

    @Test
    void anErrorOfTheRisksOrOfNoFieldTheFormHasGoesToTheNearestOne() {
        assertThat(PlacementForm.formField("risks")).isEqualTo("risks");
        assertThat(PlacementForm.formField("risks.2")).isEqualTo("risks");
        assertThat(PlacementForm.formField("sourceReference")).isEqualTo("child.localId");
        assertThat(PlacementForm.formField("placingAuthority")).isEqualTo("child.localId");
        assertThat(PlacementForm.formField("placement.event")).isEqualTo("placement.startDate");
        assertThat(PlacementForm.formField("")).isEqualTo("child.localId");
    }

    @Test
    void theIntakesErrorsAreBesideTheirFieldsInTheFormsOrderAndNothingIsSent() {
        Map<String, String> typed = placedInManchester();
        typed.put("child.nhsNumber", "9990000017"); // the check digit of 999 000 001 is 8
        typed.remove("placement.legalStatus");
        typed.put("placement.postcode", "ZE1 0AA"); // a district the reference data does not hold

        PlacementForm.Result result = form.send(SOCIAL_WORKER, typed);

        assertThat(result).isInstanceOf(PlacementForm.Result.Invalid.class);
        List<PlacementForm.FieldError> errors = ((PlacementForm.Result.Invalid) result).errors();
        assertThat(errors).extracting(PlacementForm.FieldError::field)
                .containsExactly("child.nhsNumber", "placement.legalStatus", "placement.postcode");
        assertThat(errors.get(0).message()).contains("modulus-11");
        assertThat(errors.get(1).message()).isEqualTo("Is required");
        assertThat(errors.get(2).message()).contains("the host authority's DfE number")
                .doesNotContain("placement.localAuthority");
        assertThat(errors).extracting(PlacementForm.FieldError::id)
                .containsExactly("child-nhsNumber", "placement-legalStatus", "placement-postcode");
        assertThat(sent).as("nothing is sent while a field is wrong").isEmpty();
    }

    @Test
    void aRightFormIsSentAsThePersonsOwnAuthoritysNoticeToTheHostArea() {
        PlacementForm.Result result = form.send(SOCIAL_WORKER, placedInManchester());

        assertThat(result).isInstanceOf(PlacementForm.Result.Sent.class);
        PlacementNotice notice = (PlacementNotice) sent.get(0);
        assertThat(notice.sender()).isEqualTo(KENT);
        assertThat(notice.placement().localAuthority().id()).isEqualTo("local-authority:352");
        assertThat(notice.child().nhsNumber()).map(n -> n.value()).contains("9990000018");
        assertThat(notice.risks()).containsExactly("CCE");
        assertThat(notice.notification().emergency()).isTrue();
    }

    @Test
    void theSamePlacementSentAgainHasTheSameReference() {
        assertThat(PlacementForm.sourceReference(placedInManchester())).isEqualTo("console:KT40311:2025-10-14");
        Map<String, String> odd = Map.of("child.localId", "KT 403/11", "placement.startDate", "14/10/2025");
        assertThat(PlacementForm.sourceReference(odd)).matches("^[A-Za-z0-9._:/-]+$");
    }

    @Test
    void onlyACouncilPlacesAChild() {
        ConsolePerson school = new ConsolePerson("3f6c0d0e-0000-4000-8000-000000000004", "tom.reid", "Tom Reid",
                Organisation.parseId("school:118888"), Optional.empty(),
                Set.of(ConsoleRole.DESIGNATED_SAFEGUARDING_LEAD), "id-token");

        assertThatThrownBy(() -> form.send(school, placedInManchester())).isInstanceOf(IllegalArgumentException.class);
        assertThat(sent).isEmpty();
    }
}
