package org.bridgeway.workflow;

import java.time.Instant;
import java.util.Optional;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.Organisation;

/**
 * A return home interview task as its holder and its responsible authority see it: identifiers, who holds it,
 * when it is due and whether it is done. No personal data.
 *
 * @param state {@code OPEN} or {@code COMPLETED}
 */
public record ReturnInterviewTask(String taskId, String episodeId, DfeLaCode responsibleAuthority,
                                  Optional<DfeLaCode> hostAuthority, Organisation owner, Instant returnedAt,
                                  Instant dueAt, String state, Optional<String> outcomeExchangeId, Instant openedAt) {
    public static final String OPEN = "OPEN";
    public static final String COMPLETED = "COMPLETED";

    public boolean open() {
        return OPEN.equals(state);
    }

    /** Whether {@code organisation} may act on the task: its holder, or the authority responsible for it. */
    public boolean heldBy(Organisation organisation) {
        return organisation.equals(owner) || responsible(organisation);
    }

    public boolean responsible(Organisation organisation) {
        return organisation.type() == org.bridgeway.model.OrganisationType.LOCAL_AUTHORITY
                && organisation.code().equals(responsibleAuthority.value());
    }
}
