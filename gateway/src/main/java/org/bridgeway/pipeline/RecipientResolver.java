package org.bridgeway.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.Notice;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.PlacementNotice;
import org.bridgeway.reference.LocalAuthority;
import org.bridgeway.reference.ReferenceData;

/**
 * Who should be told, from the reference data: for a placement, the police force of the placement area, the
 * host local authority when it is not the placing one, and the health team registered for the placement area.
 * Whether each may actually receive the notice, and what of it, is the policy's question, not this one's.
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
        throw new IllegalArgumentException("no recipient rule for " + notice.exchangeType().slug());
    }

    private List<Organisation> placementRecipients(PlacementNotice notice) {
        DfeLaCode hostCode = new DfeLaCode(notice.placement().localAuthority().code());
        LocalAuthority host = reference.localAuthority(hostCode).orElseThrow(() ->
                new UnknownOrganisationException("placement authority " + hostCode + " is not in the reference data"));
        List<Organisation> recipients = new ArrayList<>();
        reference.policeForce(host.policeForce()).map(f -> f.organisation()).ifPresent(recipients::add);
        if (notice.isOutOfArea()) {
            recipients.add(host.organisation());
        }
        reference.healthTeamFor(hostCode).map(t -> t.organisation()).ifPresent(recipients::add);
        return recipients;
    }
}
