package org.bridgeway.delivery.push;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A force's reason code reaches the audit log only in the shape the contract gives it. */
class PoliceRecordsClientTest {
    @Test
    void aReasonCodeTheContractAllowsIsKept() {
        assertThat(PoliceRecordsClient.reasonCode("NOT_FOR_THIS_FORCE")).isEqualTo("NOT_FOR_THIS_FORCE");
        assertThat(PoliceRecordsClient.reasonCode("E42")).isEqualTo("E42");
    }

    @Test
    void freeTextAMissingCodeOrAnOverlongOneBecomesRejectedUncoded() {
        assertThat(PoliceRecordsClient.reasonCode("child Alex Testperson is not known to us"))
                .isEqualTo("REJECTED_UNCODED");
        assertThat(PoliceRecordsClient.reasonCode(null)).isEqualTo("REJECTED_UNCODED");
        assertThat(PoliceRecordsClient.reasonCode("")).isEqualTo("REJECTED_UNCODED");
        assertThat(PoliceRecordsClient.reasonCode("A".repeat(65))).isEqualTo("REJECTED_UNCODED");
        assertThat(PoliceRecordsClient.reasonCode("NOT_FOR_THIS_FORCE\n")).isEqualTo("REJECTED_UNCODED");
    }
}
