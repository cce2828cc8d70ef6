package org.bridgeway.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 *   <li>exchange id changed: accepted notices processed under more than one exchange id: sent again after their
 *       202, answered with another exchange id; or answered 202 under one exchange while the log shows another
 *       exchange of the same notice (an attempt whose answer was cut off) that disclosed it too.</li>
 * </ul>
 */
record ScenarioFigures(String scenario, long sent, long accepted, long retried, long unanswered, long delivered,
                       long lost,
                       long duplicated, long unaudited, long disclosedNotDelivered, long headsSeen,
                       long headsRolledBack, long resent, long exchangeIdChanged, long failureAnswers,
                       Map<String, Long> failureKinds, long unavailableAnswers, List<String> recoveries,
                       List<String> notes) {

    static ScenarioFigures of(String scenario, List<PlacementLoad.Notice> notices, List<MailboxDrain.Drained> drained,
                              FinalLog log, List<HeadWatch.Head> heads, AnswerTally tally,
                              List<Timeline.Fault> faults, List<String> notes, Path findings) {
        return of(scenario, notices, drained, log, heads, List.of(tally), faults.stream().map(Timeline.Fault::toString)
                .toList(), notes, findings);
    }

    /** The figures of a run whose answers several clients judged (one per gateway node), each with its faults. */
    static ScenarioFigures of(String scenario, List<PlacementLoad.Notice> notices, List<MailboxDrain.Drained> drained,
                              FinalLog log, List<HeadWatch.Head> heads, List<AnswerTally> tallies,
                              List<String> recoveries, List<String> notes, Path findings) {
        List<PlacementLoad.Notice> acceptedNotices = notices.stream().filter(PlacementLoad.Notice::accepted).toList();
        Set<String> acceptedExchanges = acceptedNotices.stream().map(n -> n.exchangeId).collect(Collectors.toSet());
        Set<String> drainedIds = drained.stream().map(MailboxDrain.Drained::messageId).collect(Collectors.toSet());
        List<FinalLog.Disclosed> disclosed = log.disclosed();
        Set<String> disclosedIds = disclosed.stream().map(FinalLog.Disclosed::messageId).collect(Collectors.toSet());
        Set<String> exchangesWithDisclosure = disclosed.stream().map(FinalLog.Disclosed::exchangeId)
                .collect(Collectors.toSet());

        List<String> lost = new ArrayList<>();
        acceptedExchanges.stream().filter(e -> !exchangesWithDisclosure.contains(e))
                .forEach(e -> lost.add("exchange " + e + " answered 202 has no DISCLOSED entry"));
        disclosed.stream().filter(d -> acceptedExchanges.contains(d.exchangeId()))
                .filter(d -> !drainedIds.contains(d.messageId()))
                .forEach(d -> lost.add("message " + d.messageId() + " of exchange " + d.exchangeId() + " to "
                        + d.recipient() + " was not drained"));
        Map<String, List<String>> copies = new TreeMap<>();
        drained.forEach(m -> copies.computeIfAbsent(m.recipient() + " " + m.idempotencyKey(), k -> new ArrayList<>())
                .add(m.messageId() + " (exchange " + m.exchangeId() + ")"));
        List<String> duplicated = new ArrayList<>();
        copies.forEach((key, messages) -> messages.subList(1, messages.size())
                .forEach(m -> duplicated.add(key + ": " + m + ", a copy of " + messages.get(0))));
        List<String> unaudited = drained.stream().filter(m -> !disclosedIds.contains(m.messageId()))
                .map(m -> "message " + m.messageId() + " of exchange " + m.exchangeId() + " in " + m.recipient())
                .toList();
        List<String> disclosedNotDelivered = disclosed.stream().filter(d -> !drainedIds.contains(d.messageId()))
                .map(d -> "message " + d.messageId() + " of exchange " + d.exchangeId() + " to " + d.recipient())
                .toList();

        Map<Long, String> roots = log.rootsAt(heads.stream().map(HeadWatch.Head::size).toList());
        List<String> rolledBack = heads.stream().filter(h -> !h.rootHash().equals(roots.get(h.size())))
                .map(h -> "head of size " + h.size() + ", root " + h.rootHash() + ": " + (roots.containsKey(h.size())
                        ? "the final log's root at that size is " + roots.get(h.size())
                        : "the final log has only " + log.size() + " entries"))
                .toList();
        writeFindings(findings, Map.of("lost", lost, "duplicated", duplicated, "unaudited", unaudited,
                "disclosed-not-delivered", disclosedNotDelivered, "heads-rolled-back", rolledBack));

        List<PlacementLoad.Notice> resent = acceptedNotices.stream().filter(n -> n.resentExchangeId != null).toList();
        Map<String, Set<String>> otherExchanges = log.otherDisclosingExchanges();
        long changed = acceptedNotices.stream().filter(n -> (n.resentExchangeId != null
                && !n.exchangeId.equals(n.resentExchangeId))
                || !otherExchanges.getOrDefault(n.exchangeId, Set.of()).isEmpty()).count();
        long retried = notices.stream().filter(n -> n.attempts > 1).count();
        List<String> notesOut = new ArrayList<>(notes);
        long notResent = acceptedNotices.size() - resent.size();
        if (notResent > 0) {
            notesOut.add(notResent + " accepted notice(s) could not be re-sent (no 202 in the time allowed)");
        }
        return new ScenarioFigures(scenario, notices.size(), acceptedNotices.size(), retried,
                notices.size() - acceptedNotices.size(), drained.size(), lost.size(), duplicated.size(),
                unaudited.size(), disclosedNotDelivered.size(), heads.size(), rolledBack.size(), resent.size(),
                changed, tallies.stream().mapToLong(AnswerTally::failureCount).sum(), failuresOf(tallies),
                tallies.stream().mapToLong(AnswerTally::unavailable).sum(), recoveries, notesOut);
    }

    private static Map<String, Long> failuresOf(List<AnswerTally> tallies) {
        Map<String, Long> all = new TreeMap<>();
        tallies.forEach(t -> t.failures().forEach((kind, n) -> all.merge(kind, n, Long::sum)));
        return all;
    }

    /** Each non-zero figure's items (the first 500 of each), for whoever fixes what they show. */
    private static void writeFindings(Path file, Map<String, List<String>> findings) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(findings).forEach((figure, items) -> {
            out.append("== ").append(figure).append(": ").append(items.size()).append('\n');
            items.stream().limit(500).forEach(i -> out.append(i).append('\n'));
        });
        try {
            Files.writeString(file, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
