package org.bridgeway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.bridgeway.model.CustodyHandoverNotice.AccommodationType;
import org.bridgeway.model.CustodyHandoverNotice.AskedAuthority;
import org.bridgeway.model.CustodyHandoverNotice.HandoverRecord;
import org.bridgeway.model.CustodyHandoverNotice.ResponsibleFoundBy;
import org.junit.jupiter.api.Test;

/**
 * The audit facts of every step, once the gateway has recorded the handover, are exactly the contract's keys (the
 * Concordat report reads only these), codes and times only; and a notice carries only its own step's part.
 */
class CustodyHandoverAuditFactsTest {
    private static final Organisation FORCE = new Organisation(OrganisationType.POLICE_FORCE, "kent", null);
    private static final Organisation MANCHESTER = new Organisation(OrganisationType.LOCAL_AUTHORITY, "352", null);
    private static final OffsetDateTime AT = OffsetDateTime.parse("2026-12-04T02:05:00+00:00");
    private static final HandoverRecord RECORD = new HandoverRecord(new PoliceForceCode("kent"), "KNT/26/0417",
            new DfeLaCode("886"), Optional.of(new DfeLaCode("352")), ResponsibleFoundBy.HOME_POSTCODE,
            AccommodationType.NON_SECURE, List.of(new AskedAuthority(new DfeLaCode("886"), AskedAuthority.SUITE,
            new Organisation(OrganisationType.LOCAL_AUTHORITY, "886", null))), Optional.empty(), Optional.of(true));
    private static final List<String> EVERY_STEP = List.of("handover.id", "handover.step", "custody.force",
            "handover.suiteAuthority", "handover.responsibleAuthority", "handover.stepAt");

    @Test
    void anAnswerHasTheActingAuthorityAndTheDecision() {
        CustodyHandoverNotice answer = step(MANCHESTER, HandoverStep.ANSWERED, Optional.empty(), Optional.of(
                new CustodyHandoverNotice.Answer(HandoverDecision.ACCEPT_NON_SECURE, "EDT manager", Optional.empty(),
                        Optional.empty(), Optional.empty())), Optional.empty());

        assertThat(answer.auditFacts().keySet()).containsExactlyInAnyOrderElementsOf(with("handover.actingAuthority",
                "handover.decision"));
        assertThat(answer.auditFacts()).containsEntry("handover.stepAt", "2026-12-04T02:05:00Z")
                .containsEntry("handover.actingAuthority", "352").containsEntry("custody.force", "kent");
    }

    @Test
    void aCertificateHasItsLimbReasonAndWhetherAnAuthorityFailed() {
        CustodyHandoverNotice certified = step(FORCE, HandoverStep.CERTIFIED, Optional.empty(), Optional.empty(),
                Optional.of(new CustodyHandoverNotice.Certificate(CustodyHandoverNotice.CertificateLimb.IMPRACTICABLE,
                        CustodyHandoverNotice.ReasonCategory.NO_AUTHORITY_ANSWERED, "nobody answered",
                        "Insp 4321 Example", "Margate Magistrates' Court")));

        assertThat(certified.auditFacts().keySet()).containsExactlyInAnyOrderElementsOf(with("certificate.limb",
                "certificate.reasonCategory", "certificate.authorityFailedToProvide"));
        assertThat(certified.auditFacts()).doesNotContainValue("nobody answered")
                .containsEntry("certificate.authorityFailedToProvide", "true");
    }

    @Test
    void anAcknowledgementHasTheActingAuthorityOnly() {
        CustodyHandoverNotice acknowledged = step(MANCHESTER, HandoverStep.ACKNOWLEDGED,
                Optional.of(new CustodyHandoverNotice.Acknowledgement("EDT duty worker")), Optional.empty(),
                Optional.empty());

        assertThat(acknowledged.auditFacts().keySet()).containsExactlyInAnyOrderElementsOf(
                with("handover.actingAuthority"));
    }

    @Test
    void aStepCarriesItsOwnPartOnlyAndComesFromItsOwnSide() {
        assertThatThrownBy(() -> step(FORCE, HandoverStep.ACKNOWLEDGED,
                Optional.of(new CustodyHandoverNotice.Acknowledgement("EDT duty worker")), Optional.empty(),
                Optional.empty())).isInstanceOfSatisfying(InvalidNoticeException.class, e -> assertThat(
                e.violations()).extracting(FieldViolation::rule).containsExactly(CustodyHandoverNotice.Rules.SENDER));
        assertThatThrownBy(() -> step(MANCHESTER, HandoverStep.ANSWERED,
                Optional.of(new CustodyHandoverNotice.Acknowledgement("EDT duty worker")), Optional.empty(),
                Optional.empty())).isInstanceOfSatisfying(InvalidNoticeException.class, e -> assertThat(
                e.violations()).extracting(FieldViolation::rule).containsExactly(CustodyHandoverNotice.Rules.STEP_PARTS));
    }

    @Test
    void theAgeAtChargeDecidesTheDutyAndTheSecureLimb() {
        OffsetDateTime charged = OffsetDateTime.parse("2026-12-04T01:20:00Z");
        assertThat(CustodyHandoverNotice.Request.check(null, LocalDate.parse("2008-12-05"), null, charged,
                List.of(CustodyHandoverNotice.BailRefusalGround.FAILURE_TO_APPEAR), AccommodationType.NON_SECURE, null,
                charged.plusHours(9))).as("17 the day before the 18th birthday").isEmpty();
        assertThat(CustodyHandoverNotice.Request.check(null, LocalDate.parse("2014-12-05"), null, charged,
                List.of(CustodyHandoverNotice.BailRefusalGround.FURTHER_OFFENCES), AccommodationType.SECURE,
                "serious harm", charged.plusHours(9))).extracting(FieldViolation::rule)
                .containsExactly(CustodyHandoverNotice.Rules.SECURE_UNDER_12);
        assertThat(CustodyHandoverNotice.Request.check(null, LocalDate.parse("2014-12-04"), null, charged,
                List.of(CustodyHandoverNotice.BailRefusalGround.FURTHER_OFFENCES), AccommodationType.SECURE,
                "serious harm", charged.plusHours(9))).as("12 on the day").isEmpty();
    }

    private static List<String> with(String... more) {
        List<String> keys = new java.util.ArrayList<>(EVERY_STEP);
        keys.addAll(List.of(more));
        return keys;
    }

    private static CustodyHandoverNotice step(Organisation sender, HandoverStep step,
                                              Optional<CustodyHandoverNotice.Acknowledgement> acknowledgement,
                                              Optional<CustodyHandoverNotice.Answer> answer,
                                              Optional<CustodyHandoverNotice.Certificate> certificate) {
        return new CustodyHandoverNotice("bx-1", "key-1", sender, step, AT, Optional.of("CH-test-1"), Optional.empty(),
                acknowledgement, answer, Optional.empty(), certificate, Optional.of(RECORD));
    }
}
