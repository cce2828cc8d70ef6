package org.bridgeway.reference;

import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.OdsCode;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.OrganisationType;

/** The looked-after children's health team registered with Bridgeway for a local authority's area. */
public record HealthTeam(OdsCode odsCode, String name, DfeLaCode area) {
    public Organisation organisation() {
        return new Organisation(OrganisationType.HEALTH_TEAM, odsCode.value(), name);
    }
}
