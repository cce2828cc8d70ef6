package org.bridgeway.model;

import java.util.Arrays;

/** The kinds of organisation that exchange notices; the slug is the role name policies and mailboxes use. */
public enum OrganisationType {
    LOCAL_AUTHORITY("local-authority"),
    POLICE_FORCE("police"),
    HEALTH_TEAM("health"),
    SCHOOL("school");

    private final String slug;

    OrganisationType(String slug) {
        this.slug = slug;
    }

    public String slug() {
        return slug;
    }

    public static OrganisationType fromSlug(String slug) {
        return Arrays.stream(values()).filter(t -> t.slug.equals(slug)).findFirst()
                .orElseThrow(() -> new InvalidValueException("organisation.type", "unknown organisation type: " + slug));
    }
}
