package org.bridgeway.api;

import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bridgeway.model.Organisation;
import org.bridgeway.transport.PartnerCertificate;

/**
 * An authenticated caller as the authorisation rules see it.
 *
 * @param organisation the organisation it speaks for (from the client certificate's SAN)
 * @param system       which of the organisation's systems: the certificate's CN ("local-authority:886/edt")
 * @param unit         the certificate's OU, if any ("emergency-duty-team")
 * @param roles        roles from the certificate-bound bearer token ({@link TokenBoundIdentity}); empty in the
 *                     certificate-only development mode
 * @param certificate  the verified client certificate; empty in the plain-HTTP demo mode
 */
public record Caller(Organisation organisation, String system, Optional<String> unit, Set<String> roles,
                     Optional<X509Certificate> certificate) {
    public Caller {
        Objects.requireNonNull(organisation, "organisation");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(unit, "unit");
        roles = Set.copyOf(roles);
        Objects.requireNonNull(certificate, "certificate");
    }

    /** A caller known only by its organisation, as the development header names one. */
    public static Caller of(Organisation organisation) {
        return new Caller(organisation, organisation.id(), Optional.empty(), Set.of(), Optional.empty());
    }

    /** The same caller with the roles its token carries. */
    public Caller withRoles(Set<String> tokenRoles) {
        return new Caller(organisation, system, unit, tokenRoles, certificate);
    }

    /** An emergency duty team's system: it speaks for its authority, but is not the authority's case system. */
    public boolean emergencyDutyTeam() {
        return unit.filter(PartnerCertificate.EMERGENCY_DUTY_TEAM::equals).isPresent();
    }

    /** Never prints the certificate: the organisation and system are enough to tell callers apart in a log. */
    @Override
    public String toString() {
        return "Caller[" + system + (roles.isEmpty() ? "" : ", roles=" + roles) + "]";
    }
}
