package org.bridgeway.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.HandoverDeadlineNotice;
import org.bridgeway.reference.PoliceForce;
import org.bridgeway.reference.ReferenceData;

/**
 * Who is told of a custody handover's deadline (the shared contract's table, issue 14): a reminder reaches the asked
 * authority it concerns (the answer reminder every asked authority); a missed acknowledgement the authority's
 * escalation and the other asked authority; a missed answer every asked authority's escalation and the custody
 * officer; a missed collection the owner's escalation and the custody officer. Authorities at their custody-handover
 * mailboxes, the force at its own. One organisation is told once, under the first relation it has.
 */
final class HandoverDeadlineRecipients {
    private HandoverDeadlineRecipients() {
    }

    static List<Recipient> of(HandoverDeadlineNotice notice, ReferenceData reference,
                              CustodyHandoverMailboxes mailboxes) {
        List<DfeLaCode> concerned = notice.authority().map(List::of).orElseGet(notice::askedAuthorities);
        List<Recipient> recipients = new ArrayList<>();
        switch (notice.event()) {
            case ACKNOWLEDGEMENT_REMINDER, ANSWER_REMINDER, COLLECTION_REMINDER ->
                    concerned.forEach(a -> add(recipients, new Recipient(mailboxes.mailboxOf(a), "asked-authority")));
            case ACKNOWLEDGEMENT_OVERDUE -> {
                concerned.forEach(a -> add(recipients, new Recipient(mailboxes.mailboxOf(a), "escalation")));
                notice.askedAuthorities().stream().filter(a -> !concerned.contains(a)).forEach(a ->
                        add(recipients, new Recipient(mailboxes.mailboxOf(a), "other-asked-authority")));
            }
            case ANSWER_OVERDUE, COLLECTION_OVERDUE -> {
                concerned.forEach(a -> add(recipients, new Recipient(mailboxes.mailboxOf(a), "escalation")));
                PoliceForce force = reference.policeForce(notice.force()).orElseThrow(() ->
                        new UnknownOrganisationException("force " + notice.force().value()
                                + " is not in the reference data"));
                add(recipients, new Recipient(force.organisation(), "custody-officer"));
            }
        }
        return recipients;
    }

    private static void add(List<Recipient> recipients, Recipient r) {
        if (recipients.stream().noneMatch(x -> x.organisation().equals(r.organisation()))) {
            recipients.add(r);
        }
    }
}
