package org.bridgeway.pipeline;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bridgeway.model.Notice;
import org.bridgeway.reference.ReferenceData;

/**
 * Who should be told, from the reference data, by the rule the notice's exchange type registered
 * ({@link Exchanges}), each in its relation to the notice — the candidates, not the decision: whether each may
 * actually receive the notice, and what of it, is the policy's question, not this one's.
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

    /**
     * The candidates, each once: an organisation a rule names in two relations would get the notice twice under one
     * idempotency key, so that is a fault of the rule, refused here.
     */
    public List<Recipient> recipientsOf(Notice notice) {
        List<Recipient> recipients = List.copyOf(exchanges.of(notice.exchangeType()).recipientsOf(notice, reference));
        Map<String, String> relationOf = new HashMap<>();
        for (Recipient r : recipients) {
            String earlier = relationOf.putIfAbsent(r.id(), r.relation());
            if (earlier != null) {
                throw new IllegalStateException("the " + notice.exchangeType().slug() + " recipient rule names "
                        + r.id() + " twice, as " + earlier + " and as " + r.relation());
            }
        }
        return recipients;
    }
}
