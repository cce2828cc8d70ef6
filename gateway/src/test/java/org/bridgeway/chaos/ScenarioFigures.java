package org.bridgeway.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one scenario comes to, computed from what the client recorded, what the recipients drained and the final
 * audit log, in issue 11's terms:
 * <ul>
 *   <li>accepted: notices answered 202; delivered: messages drained from the mailboxes;</li>
 *   <li>lost: accepted exchanges with no DISCLOSED entry at all, plus DISCLOSED messages of accepted exchanges
 *       that were not drained;</li>
 *   <li>duplicated: drained messages beyond the first with the same (recipient, bwIdempotencyKey), the key by which
 *       recipients recognise a repeat;</li>
 *   <li>unaudited: drained messages whose message id has no DISCLOSED entry;</li>
 *   <li>disclosed, not delivered: DISCLOSED entries (of any exchange) whose message was not drained;</li>
 *   <li>heads rolled back: heads served earlier whose size exceeds the final log, or whose root differs from the
 *       final log's root at that size;</li>
 *   <li>exchange id changed: accepted notices that, sent again, were answered with another exchange id.</li>
 * </ul>
 */
record ScenarioFigures(String scenario, long sent, long accepted, long unanswered, long delivered, long lost,
                       long duplicated, long unaudited, long disclosedNotDelivered, long headsSeen,
                       long headsRolledBack, long resent, long exchangeIdChanged, long failureAnswers,
                       Map<String, Long> failureKinds, long unavailableAnswers, List<String> recoveries,
                       List<String> notes) {

    static ScenarioFigures of(String scenario, List<PlacementLoad.Notice> notices, List<MailboxDrain.Drained> drained,
                              FinalLog log, List<HeadWatch.Head> heads, AnswerTally tally,
                              List<Timeline.Fault> faults, List<String> notes) {
        List<PlacementLoad.Notice> acceptedNotices = notices.stream().filter(PlacementLoad.Notice::accepted).toList();
        Set<String> acceptedExchanges = acceptedNotices.stream().map(n -> n.exchangeId).collect(Collectors.toSet());
        Set<String> drainedIds = drained.stream().map(MailboxDrain.Drained::messageId).collect(Collectors.toSet());
        List<FinalLog.Disclosed> disclosed = log.disclosed();
        Set<String> disclosedIds = disclosed.stream().map(FinalLog.Disclosed::messageId).collect(Collectors.toSet());
        Set<String> exchangesWithDisclosure = disclosed.stream().map(FinalLog.Disclosed::exchangeId)
                .collect(Collectors.toSet());

        long lost = acceptedExchanges.stream().filter(e -> !exchangesWithDisclosure.contains(e)).count()
                + disclosed.stream().filter(d -> acceptedExchanges.contains(d.exchangeId()))
                        .filter(d -> !drainedIds.contains(d.messageId())).count();
        Map<String, Integer> copies = new HashMap<>();
        drained.forEach(m -> copies.merge(m.recipient() + " " + m.idempotencyKey(), 1, Integer::sum));
        long duplicated = copies.values().stream().mapToLong(c -> c - 1).sum();
        long unaudited = drained.stream().filter(m -> !disclosedIds.contains(m.messageId())).count();
        long disclosedNotDelivered = disclosed.stream().filter(d -> !drainedIds.contains(d.messageId())).count();

        Map<Long, String> roots = log.rootsAt(heads.stream().map(HeadWatch.Head::size).toList());
        long rolledBack = heads.stream().filter(h -> !h.rootHash().equals(roots.get(h.size()))).count();

        List<PlacementLoad.Notice> resent = acceptedNotices.stream().filter(n -> n.resentExchangeId != null).toList();
        long changed = resent.stream().filter(n -> !n.exchangeId.equals(n.resentExchangeId)).count();
        List<String> notesOut = new ArrayList<>(notes);
        long notResent = acceptedNotices.size() - resent.size();
        if (notResent > 0) {
            notesOut.add(notResent + " accepted notice(s) could not be re-sent (no 202 in the time allowed)");
        }
        return new ScenarioFigures(scenario, notices.size(), acceptedNotices.size(),
                notices.size() - acceptedNotices.size(), drained.size(), lost, duplicated, unaudited,
                disclosedNotDelivered, heads.size(), rolledBack, resent.size(), changed, tally.failureCount(),
                tally.failures(), tally.unavailable(), faults.stream().map(Timeline.Fault::toString).toList(),
                notesOut);
    }

    /** The figures that must be zero whatever the fault (issue 11, point 8). */
    Map<String, Long> mustBeZero() {
        Map<String, Long> m = new java.util.LinkedHashMap<>();
        m.put("lost", lost);
        m.put("duplicated", duplicated);
        m.put("unaudited", unaudited);
        m.put("disclosed-not-delivered", disclosedNotDelivered);
        m.put("heads-rolled-back", headsRolledBack);
        return m;
    }

    /**
     * The figures that must be zero once every fault is answered with a 503 and recovered from (issue 11, point 5):
     * failure answers, and notices never answered 202 (a claim that stuck, a gateway that did not recover).
     */
    Map<String, Long> faultAnswers() {
        Map<String, Long> m = new java.util.LinkedHashMap<>();
        m.put("failure-answers", failureAnswers);
        m.put("unanswered", unanswered);
        return m;
    }
}
