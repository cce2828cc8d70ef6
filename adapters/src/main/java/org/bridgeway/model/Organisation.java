package org.bridgeway.model;

import java.util.Objects;

/**
 * A party to an exchange, identified by its type and its code in that type's scheme: DfE LA number, police
 * force identifier, ODS code or school URN. {@link #id()} ("police:kent", "local-authority:886") names its
 * mailbox and is how policies, audit entries and the API refer to it.
 */
public record Organisation(OrganisationType type, String code, String name) {
    public Organisation {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(code, "code");
        switch (type) {
            case LOCAL_AUTHORITY -> new DfeLaCode(code);
            case POLICE_FORCE -> new PoliceForceCode(code);
            case HEALTH_TEAM -> new OdsCode(code);
            case SCHOOL -> new SchoolUrn(code);
        }
        name = name == null ? code : name;
    }

    public String id() {
        return type.slug() + ":" + code;
    }

    /** Parses an id such as "police:kent"; the name is unknown and set to the code. */
    public static Organisation parseId(String id) {
        int colon = id == null ? -1 : id.indexOf(':');
        if (colon < 0) {
            throw new InvalidValueException("organisation.id", "organisation id must be <type>:<code>");
        }
        return new Organisation(OrganisationType.fromSlug(id.substring(0, colon)), id.substring(colon + 1), null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Organisation other && other.type == type && other.code.equals(code);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, code);
    }
}
