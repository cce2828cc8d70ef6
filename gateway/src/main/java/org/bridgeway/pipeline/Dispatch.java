package org.bridgeway.pipeline;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.bridgeway.delivery.Delivery;
import org.bridgeway.model.Notice;

/**
 * One notice on its way through the pipeline, gaining at each step what that step decided: its recipients,
 * a policy decision per recipient, and the minimised, rendered deliveries. Immutable: each step returns a new one.
 */
public record Dispatch(Notice notice, String exchangeId, Instant receivedAt, boolean duplicate,
                       List<Recipient> recipients, List<Disclosure> disclosures) {

    public Dispatch {
        Objects.requireNonNull(notice, "notice");
        Objects.requireNonNull(receivedAt, "receivedAt");
        recipients = List.copyOf(recipients);
        disclosures = List.copyOf(disclosures);
    }

    public static Dispatch received(Notice notice, Instant at) {
        return new Dispatch(notice, notice.exchangeId(), at, false, List.of(), List.of());
    }

    /** A notice already admitted under {@code firstExchangeId}: it keeps that id and goes no further. */
    public static Dispatch duplicateOf(Notice notice, String firstExchangeId, Instant at) {
        return new Dispatch(notice, firstExchangeId, at, true, List.of(), List.of());
    }

    /** The same notice with what a step added to it (e.g. an early warning); its identity is unchanged. */
    public Dispatch withNotice(Notice amended) {
        if (!amended.exchangeId().equals(notice.exchangeId())
                || !amended.idempotencyKey().equals(notice.idempotencyKey())) {
            throw new IllegalArgumentException("a step may amend a notice, not replace it with another");
        }
        return new Dispatch(amended, exchangeId, receivedAt, duplicate, recipients, disclosures);
    }

    public Dispatch withRecipients(List<Recipient> resolved) {
        return new Dispatch(notice, exchangeId, receivedAt, duplicate, resolved, disclosures);
    }

    public Dispatch withDisclosures(List<Disclosure> decided) {
        return new Dispatch(notice, exchangeId, receivedAt, duplicate, recipients, decided);
    }

    public List<Delivery> deliveries() {
        return disclosures.stream().filter(d -> d.delivery() != null).map(Disclosure::delivery).toList();
    }
}
