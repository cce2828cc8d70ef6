package org.bridgeway.dev.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.bridgeway.adapters.NoticeRenderer;
import org.bridgeway.delivery.Delivery;
import org.bridgeway.model.Notice;
import org.bridgeway.pipeline.Minimiser;
import org.bridgeway.pipeline.Recipient;
import org.bridgeway.pipeline.RecipientResolver;
import org.bridgeway.pipeline.Renderers;
import org.bridgeway.warmup.SyntheticNotices;

/**
 * What the bench's translating route does with one document, and all it does: the same intake reads it into its
 * notice, the same rules find its recipients, and the same renderers write each recipient's message in its format
 * (a FHIR R4 bundle for a placement's health team, JSON otherwise). The work any gateway between these systems does,
 * governed or not, so that the bench can tell it from governance's: no policy decision (every recipient gets every
 * field: nothing is minimised away), no audit entry, outbox row, idempotency record or watch.
 */
final class Translation {
    private final SyntheticNotices.Intakes intake;
    private final RecipientResolver recipients;
    private final Renderers renderers;

    Translation(SyntheticNotices.Intakes intake, RecipientResolver recipients, Renderers renderers) {
        this.intake = intake;
        this.recipients = recipients;
        this.renderers = renderers;
    }

    /** The document's messages, one for each of its notice's recipients, every field of the notice in each. */
    List<Delivery> deliveries(SyntheticNotices.Document document, Instant at) {
        Notice notice = intake.accepted(document);
        List<Delivery> out = new ArrayList<>();
        for (Recipient r : recipients.recipientsOf(notice)) {
            NoticeRenderer renderer = renderers.forRecipient(notice.exchangeType(), r.organisation().type());
            byte[] payload = renderer.render(Minimiser.minimise(notice, r.organisation(), notice.fields().keySet(),
                    at));
            out.add(new Delivery(UUID.randomUUID().toString(), notice.exchangeId(), notice.idempotencyKey(),
                    notice.exchangeType().slug(), notice.sender().id(), r.id(), renderer.format(),
                    renderer.mediaType(), payload));
        }
        return out;
    }
}
