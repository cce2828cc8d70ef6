package org.bridgeway.handover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.bridgeway.directory.AuthorityDirectory;
import org.bridgeway.fault.RuleRefused;
import org.bridgeway.locator.ResponsibleAuthorityLocator;
import org.bridgeway.model.ChildIdentity;
import org.bridgeway.model.CustodyHandoverNotice;
import org.bridgeway.model.CustodyHandoverNotice.AccommodationType;
import org.bridgeway.model.CustodyHandoverNotice.BailRefusalGround;
import org.bridgeway.model.CustodyHandoverNotice.ResponsibleFoundBy;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.NhsNumber;
import org.bridgeway.model.PoliceForceCode;
import org.bridgeway.model.Postcode;
import org.bridgeway.reference.ReferenceData;
import org.bridgeway.testing.GatewayFixture;
import org.junit.jupiter.api.Test;

/**
 * Who a custody handover asks: the responsible authority by the locator first, then the home postcode, then the
 * force's word, else nobody (and only the suite authority is asked); the suite authority always, and in the force's
 * area; one authority that is both asked once; each at its directory mailbox.
 */
class HandoverPartiesTest {
    private static final ReferenceData REFERENCE = ReferenceData.shipped();
    private static final AuthorityDirectory DIRECTORY = AuthorityDirectory.load(
            GatewayFixture.projectRoot().resolve("policies").resolve("directory"), REFERENCE);
    private static final PoliceForceCode KENT_POLICE = new PoliceForceCode("kent");
    private static final DfeLaCode KENT = new DfeLaCode("886");
    private static final DfeLaCode MANCHESTER = new DfeLaCode("352");
    private static final DfeLaCode MEDWAY = new DfeLaCode("887");
    private static final Instant AT = Instant.parse("2026-12-04T01:30:00Z");

    @Test
    void theLocatorIsBelievedBeforeTheHomePostcodeAndTheForcesWord() {
        ResponsibleAuthorityLocator knowsTheChild = (keys, at) -> keys.nhsNumber().isPresent()
                ? Optional.of(new ResponsibleAuthorityLocator.Located(MEDWAY, Optional.empty(), "LOOKED_AFTER",
                LocalDate.parse("2025-01-01"), Optional.empty())) : Optional.empty();
        HandoverParties parties = new HandoverParties(REFERENCE, DIRECTORY, knowsTheChild);

        assertThat(parties.responsible(request(true, true, true), AT))
                .isEqualTo(new HandoverParties.Responsible(Optional.of(MEDWAY), ResponsibleFoundBy.LOCATOR));
        assertThat(parties.responsible(request(false, true, true), AT))
                .isEqualTo(new HandoverParties.Responsible(Optional.of(MANCHESTER), ResponsibleFoundBy.HOME_POSTCODE));
        assertThat(parties.responsible(request(false, false, true), AT))
                .isEqualTo(new HandoverParties.Responsible(Optional.of(MANCHESTER), ResponsibleFoundBy.FORCE));
        assertThat(parties.responsible(request(false, false, false), AT))
                .isEqualTo(new HandoverParties.Responsible(Optional.empty(), ResponsibleFoundBy.NOT_FOUND));
    }

    @Test
    void theSuiteAuthorityIsAlwaysAskedOnceAndInTheForcesArea() {
        HandoverParties parties = new HandoverParties(REFERENCE, DIRECTORY, ResponsibleAuthorityLocator.NONE);

        assertThat(parties.suiteAuthority(KENT_POLICE, request(false, false, false))).isEqualTo(KENT);
        assertThatThrownBy(() -> parties.suiteAuthority(new PoliceForceCode("greater-manchester"),
                request(false, false, false))).isInstanceOfSatisfying(RuleRefused.class,
                r -> assertThat(r.rule()).isEqualTo(HandoverParties.SUITE_OTHER_FORCE));

        List<CustodyHandoverNotice.AskedAuthority> both = parties.asked(KENT, Optional.of(MANCHESTER));
        assertThat(both).extracting(a -> a.authority().value() + " " + a.relation() + " " + a.mailbox().id())
                .containsExactly("886 suite-authority local-authority:886",
                        "352 responsible-authority local-authority:352");
        assertThat(parties.asked(KENT, Optional.of(KENT))).as("one authority that is both is asked once")
                .extracting(CustodyHandoverNotice.AskedAuthority::relation).containsExactly("suite-authority");
        assertThat(parties.asked(KENT, Optional.empty())).hasSize(1);
    }

    private static CustodyHandoverNotice.Request request(boolean nhsNumber, boolean homePostcode, boolean named) {
        ChildIdentity child = new ChildIdentity(Optional.empty(),
                nhsNumber ? Optional.of(NhsNumber.parse("9990000018")) : Optional.empty(), Optional.empty(),
                Optional.of("Tamsin"), Optional.of("Quarrington"), Optional.of(LocalDate.parse("2011-03-01")),
                Optional.empty(), Optional.empty());
        OffsetDateTime charged = OffsetDateTime.parse("2026-12-04T01:20:00Z");
        return new CustodyHandoverNotice.Request("KNT/26/0417", "Margate custody suite", KENT, "Sgt 1234 Example",
                Optional.empty(), Optional.empty(), Optional.empty(),
                new CustodyHandoverNotice.Child(child, homePostcode ? Optional.of(Postcode.parse("M1 1AA"))
                        : Optional.empty(), Optional.empty(), named ? Optional.of(MANCHESTER) : Optional.empty()),
                Optional.empty(), charged, Optional.empty(), List.of(BailRefusalGround.FAILURE_TO_APPEAR),
                AccommodationType.NON_SECURE, Optional.empty(), "Margate Magistrates' Court", charged.plusHours(9));
    }
}
