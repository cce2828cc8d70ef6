package org.bridgeway.pipeline;

import org.bridgeway.adapters.NoticeRenderer;
import org.bridgeway.model.ExchangeType;
import org.bridgeway.model.OrganisationType;

/**
 * Which format each recipient receives: JSON, unless the exchange type registered another format for the
 * recipient's type ({@link ExchangeRegistration#formats()}), as placement notices do for health teams (FHIR R4).
 */
public final class Renderers {
    private final Exchanges exchanges;
    private final NoticeRenderer json;

    public Renderers(Exchanges exchanges, NoticeRenderer json) {
        this.exchanges = exchanges;
        this.json = json;
    }

    public NoticeRenderer forRecipient(ExchangeType exchange, OrganisationType recipient) {
        return exchanges.of(exchange).format(recipient).orElse(json);
    }
}
