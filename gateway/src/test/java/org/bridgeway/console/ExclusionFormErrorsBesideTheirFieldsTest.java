package org.bridgeway.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Each error the exclusion intake finds is shown beside the form field it is about. */
class ExclusionFormErrorsBesideTheirFieldsTest {
    @Test
    void aDocumentFieldIsTheFormFieldOfTheSameName() {
        assertThat(ExclusionForm.formField("child.upn")).isEqualTo("child.upn");
        assertThat(ExclusionForm.formField("/child/dateOfBirth")).isEqualTo("child.dateOfBirth");
        assertThat(ExclusionForm.formField("exclusion.sessions")).isEqualTo("exclusion.sessions");
        assertThat(ExclusionForm.formField("school.localAuthority")).isEqualTo("school.localAuthority");
    }

    @Test
    void aReasonsErrorIsBesideTheReasonItNamesOrTheMainOne() {
        assertThat(ExclusionForm.formField("exclusion.reasons")).isEqualTo("exclusion.reasons.1");
        assertThat(ExclusionForm.formField("exclusion.reasons[1]")).isEqualTo("exclusion.reasons.2");
        assertThat(ExclusionForm.formField("/exclusion/reasons/2")).isEqualTo("exclusion.reasons.3");
    }

    @Test
    void anErrorOfNoFieldTheFormHasGoesToTheNearestOne() {
        assertThat(ExclusionForm.formField("child")).isEqualTo("child.upn");
        assertThat(ExclusionForm.formField("school.urn")).isEqualTo("school.localAuthority");
        assertThat(ExclusionForm.formField("")).isEqualTo("exclusion.category");
    }

    @Test
    void messagesReadAsSentences() {
        assertThat(FormDocuments.sentence("an exclusion has at least one reason"))
                .isEqualTo("An exclusion has at least one reason");
    }
}
