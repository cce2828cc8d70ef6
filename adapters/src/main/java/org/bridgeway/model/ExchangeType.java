package org.bridgeway.model;

/** The kinds of exchange Bridgeway carries; the slug is the name agreements and audit entries use. */
public enum ExchangeType {
    PLACEMENT_NOTIFICATION("placement-notification");

    private final String slug;

    ExchangeType(String slug) {
        this.slug = slug;
    }

    public String slug() {
        return slug;
    }
}
