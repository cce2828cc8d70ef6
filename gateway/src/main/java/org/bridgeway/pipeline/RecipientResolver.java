package org.bridgeway.pipeline;

import java.util.List;
import org.bridgeway.model.Notice;
import org.bridgeway.model.Organisation;
import org.bridgeway.reference.ReferenceData;

/**
 * Who should be told, from the reference data, by the rule the notice's exchange type registered
 * ({@link Exchanges}) — the candidates, not the decision: whether each may actually receive the notice, and what
 * of it, is the policy's question, not this one's.
 */
public final class RecipientResolver {
    private final ReferenceData reference;
    private final Exchanges exchanges;

    /** With the shipped exchanges. */
    public RecipientResolver(ReferenceData reference) {
        this(reference, Exchanges.shipped());
    }

    public RecipientResolver(ReferenceData reference, Exchanges exchanges) {
        this.reference = reference;
        this.exchanges = exchanges;
    }

    public Dispatch resolve(Dispatch dispatch) {
        return dispatch.withRecipients(recipientsOf(dispatch.notice()));
    }

    public List<Organisation> recipientsOf(Notice notice) {
        return List.copyOf(exchanges.of(notice.exchangeType()).recipientsOf(notice, reference));
    }
}
