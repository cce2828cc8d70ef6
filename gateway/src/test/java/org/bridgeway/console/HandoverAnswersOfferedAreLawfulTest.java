package org.bridgeway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The answer form offers only what the ledger accepts: every answer takes the child (PACE 1984 s.38(6) allows no
 * refusal), and the secure answers only when secure accommodation was requested.
 */
class HandoverAnswersOfferedAreLawfulTest {
    private static List<Object> codes(List<Map<String, Object>> answers) {
        return answers.stream().map(a -> a.get("code")).toList();
    }

    @Test
    void aNonSecureRequestIsAnsweredOnlyWithNonSecureAccommodation() {
        assertThat(codes(HandoverBoard.lawfulAnswers(false))).containsExactly("ACCEPT_NON_SECURE");
    }

    @Test
    void aSecureRequestMayAlsoBeAnsweredWithASecurePlaceOrItsUnavailability() {
        assertThat(codes(HandoverBoard.lawfulAnswers(true))).containsExactly("ACCEPT_NON_SECURE", "ACCEPT_SECURE",
                "SECURE_UNAVAILABLE_NON_SECURE_OFFERED");
    }

    @Test
    void everyAnswerSaysTheChildIsAccepted() {
        assertThat(HandoverBoard.lawfulAnswers(true)).allSatisfy(a -> assertThat((String) a.get("text"))
                .startsWith("Accept"));
    }
}
