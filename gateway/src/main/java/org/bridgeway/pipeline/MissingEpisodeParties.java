package org.bridgeway.pipeline;

import java.util.Optional;
import org.bridgeway.fault.RuleRefused;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.MissingEpisodeNotice;
import org.bridgeway.model.Postcode;
import org.bridgeway.reference.DistrictLookup;
import org.bridgeway.reference.LocalAuthority;
import org.bridgeway.reference.PoliceForce;
import org.bridgeway.reference.ReferenceData;

/**
 * Who a missing episode concerns, from the notice and the reference data, in one place for the episode ledger (which
 * records them) and the recipient rule (which tells them):
 * <ul>
 *   <li>the responsible authority: a looked-after child's placing authority, else the authority the sender named,
 *       else the authority of the child's home postcode district; none of these is refused
 *       ({@value #RESPONSIBLE_UNRESOLVED}, 400);</li>
 *   <li>the area the child went missing from: the authority of the missing-from postcode, else (a looked-after child)
 *       the host authority, else the responsible authority; its force handles the report while the episode is
 *       open and a police reference exists, and is the area force otherwise;</li>
 *   <li>the home force: the force of the child's home postcode area, when it is another force.</li>
 * </ul>
 */
public final class MissingEpisodeParties {
    public static final String RESPONSIBLE_UNRESOLVED = "episode.responsible-authority.unresolved";

    private final ReferenceData reference;

    public MissingEpisodeParties(ReferenceData reference) {
        this.reference = reference;
    }

    public LocalAuthority responsibleAuthority(MissingEpisodeNotice notice) {
        if (notice.placingAuthority().isPresent()) {
            return known(notice.placingAuthority().get()).orElseThrow(() -> new RuleRefused(400,
                    RESPONSIBLE_UNRESOLVED, "the placing authority is not in the reference data"));
        }
        return notice.childHomePostcode().flatMap(this::authorityOf).orElseThrow(() -> new RuleRefused(400,
                RESPONSIBLE_UNRESOLVED, "no responsible authority: the child is not looked after, no responsible"
                + " authority is named, and the home postcode's district is not in one authority"));
    }

    /** The authority of the area the child went missing from. */
    public LocalAuthority missingFromArea(MissingEpisodeNotice notice, LocalAuthority responsible) {
        return notice.missingFromPostcode().flatMap(this::authorityOf)
                .or(() -> notice.hostAuthority().flatMap(this::known))
                .orElse(responsible);
    }

    public Optional<PoliceForce> forceOf(LocalAuthority area) {
        return reference.policeForce(area.policeForce());
    }

    /** The force of the child's home area, when the home postcode is known and in one authority. */
    public Optional<PoliceForce> homeForce(MissingEpisodeNotice notice) {
        return notice.childHomePostcode().flatMap(this::authorityOf).flatMap(this::forceOf);
    }

    public Optional<LocalAuthority> known(DfeLaCode code) {
        return reference.localAuthority(code);
    }

    private Optional<LocalAuthority> authorityOf(Postcode postcode) {
        return reference.lookup(postcode) instanceof DistrictLookup.Found found ? Optional.of(found.authority())
                : Optional.empty();
    }
}
