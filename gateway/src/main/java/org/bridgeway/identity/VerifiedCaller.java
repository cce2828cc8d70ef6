package org.bridgeway.identity;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.bridgeway.model.Organisation;

/**
 * Who called, as a validated, certificate-bound access token says: the organisation ({@code org_id},
 * {@code org_type}), its unit where the calling system is one ({@code org_unit}, "emergency-duty-team"), the
 * partner system's client id ({@code azp}), the subject and username (a person, or the client's service
 * account), and the realm roles. Holds no token and nothing secret, so it may be logged.
 *
 * @param organisationUnit null unless the calling system is a unit of its organisation
 * @param username         {@code preferred_username}; null when the token carries none
 */
public record VerifiedCaller(Organisation organisation, String organisationUnit, String clientId, String subject,
                             String username, Set<String> roles, Instant expiresAt) {
    /** The realm role every partner system's service account holds, and no person does. */
    public static final String SYSTEM_ROLE = "system";

    public VerifiedCaller {
        Objects.requireNonNull(organisation, "organisation");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(subject, "subject");
        roles = Set.copyOf(roles);
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** "police:kent". */
    public String organisationId() {
        return organisation.id();
    }

    /** "police", "local-authority", "school" or "health". */
    public String organisationType() {
        return organisation.type().slug();
    }

    /** True for a partner system acting as itself (client credentials), false for a person. */
    public boolean isSystem() {
        return roles.contains(SYSTEM_ROLE);
    }
}
