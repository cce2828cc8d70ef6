package org.bridgeway.console;

import java.util.Arrays;
import java.util.Optional;

/** The roles people hold in the realm (docker/keycloak/bridgeway-realm.json), as the console knows them. */
public enum ConsoleRole {
    SOCIAL_WORKER("social-worker"),
    EDT_SOCIAL_WORKER("edt-social-worker"),
    CUSTODY_OFFICER("custody-officer"),
    MISSING_PERSON_COORDINATOR("missing-person-coordinator"),
    DESIGNATED_SAFEGUARDING_LEAD("designated-safeguarding-lead"),
    LAC_NURSE("lac-nurse"),
    DATA_PROTECTION_OFFICER("data-protection-officer"),
    AUDITOR("auditor"),
    GATEWAY_OPERATOR("gateway-operator");

    private final String realmName;

    ConsoleRole(String realmName) {
        this.realmName = realmName;
    }

    public String realmName() {
        return realmName;
    }

    /** The role of a realm role name; empty for roles the console does not know ("system", a partner system's). */
    public static Optional<ConsoleRole> ofRealmName(String name) {
        return Arrays.stream(values()).filter(r -> r.realmName.equals(name)).findFirst();
    }
}
