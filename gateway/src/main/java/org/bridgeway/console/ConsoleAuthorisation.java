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

    /** Who follows a missing child up: the coordinators of force and council, the child's social worker, the EDT. */
    private static final Set<ConsoleRole> MISSING_WATCH = EnumSet.of(ConsoleRole.MISSING_PERSON_COORDINATOR,
            ConsoleRole.SOCIAL_WORKER, ConsoleRole.EDT_SOCIAL_WORKER);

    private static final Map<ConsoleView, Set<ConsoleRole>> ALLOWED = new EnumMap<>(Map.ofEntries(
            Map.entry(ConsoleView.INBOX, CASEWORKERS),
            Map.entry(ConsoleView.ACKNOWLEDGE, CASEWORKERS),
            Map.entry(ConsoleView.HANDOVERS, EnumSet.of(ConsoleRole.EDT_SOCIAL_WORKER, ConsoleRole.SOCIAL_WORKER,
                    ConsoleRole.CUSTODY_OFFICER)),
            Map.entry(ConsoleView.HANDOVER_ANSWER, AUTHORITY_DUTY),
            Map.entry(ConsoleView.SEND_EXCLUSION, EnumSet.of(ConsoleRole.DESIGNATED_SAFEGUARDING_LEAD)),
            Map.entry(ConsoleView.DISCLOSURES, EnumSet.of(ConsoleRole.DATA_PROTECTION_OFFICER)),
            Map.entry(ConsoleView.MISSING_CHILDREN, MISSING_WATCH),
            // the interview is the council's to arrange and record: its coordinator, or the child's social worker
            Map.entry(ConsoleView.RHI_OUTCOME, EnumSet.of(ConsoleRole.MISSING_PERSON_COORDINATOR,
                    ConsoleRole.SOCIAL_WORKER)),
            // a receipt checks itself in the page; the auditor and the DPO answering a subject both need it
            Map.entry(ConsoleView.VERIFY_RECEIPT, EnumSet.of(ConsoleRole.AUDITOR,
                    ConsoleRole.DATA_PROTECTION_OFFICER)),
            Map.entry(ConsoleView.OPERATIONS, EnumSet.of(ConsoleRole.GATEWAY_OPERATOR)),
            Map.entry(ConsoleView.DEAD_LETTER_REPLAY, EnumSet.of(ConsoleRole.GATEWAY_OPERATOR)),
            Map.entry(ConsoleView.SEND_PLACEMENT, EnumSet.of(ConsoleRole.SOCIAL_WORKER)),
            Map.entry(ConsoleView.FIGURES, EnumSet.of(ConsoleRole.DATA_PROTECTION_OFFICER))));

    private ConsoleAuthorisation() {
    }

    public static boolean allows(ConsolePerson person, ConsoleView view) {
        Set<ConsoleRole> roles = ALLOWED.getOrDefault(view, Set.of());
        return person.roles().stream().anyMatch(roles::contains);
    }
}
