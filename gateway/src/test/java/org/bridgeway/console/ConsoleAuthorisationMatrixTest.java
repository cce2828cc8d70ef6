package org.bridgeway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bridgeway.model.Organisation;
import org.junit.jupiter.api.Test;

/** Every view against every role, and no role at all: the table's answer, written out so a change to it is seen. */
class ConsoleAuthorisationMatrixTest {
    private static final Set<ConsoleRole> CASEWORKERS = EnumSet.of(ConsoleRole.SOCIAL_WORKER,
            ConsoleRole.EDT_SOCIAL_WORKER, ConsoleRole.CUSTODY_OFFICER, ConsoleRole.MISSING_PERSON_COORDINATOR,
            ConsoleRole.DESIGNATED_SAFEGUARDING_LEAD, ConsoleRole.LAC_NURSE);
    private static final Map<ConsoleView, Set<ConsoleRole>> EXPECTED = Map.ofEntries(
            Map.entry(ConsoleView.INBOX, CASEWORKERS),
            Map.entry(ConsoleView.ACKNOWLEDGE, CASEWORKERS),
            Map.entry(ConsoleView.HANDOVERS, EnumSet.of(ConsoleRole.EDT_SOCIAL_WORKER, ConsoleRole.SOCIAL_WORKER,
                    ConsoleRole.CUSTODY_OFFICER)),
            Map.entry(ConsoleView.HANDOVER_ANSWER, EnumSet.of(ConsoleRole.EDT_SOCIAL_WORKER,
                    ConsoleRole.SOCIAL_WORKER)),
            Map.entry(ConsoleView.SEND_EXCLUSION, EnumSet.of(ConsoleRole.DESIGNATED_SAFEGUARDING_LEAD)),
            Map.entry(ConsoleView.DISCLOSURES, EnumSet.of(ConsoleRole.DATA_PROTECTION_OFFICER)),
            Map.entry(ConsoleView.MISSING_CHILDREN, EnumSet.of(ConsoleRole.MISSING_PERSON_COORDINATOR,
                    ConsoleRole.SOCIAL_WORKER, ConsoleRole.EDT_SOCIAL_WORKER)),
            Map.entry(ConsoleView.RHI_OUTCOME, EnumSet.of(ConsoleRole.MISSING_PERSON_COORDINATOR,
                    ConsoleRole.SOCIAL_WORKER)),
            Map.entry(ConsoleView.VERIFY_RECEIPT, EnumSet.of(ConsoleRole.AUDITOR,
                    ConsoleRole.DATA_PROTECTION_OFFICER)),
            Map.entry(ConsoleView.OPERATIONS, EnumSet.of(ConsoleRole.GATEWAY_OPERATOR)),
            Map.entry(ConsoleView.DEAD_LETTER_REPLAY, EnumSet.of(ConsoleRole.GATEWAY_OPERATOR)),
            Map.entry(ConsoleView.SEND_PLACEMENT, EnumSet.of(ConsoleRole.SOCIAL_WORKER)),
            Map.entry(ConsoleView.FIGURES, EnumSet.of(ConsoleRole.DATA_PROTECTION_OFFICER)));

    private static ConsolePerson holding(Set<ConsoleRole> roles) {
        return new ConsolePerson("3f6c0d0e-0000-4000-8000-000000000001", "someone", "Someone",
                Organisation.parseId("local-authority:886"), Optional.empty(), roles, "id-token");
    }

    @Test
    void eachRoleHasExactlyTheViewsTheTableGivesIt() {
        assertThat(EXPECTED.keySet()).as("every view is in the expected matrix")
                .containsExactlyInAnyOrder(ConsoleView.values());
        for (ConsoleView view : ConsoleView.values()) {
            for (ConsoleRole role : ConsoleRole.values()) {
                assertThat(ConsoleAuthorisation.allows(holding(Set.of(role)), view))
                        .as(role + " on " + view).isEqualTo(EXPECTED.get(view).contains(role));
            }
        }
    }

    @Test
    void aPersonWithNoRoleTheConsoleKnowsSeesNothing() {
        for (ConsoleView view : ConsoleView.values()) {
            assertThat(ConsoleAuthorisation.allows(holding(Set.of()), view)).as(view.name()).isFalse();
        }
    }

    @Test
    void realmRoleNamesMapToRolesAndAPartnerSystemsRoleToNone() {
        assertThat(ConsoleRole.ofRealmName("edt-social-worker")).contains(ConsoleRole.EDT_SOCIAL_WORKER);
        assertThat(ConsoleRole.ofRealmName("system")).isEmpty();
    }
}
