package org.bridgeway.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.ExclusionNotice;
import org.bridgeway.model.Notice;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.PlacementNotice;
import org.bridgeway.reference.LocalAuthority;
import org.bridgeway.reference.ReferenceData;

/**
 * Who should be told, from the reference data — the candidates, not the decision: whether each may actually receive
 * the notice, and what of it, is the policy's question, not this one's.
 * <ul>
 *   <li>a placement: the police force of the placement area, the host local authority when it is not the placing
 *       one, and the health team registered for the placement area;</li>
 *   <li>an exclusion: the local authority the school is in, and the police force of that authority's area (whom
 *       the agreement tells only of some exclusions).</li>
 * </ul>
 */
public final class RecipientResolver {
    private final ReferenceData reference;

    public RecipientResolver(ReferenceData reference) {
        this.reference = reference;
    }

    public Dispatch resolve(Dispatch dispatch) {
        return dispatch.withRecipients(recipientsOf(dispatch.notice()));
    }

    public List<Organisation> recipientsOf(Notice notice) {
        if (notice instanceof PlacementNotice placement) {
            return placementRecipients(placement);
        }
        if (notice instanceof ExclusionNotice exclusion) {
            return exclusionRecipients(exclusion);
        }
        throw new IllegalArgumentException("no recipient rule for " + notice.exchangeType().slug());
    }

    private List<Organisation> placementRecipients(PlacementNotice notice) {
        DfeLaCode hostCode = new DfeLaCode(notice.placement().localAuthority().code());
        LocalAuthority host = authority(hostCode, "placement authority");
        List<Organisation> recipients = new ArrayList<>();
        policeOf(host, recipients);
        if (notice.isOutOfArea()) {
            recipients.add(host.organisation());
        }
        reference.healthTeamFor(hostCode).map(t -> t.organisation()).ifPresent(recipients::add);
        return recipients;
    }

    private List<Organisation> exclusionRecipients(ExclusionNotice notice) {
        LocalAuthority schoolArea = authority(notice.school().localAuthority(), "the school's local authority");
        List<Organisation> recipients = new ArrayList<>();
        recipients.add(schoolArea.organisation());
        policeOf(schoolArea, recipients);
        return recipients;
    }

    private LocalAuthority authority(DfeLaCode code, String what) {
        return reference.localAuthority(code).orElseThrow(() ->
                new UnknownOrganisationException(what + " " + code + " is not in the reference data"));
    }

    private void policeOf(LocalAuthority area, List<Organisation> recipients) {
        reference.policeForce(area.policeForce()).map(f -> f.organisation()).ifPresent(recipients::add);
    }
}
