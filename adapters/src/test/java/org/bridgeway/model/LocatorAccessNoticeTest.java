package org.bridgeway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The locator's access notice: its catalogue, the query's checks, and nothing of the access in its log form. */
class LocatorAccessNoticeTest {
    private static LocatorAccessNotice notice(String purpose, String caseReference) {
        return new LocatorAccessNotice("EX-1", "locator-access|LQ-1", Organisation.parseId("police:kent"), "LQ-1",
                Instant.parse("2026-12-03T01:30:00Z"), "Kent Police", "sgt.amberley", purpose, caseReference, "LX-1",
                "KCC/CP/1001", "CHILD_PROTECTION_PLAN", LocalDate.parse("2026-02-01"), new DfeLaCode("886"),
                Optional.of(new DfeLaCode("352")));
    }

    @Test
    void itsFieldsAreTheCatalogueInOrderAndItsAuditFactsHoldNoCaseReference() {
        LocatorAccessNotice n = notice("CUSTODY_PACE_TRANSFER", "CR/0042/26");
        assertThat(n.fields().keySet()).containsExactlyElementsOf(ExchangeType.LOCATOR_ACCESS.fields());
        assertThat(n.fields()).containsEntry("access.askedBy", "police:kent")
                .containsEntry("locator.hostAuthority", "352");
        assertThat(n.auditFacts().values()).doesNotContain("CR/0042/26", "sgt.amberley");
        assertThat(n.toString()).doesNotContain("CR/0042/26", "sgt.amberley");
    }

    @Test
    void aPurposeOutsideTheListOrABadCaseReferenceIsRefusedOnItsField() {
        assertThatThrownBy(() -> notice("CURIOSITY", "CR/0042/26")).isInstanceOf(InvalidNoticeException.class)
                .satisfies(e -> assertThat(((InvalidNoticeException) e).violations())
                        .extracting(FieldViolation::field).containsExactly("access.purpose"));
        assertThat(LocatorAccessNotice.checkQuery("purpose", null, "caseReference", "<script>"))
                .extracting(FieldViolation::field, FieldViolation::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("purpose", "access.purpose.code"),
                        org.assertj.core.groups.Tuple.tuple("caseReference", "episode.reference.format"));
    }
}
