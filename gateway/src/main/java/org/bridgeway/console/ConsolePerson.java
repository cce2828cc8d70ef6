package org.bridgeway.console;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bridgeway.model.Organisation;

/**
 * A person signed in to the console, as their validated ID token names them. The subject and the organisation
 * are what audit entries record; the display name is shown to the person alone and never logged.
 *
 * @param subject     the provider's stable id of the person ({@code sub})
 * @param username    their user name at the provider
 * @param displayName their name, for the page header
 * @param unit        their organisation's unit, if any ("emergency-duty-team")
 * @param idToken     the ID token as issued: the hint that ends their session at the provider on sign-out
 */
public record ConsolePerson(String subject, String username, String displayName, Organisation organisation,
                            Optional<String> unit, Set<ConsoleRole> roles, String idToken) {
    public ConsolePerson {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(organisation, "organisation");
        roles = Set.copyOf(roles);
        Objects.requireNonNull(idToken, "idToken");
    }

    /** Who an audit entry names as the actor: the organisation and the person's subject, never their name. */
    public String auditActor() {
        return organisation.id() + "/person:" + subject;
    }

    @Override
    public String toString() {
        return "ConsolePerson[subject=" + subject + ", organisation=" + organisation.id() + ", roles=" + roles + "]";
    }
}
