package org.bridgeway.reference;

import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.GssCode;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.OrganisationType;
import org.bridgeway.model.PoliceForceCode;

/** An upper-tier (children's services) local authority in England and the police force area it lies in. */
public record LocalAuthority(DfeLaCode dfeCode, GssCode gssCode, String name, PoliceForceCode policeForce) {
    public Organisation organisation() {
        return new Organisation(OrganisationType.LOCAL_AUTHORITY, dfeCode.value(), name);
    }
}
