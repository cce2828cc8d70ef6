package org.bridgeway.reference;

import java.util.Optional;
import org.bridgeway.model.GssCode;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.OrganisationType;
import org.bridgeway.model.PoliceForceCode;

/** A police force; territorial forces have an ONS police force area code, British Transport Police has none. */
public record PoliceForce(PoliceForceCode code, String name, Optional<GssCode> policeForceArea) {
    public Organisation organisation() {
        return new Organisation(OrganisationType.POLICE_FORCE, code.value(), name);
    }
}
