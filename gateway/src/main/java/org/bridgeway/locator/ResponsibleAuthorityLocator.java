package org.bridgeway.locator;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.NhsNumber;
import org.bridgeway.model.Postcode;

/**
 * Which authority is responsible for a child, as the locator index knows it, for the gateway's own use (a custody
 * handover finds the authority to ask). It matches as a person's query does: an exact NHS number, or the exact name,
 * date of birth and postcode together; anything less is no match. It is not itself audited: the exchange that asks
 * records that it asked, and how the authority was found, in its own audit entries.
 */
@FunctionalInterface
public interface ResponsibleAuthorityLocator {
    /** A locator that knows no child. */
    ResponsibleAuthorityLocator NONE = (child, at) -> Optional.empty();

    /** The current involvement of the one child these keys name, at {@code at}; empty when none or not one. */
    Optional<Located> locate(ChildKeys child, Instant at);

    /** What the caller knows of the child; each way of matching needs all of its keys. */
    record ChildKeys(Optional<NhsNumber> nhsNumber, Optional<String> givenName, Optional<String> familyName,
                     Optional<LocalDate> dateOfBirth, Optional<Postcode> postcode) {
        public ChildKeys {
            Objects.requireNonNull(nhsNumber, "nhsNumber");
            Objects.requireNonNull(givenName, "givenName");
            Objects.requireNonNull(familyName, "familyName");
            Objects.requireNonNull(dateOfBirth, "dateOfBirth");
            Objects.requireNonNull(postcode, "postcode");
        }
    }

    /**
     * The child's responsible authority, the authority it is placed in when that is another one, and the kind of
     * involvement with its dates: never an address, a carer, a reason or a history.
     *
     * @param involvement LOOKED_AFTER, CHILD_PROTECTION_PLAN or another kind the index holds
     */
    record Located(DfeLaCode responsibleAuthority, Optional<DfeLaCode> hostAuthority, String involvement,
                   LocalDate startedOn, Optional<LocalDate> endedOn) {
        public Located {
            Objects.requireNonNull(responsibleAuthority, "responsibleAuthority");
            Objects.requireNonNull(hostAuthority, "hostAuthority");
            Objects.requireNonNull(involvement, "involvement");
            Objects.requireNonNull(startedOn, "startedOn");
            Objects.requireNonNull(endedOn, "endedOn");
        }
    }
}
