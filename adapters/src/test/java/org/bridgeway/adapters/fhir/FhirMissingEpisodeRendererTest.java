package org.bridgeway.adapters.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.bridgeway.adapters.RenderFixtures;
import org.bridgeway.model.EpisodeUpdate;
import org.bridgeway.model.ExchangeType;
import org.bridgeway.model.MinimisedNotice;
import org.bridgeway.model.MissingEpisodeNotice;
import org.bridgeway.model.MissingEpisodeNotice.Fields;
import org.bridgeway.model.MissingFixtures;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.OrganisationType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

class FhirMissingEpisodeRendererTest {
    static final Organisation HEALTH_TEAM = new Organisation(OrganisationType.HEALTH_TEAM, "X9M01",
            "Kent Looked After Children Health Team");
    static final Instant ISSUED_AT = Instant.parse("2026-03-03T10:41:02.125Z");

    /** What domain note A6 gives a health team: identifiers, name, birth date, type, start and end, grade only. */
    static final Set<String> HEALTH_TEAM_FIELDS = Set.of(Fields.EPISODE_ID, Fields.UPDATE, Fields.TYPE, Fields.START,
            Fields.END, Fields.RISK_LEVEL, Fields.CHILD_NHS_NUMBER, Fields.CHILD_GIVEN_NAME, Fields.CHILD_FAMILY_NAME,
            Fields.CHILD_DATE_OF_BIRTH, Fields.CHILD_SEX, Fields.CHILD_LOOKED_AFTER, Fields.CHILD_PLACING_AUTHORITY,
            Fields.FOUND_CONDITION, Fields.HEALTH_CONCERNS);

    private final FhirMissingEpisodeRenderer renderer = new FhirMissingEpisodeRenderer();

    static MissingEpisodeNotice foundNotice() {
        return MissingFixtures.found().build().withStrategyDiscussionPrompt("3 episodes in 30 days");
    }

    static MinimisedNotice minimised(MissingEpisodeNotice notice, Set<String> permitted) {
        Map<String, String> fields = new HashMap<>(notice.fields());
        fields.keySet().retainAll(permitted);
        Map<String, String> ordered = new java.util.LinkedHashMap<>();
        notice.fields().keySet().stream().filter(fields::containsKey).forEach(k -> ordered.put(k, fields.get(k)));
        return new MinimisedNotice(notice.exchangeId(), ExchangeType.MISSING_EPISODE, notice.sender(), HEALTH_TEAM,
                ordered, ISSUED_AT);
    }

    static MinimisedNotice full() {
        return minimised(foundNotice(), foundNotice().fields().keySet());
    }

    private String text(MinimisedNotice n) {
        return new String(renderer.render(n), StandardCharsets.UTF_8);
    }

    @Test
    void rendersTheFullFoundUpdateAsTheGoldenFile() {
        RenderFixtures.assertGolden("fhir/missing-found-full.json", renderer.render(full()));
    }

    @Test
    void rendersTheHealthTeamViewOfAReportAsTheGoldenFile() {
        RenderFixtures.assertGolden("fhir/missing-reported-health-team.json",
                renderer.render(minimised(MissingFixtures.notice(), HEALTH_TEAM_FIELDS)));
    }

    @Test
    void aMessageWithAFlagForTheEpisode() {
        Bundle bundle = FhirPlacementRenderer.parse(renderer.render(full()));
        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.MESSAGE);
        assertThat(bundle.getIdentifier().getValue()).isEqualTo("bx-me-0001");
        MessageHeader header = (MessageHeader) bundle.getEntryFirstRep().getResource();
        assertThat(header.getEventCoding().getSystem()).isEqualTo(FhirMissingEpisodeRenderer.EVENT_SYSTEM);
        assertThat(header.getEventCoding().getCode()).isEqualTo("missing-found");
        Flag flag = resource(bundle, header.getFocusFirstRep().getReference(), Flag.class);
        assertThat(flag.getStatus()).isEqualTo(Flag.FlagStatus.INACTIVE);
        assertThat(flag.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("missing-episode");
        assertThat(flag.getCode().getCodingFirstRep().getCode()).isEqualTo("M");
        assertThat(flag.getPeriod().getStartElement().getValueAsString()).isEqualTo("2026-03-01T18:30:00Z");
        assertThat(flag.getPeriod().getEndElement().getValueAsString()).isEqualTo("2026-03-03T09:15:00Z");
        assertThat(flag.getExtensionByUrl(FhirMissingEpisodeRenderer.RISK_LEVEL_EXTENSION).getValue()
                .primitiveValue()).isNull(); // a Coding, not a primitive
        assertThat(((org.hl7.fhir.r4.model.Coding) flag.getExtensionByUrl(
                FhirMissingEpisodeRenderer.RISK_LEVEL_EXTENSION).getValue()).getCode()).isEqualTo("HIGH");
        assertThat(flag.getIdentifier()).extracting(Identifier::getSystem, Identifier::getValue).containsExactly(
                org.assertj.core.groups.Tuple.tuple(FhirMissingEpisodeRenderer.EPISODE_ID_SYSTEM,
                        MissingFixtures.EPISODE_ID),
                org.assertj.core.groups.Tuple.tuple(FhirMissingEpisodeRenderer.POLICE_REFERENCE_SYSTEM_PREFIX
                        + "greater-manchester", MissingFixtures.POLICE_REFERENCE));
        Patient patient = resource(bundle, flag.getSubject().getReference(), Patient.class);
        assertThat(patient.getIdentifier()).extracting(Identifier::getSystem).containsExactly(
                FhirPlacementRenderer.NHS_NUMBER_SYSTEM, FhirPlacementRenderer.LA_CHILD_ID_SYSTEM_PREFIX + "886",
                FhirPlacementRenderer.UPN_SYSTEM);
        assertThat(bundle.getEntry()).hasSize(5);
    }

