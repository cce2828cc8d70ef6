package org.bridgeway.handover.report;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;

/**
 * The Concordat figures of one force, one authority, or all, for the handovers requested in a period.
 *
 * @param requests                 transfer requests made (PACE s.38(6))
 * @param secureRequests           of which secure accommodation was requested
 * @param secureOutcomes           the secure requests by the answer they had ({@code UNANSWERED} when none)
 * @param answers                  answers by decision
 * @param transfers                children transferred to local authority accommodation
 * @param certificatesByLimb       PACE s.38(7) certificates by limb
 * @param certificatesByReason     certificates by reason category
 * @param authorityFailedToProvide certificates that say an authority did not answer or collect in time
 * @param escalations              missed deadlines, by event (ACKNOWLEDGEMENT_OVERDUE, ANSWER_OVERDUE,
 *                                 COLLECTION_OVERDUE)
 * @param toAcknowledge            from the request to each asked authority's acknowledgement
 * @param toAnswer                 from the request to the first answer
 * @param toCollect                from the answer to the transfer
 */
public record ConcordatFigures(int requests, int secureRequests, SortedMap<String, Integer> secureOutcomes,
                               SortedMap<String, Integer> answers, int transfers,
                               SortedMap<String, Integer> certificatesByLimb,
                               SortedMap<String, Integer> certificatesByReason, int authorityFailedToProvide,
                               SortedMap<String, Integer> escalations, Times toAcknowledge, Times toAnswer,
                               Times toCollect) {

    /** Certificates issued, whatever their limb. */
    public int certificates() {
        return certificatesByLimb.values().stream().mapToInt(Integer::intValue).sum();
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("requests", requests);
        json.put("secureRequests", secureRequests);
        json.put("secureOutcomes", secureOutcomes);
        json.put("answers", answers);
        json.put("transfers", transfers);
        json.put("certificates", certificates());
        json.put("certificatesByLimb", certificatesByLimb);
        json.put("certificatesByReason", certificatesByReason);
        json.put("authorityFailedToProvide", authorityFailedToProvide);
        json.put("escalations", escalations);
        json.put("timeToAcknowledge", toAcknowledge.toJson());
        json.put("timeToAnswer", toAnswer.toJson());
        json.put("timeToCollect", toCollect.toJson());
        return json;
    }

    String toText(String indent) {
        return indent + "requests " + requests + " (secure " + secureRequests + ": " + secureOutcomes + ")\n"
                + indent + "answers " + answers + "\n"
                + indent + "transfers " + transfers + ", certificates " + certificates() + " by limb "
                + certificatesByLimb + " by reason " + certificatesByReason + ", authority failed to provide "
                + authorityFailedToProvide + "\n"
                + indent + "escalations " + escalations + "\n"
                + indent + "time to acknowledge: " + toAcknowledge.toText() + "\n"
                + indent + "time to answer: " + toAnswer.toText() + "\n"
                + indent + "time to collect: " + toCollect.toText() + "\n";
    }
}
