package org.bridgeway.pipeline;

import java.util.Objects;
import org.bridgeway.model.Organisation;
import org.bridgeway.policy.PolicyInput;

/**
 * A candidate recipient of a notice and why it is one: its relation to the notice, such as
 * {@code placement-area-force} or {@code host-authority}. The relation goes to the policy engine as
 * {@code input.recipient.relation}, so that an agreement can permit different fields to two organisations of the
 * same type that stand in different relations to the child (the force handling a missing report and the force of
 * the child's home area).
 *
 * @param organisation the organisation that would be told
 * @param relation     its relation to the notice, a lower-case slug named by the exchange type's recipient rule
 */
public record Recipient(Organisation organisation, String relation) {

    public Recipient {
        Objects.requireNonNull(organisation, "organisation");
        PolicyInput.checkRelation(relation);
    }

    /** The organisation's id, which names its mailbox. */
    public String id() {
        return organisation.id();
    }
}