    @Test
    void eachUpdateIsItsOwnEventAndTheFlagIsActiveWhileTheChildIsMissing() {
        Map<EpisodeUpdate, String> expected = Map.of(EpisodeUpdate.REPORTED, "missing-reported",
                EpisodeUpdate.RISK_REGRADED, "missing-risk-changed", EpisodeUpdate.FOUND, "missing-found",
                EpisodeUpdate.CLOSED, "missing-closed");
        for (EpisodeUpdate update : EpisodeUpdate.values()) {
            MissingFixtures.Builder b = update == EpisodeUpdate.REPORTED ? MissingFixtures.report()
                    : MissingFixtures.report().update(update).episodeId(MissingFixtures.EPISODE_ID);
            if (update == EpisodeUpdate.FOUND) {
                b = MissingFixtures.found();
            }
            MissingEpisodeNotice notice = b.build();
            Bundle bundle = renderer.toBundle(minimised(notice, notice.fields().keySet()));
            assertThat(((MessageHeader) bundle.getEntryFirstRep().getResource()).getEventCoding().getCode())
                    .isEqualTo(expected.get(update));
            Flag flag = (Flag) bundle.getEntry().get(1).getResource();
            assertThat(flag.getStatus()).as(update.name()).isEqualTo(
                    update == EpisodeUpdate.FOUND || update == EpisodeUpdate.CLOSED ? Flag.FlagStatus.INACTIVE
                            : Flag.FlagStatus.ACTIVE);
        }
        Bundle noUpdate = renderer.toBundle(minimised(MissingFixtures.notice(), Set.of(Fields.TYPE)));
        assertThat(((MessageHeader) noUpdate.getEntryFirstRep().getResource()).getEventCoding().getCode())
                .isEqualTo("missing-episode");
    }

    /** Every field's value, when rendered, disappears when withheld; the sender's own code is always shown. */
    @Test
    void everyWithheldFieldAppearsNowhere() {
        String all = text(full());
        for (Map.Entry<String, String> field : full().fields().entrySet()) {
            if (field.getValue().equals(full().sender().code())) {
                continue;
            }
            Set<String> permitted = new java.util.HashSet<>(full().fields().keySet());
            permitted.remove(field.getKey());
            String without = text(minimised(foundNotice(), permitted));
            for (String value : field.getValue().split(",")) {
                if (all.contains("\"" + value + "\"") && !value.equals("true")) {
                    assertThat(without).as("%s withheld", field.getKey()).doesNotContain("\"" + value + "\"");
                }
            }
        }
    }

    @Test
    void whatAHealthMessageHasNoPlaceForIsNeverRendered() {
        String out = text(full());
        MissingEpisodeNotice n = foundNotice();
        for (String field : Set.of(Fields.CIRCUMSTANCES, Fields.CONCERNS, Fields.RISK_RATIONALE,
                Fields.MISSING_FROM_POSTCODE, Fields.LAST_SEEN_LOCATION, Fields.FOUND_WITH, Fields.FOUND_LOCATION,
                Fields.PHILOMENA_DESCRIPTION, Fields.PHILOMENA_ASSOCIATES, Fields.PHILOMENA_PLACES_FREQUENTED,
                Fields.PHILOMENA_MEDICAL_NEEDS, Fields.STRATEGY_DISCUSSION_PROMPT)) {
            assertThat(n.fields()).containsKey(field);
            assertThat(out).as(field).doesNotContain(n.fields().get(field));
        }
    }

    @Test
    void onlyMissingEpisodesAndTheSameBytesEveryTime() {
        assertThatThrownBy(() -> renderer.render(RenderFixtures.full())).isInstanceOf(IllegalArgumentException.class);
        assertThat(renderer.render(full())).isEqualTo(new FhirMissingEpisodeRenderer().render(full()));
        assertThat(renderer.format()).isEqualTo("fhir-r4");
    }

    private static <T> T resource(Bundle bundle, String fullUrl, Class<T> type) {
        return bundle.getEntry().stream().filter(e -> e.getFullUrl().equals(fullUrl)).findFirst()
                .map(e -> type.cast(e.getResource())).orElseThrow();
    }
}
