package org.bridgeway.console;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Which roles may use which view: one table, default deny. A view not in the table, or a person holding none of its
 * roles, is refused on the server whatever the page offered. Reading a mailbox is for the people who act on its
 * notices; the data protection officer, the auditor and the operator have views of their own, which show what was
 * shared and why without opening the notices themselves.
 */
public final class ConsoleAuthorisation {
    private static final Set<ConsoleRole> CASEWORKERS = EnumSet.of(ConsoleRole.SOCIAL_WORKER,
            ConsoleRole.EDT_SOCIAL_WORKER, ConsoleRole.CUSTODY_OFFICER, ConsoleRole.MISSING_PERSON_COORDINATOR,
            ConsoleRole.DESIGNATED_SAFEGUARDING_LEAD, ConsoleRole.LAC_NURSE);

    /** Who answers for an authority asked to take a child from custody: the emergency duty team, by day the team. */
    private static final Set<ConsoleRole> AUTHORITY_DUTY = EnumSet.of(ConsoleRole.EDT_SOCIAL_WORKER,
            ConsoleRole.SOCIAL_WORKER);

    private static final Map<ConsoleView, Set<ConsoleRole>> ALLOWED = new EnumMap<>(Map.of(
            ConsoleView.INBOX, CASEWORKERS,
            ConsoleView.ACKNOWLEDGE, CASEWORKERS,
            ConsoleView.HANDOVERS, EnumSet.of(ConsoleRole.EDT_SOCIAL_WORKER, ConsoleRole.SOCIAL_WORKER,
                    ConsoleRole.CUSTODY_OFFICER),
            ConsoleView.HANDOVER_ANSWER, AUTHORITY_DUTY,
            ConsoleView.SEND_EXCLUSION, EnumSet.of(ConsoleRole.DESIGNATED_SAFEGUARDING_LEAD),
            ConsoleView.DISCLOSURES, EnumSet.of(ConsoleRole.DATA_PROTECTION_OFFICER)));

    private ConsoleAuthorisation() {
    }

    public static boolean allows(ConsolePerson person, ConsoleView view) {
        Set<ConsoleRole> roles = ALLOWED.getOrDefault(view, Set.of());
        return person.roles().stream().anyMatch(roles::contains);
    }
}
