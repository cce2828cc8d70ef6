package org.bridgeway.pipeline;

import java.util.EnumMap;
import java.util.Map;
import org.bridgeway.adapters.NoticeRenderer;
import org.bridgeway.model.OrganisationType;

/** Which format each kind of recipient receives: police and local authorities JSON, health FHIR R4. */
public final class Renderers {
    private final Map<OrganisationType, NoticeRenderer> byRecipientType = new EnumMap<>(OrganisationType.class);

    public Renderers(NoticeRenderer json, NoticeRenderer fhir) {
        byRecipientType.put(OrganisationType.POLICE_FORCE, json);
        byRecipientType.put(OrganisationType.LOCAL_AUTHORITY, json);
        byRecipientType.put(OrganisationType.SCHOOL, json);
        byRecipientType.put(OrganisationType.HEALTH_TEAM, fhir);
    }

    public NoticeRenderer forRecipient(OrganisationType type) {
        return byRecipientType.get(type);
    }
}
