package org.bridgeway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.bridgeway.model.ExchangeType;
import org.bridgeway.model.ExclusionReason;
import org.bridgeway.model.NhsNumber;
import org.bridgeway.model.Notice;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.PlacementNotice;
import org.bridgeway.model.Postcode;
import org.bridgeway.reference.ReferenceData;
import org.bridgeway.testing.SyntheticExclusions;
import org.bridgeway.testing.SyntheticExclusions.Pupil;
import org.junit.jupiter.api.Test;

/**
 * Who could be told of a notice, by its exchange type's registered rule over the shipped reference data: the
 * candidates the policy is then asked about, whatever it answers.
 */
class RecipientResolverTest {
    private static final ReferenceData REFERENCE = ReferenceData.shipped();
    private static final Pupil PUPIL = new Pupil("878400119050", null, "Jayden", "Fictionby", LocalDate.of(2011, 8, 12));
    private static final LocalDate START = LocalDate.of(2026, 5, 20);

    private final RecipientResolver resolver = new RecipientResolver(REFERENCE, Exchanges.shipped());

    /** Kent (886) places a child with a provider in the area of {@code hostAuthority}. */
    private static PlacementNotice placedBy886In(String hostAuthority, String postcode) {
        return new PlacementNotice("exchange-1", Organisation.parseId("local-authority:886"), "key-1",
                new PlacementNotice.Child("KT1", Optional.of(NhsNumber.parse("9990000018")), Optional.empty(),
                        Optional.empty(), Optional.empty(), PlacementNotice.Sex.FEMALE, LocalDate.of(2010, 1, 2),
                        Optional.empty(), Optional.empty()),
                new PlacementNotice.Placement(START, "P", "C2", Optional.empty(), "U4", Optional.empty(),
                        Postcode.parse(postcode), Organisation.parseId("local-authority:" + hostAuthority),
                        Optional.empty(), Optional.empty()),
                List.of());
    }

    private List<String> relations(Notice notice) {
        return resolver.resolve(Dispatch.received(notice, Instant.EPOCH)).recipients().stream()
                .map(r -> r.id() + " as " + r.relation()).toList();
    }

    private List<String> recipients(Notice notice) {
        return resolver.resolve(Dispatch.received(notice, Instant.EPOCH)).recipients().stream()
                .map(Recipient::id).toList();
    }

    @Test
    void anOutOfAreaPlacementGoesToTheHostAreasPoliceAuthorityAndHealthTeam() {
        assertThat(recipients(placedBy886In("352", "M13 9PL")))
                .containsExactly("police:greater-manchester", "local-authority:352", "health:LAC352");
    }

    @Test
    void aPlacementInThePlacingAuthoritysOwnAreaDoesNotTellThatAuthorityOfItself() {
        assertThat(recipients(placedBy886In("886", "ME14 9XQ"))).containsExactly("police:kent", "health:LAC886");
    }

    @Test
    void anExclusionGoesToTheSchoolsAuthorityAndThePoliceOfItsAreaWhateverThePolicyWillSay() {
        assertThat(recipients(SyntheticExclusions.permanent(SyntheticExclusions.EXMOOR_VALE, PUPIL, START, ExclusionReason.DR)))
                .containsExactly("local-authority:878", "police:devon-and-cornwall");
        // Durham's force has not signed the exclusion protocol: still a candidate, for the policy to deny
        assertThat(recipients(SyntheticExclusions.suspension(SyntheticExclusions.DURHAM, PUPIL, START, 8, ExclusionReason.PA)))
                .containsExactly("local-authority:840", "police:durham");
    }

    @Test
    void eachCandidateComesInItsRelationToTheNotice() {
        assertThat(relations(placedBy886In("352", "M13 9PL"))).containsExactly(
                "police:greater-manchester as placement-area-force", "local-authority:352 as host-authority",
                "health:LAC352 as placement-area-health-team");
        assertThat(relations(SyntheticExclusions.permanent(SyntheticExclusions.EXMOOR_VALE, PUPIL, START,
                ExclusionReason.DR))).containsExactly("local-authority:878 as school-area-authority",
                "police:devon-and-cornwall as school-area-force");
    }

    @Test
    void aRuleThatNamesOneOrganisationInTwoRelationsIsAFaultNotTwoDeliveries() {
        Organisation kent = Organisation.parseId("police:kent");
        RecipientResolver twice = new RecipientResolver(REFERENCE, new Exchanges(List.of(
                ExchangeRegistration.of(ExchangeType.PLACEMENT_NOTIFICATION, PlacementNotice.class,
                        (notice, reference) -> List.of(new Recipient(kent, "placement-area-force"),
                                new Recipient(kent, "home-force"))))));

        assertThatThrownBy(() -> twice.recipientsOf(placedBy886In("886", "ME14 9XQ")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("police:kent twice, as placement-area-force and as home-force");
    }

    @Test
    void aRelationIsALowerCaseSlug() {
        Organisation kent = Organisation.parseId("police:kent");
        assertThat(new Recipient(kent, "area-force").id()).isEqualTo("police:kent");
        for (String bad : new String[] {"Area-Force", "area force", "area-", "-area", "area--force", ""}) {
            assertThatThrownBy(() -> new Recipient(kent, bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lower-case slug");
        }
        assertThatThrownBy(() -> new Recipient(kent, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aNoticeOfAnUnregisteredTypeIsRefused() {
        RecipientResolver placementsOnly = new RecipientResolver(REFERENCE, new Exchanges(List.of(
                Exchanges.shipped().of(ExchangeType.PLACEMENT_NOTIFICATION))));

        assertThatThrownBy(() -> placementsOnly.recipientsOf(
                SyntheticExclusions.permanent(SyntheticExclusions.EXMOOR_VALE, PUPIL, START, ExclusionReason.DR)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exclusion-notice");
    }

    @Test
    void aRegistrationReplacedIsCarriedInPlaceOfItsTypesAndTheOthersAsTheyWere() {
        Exchanges shipped = Exchanges.shipped();
        ExchangeRegistration placements = shipped.of(ExchangeType.PLACEMENT_NOTIFICATION);
        Exchanges kentOnly = shipped.replacing(placements.withRecipients((notice, reference) -> List.of(
                new Recipient(Organisation.parseId("police:kent"), "placement-area-force"))));
        RecipientResolver resolver = new RecipientResolver(REFERENCE, kentOnly);

        assertThat(resolver.recipientsOf(placedBy886In("352", "M13 9PL"))).extracting(Recipient::id)
                .containsExactly("police:kent");
        assertThat(kentOnly.of(ExchangeType.PLACEMENT_NOTIFICATION).steps()).isEqualTo(placements.steps());
        assertThat(kentOnly.all()).hasSameSizeAs(shipped.all());
        assertThat(resolver.recipientsOf(SyntheticExclusions.permanent(SyntheticExclusions.EXMOOR_VALE, PUPIL, START,
                ExclusionReason.DR))).extracting(Recipient::id)
                .containsExactly("local-authority:878", "police:devon-and-cornwall");
        Exchanges placementsOnly = new Exchanges(List.of(placements));
        assertThatThrownBy(() -> placementsOnly.replacing(shipped.of(ExchangeType.EXCLUSION_NOTICE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exclusion-notice");
    }
}
