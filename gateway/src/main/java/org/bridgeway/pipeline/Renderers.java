package org.bridgeway.pipeline;

import org.bridgeway.adapters.NoticeRenderer;
import org.bridgeway.model.ExchangeType;
import org.bridgeway.model.OrganisationType;

/**
 * Which format each recipient receives: JSON, except a health team's placement notice, which is a FHIR R4 message
 * (the only FHIR rendering there is; any other exchange goes to health as JSON until it has one).
 */
public final class Renderers {
    private final NoticeRenderer json;
    private final NoticeRenderer fhirPlacement;

    public Renderers(NoticeRenderer json, NoticeRenderer fhirPlacement) {
        this.json = json;
        this.fhirPlacement = fhirPlacement;
    }

    public NoticeRenderer forRecipient(ExchangeType exchange, OrganisationType recipient) {
        return exchange == ExchangeType.PLACEMENT_NOTIFICATION && recipient == OrganisationType.HEALTH_TEAM
                ? fhirPlacement : json;
    }
}
