package org.bridgeway.intake.reconciliation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiPredicate;
import org.bridgeway.adapters.ssda903.Ssda903MissingEpisode;
import org.bridgeway.adapters.ssda903.Ssda903MissingTable;
import org.bridgeway.intake.reconciliation.ReconciliationReport.Carried;
import org.bridgeway.intake.reconciliation.ReconciliationReport.Disagreement;
import org.bridgeway.intake.reconciliation.ReconciliationReport.Returned;

/**
 * Sets a return's Missing rows beside the episodes the gateway carried, child by child (the council's CHILD id).
 * Pure: no clock, no database.
 *
 * <p>The 903 has dates only and the gateway date-times, so each carried start and end is read as a date in England
 * (Europe/London: an episode that began at 00:30 BST is on that day, not on the UTC day before). Rows and episodes
 * are paired in three passes, each taking only what the one before left: first those that agree entirely (start,
 * end, type); then those with the same start date (their end or type differs); then those whose starts are a day
 * apart (a start recorded on each side of midnight, or the carer's "last seen" against the police report's time).
 * What is left is an episode the return lacks, or a row the gateway never carried. Within a pass, earlier starts
 * pair first, so the outcome does not depend on the order of the inputs.
 */
public final class MissingReconciliation {
    /** The 903's dates are dates in England. */
    public static final ZoneId ENGLAND = ZoneId.of("Europe/London");
    /** Starts this many days apart may still be one episode whose dates disagree. */
    static final int START_TOLERANCE_DAYS = 1;

    private MissingReconciliation() {
    }

    /** Compares the table with the carried episodes of the period from {@code periodStart} to {@code periodEnd}. */
    public static ReconciliationReport compare(Ssda903MissingTable table, List<CarriedEpisode> carried,
                                               LocalDate periodStart, LocalDate periodEnd) {
        Map<String, List<Returned>> rowsByChild = new LinkedHashMap<>();
        for (Ssda903MissingEpisode e : table.episodes()) {
            rowsByChild.computeIfAbsent(e.child(), c -> new ArrayList<>())
                    .add(new Returned(e.row(), e.child(), e.type(), e.start(), e.end().orElse(null)));
        }
        Map<String, List<Carried>> carriedByChild = new LinkedHashMap<>();
        List<Carried> withoutChildId = new ArrayList<>();
        for (CarriedEpisode e : carried) {
            Carried c = dated(e);
            if (c.child() == null) {
                withoutChildId.add(c);
            } else {
                carriedByChild.computeIfAbsent(c.child(), k -> new ArrayList<>()).add(c);
            }
        }
        int agreeing = 0;
        List<Carried> notInReturn = new ArrayList<>();
        List<Returned> notCarried = new ArrayList<>();
        List<Disagreement> disagreeing = new ArrayList<>();
        List<String> children = new ArrayList<>(rowsByChild.keySet());
        carriedByChild.keySet().stream().filter(c -> !rowsByChild.containsKey(c)).forEach(children::add);
        for (String child : children) {
            List<Returned> rows = new ArrayList<>(rowsByChild.getOrDefault(child, List.of()));
            rows.sort(Comparator.comparing(Returned::start).thenComparingInt(Returned::row));
            List<Carried> episodes = new ArrayList<>(carriedByChild.getOrDefault(child, List.of()));
            episodes.sort(Comparator.comparing(Carried::start).thenComparing(Carried::episodeId));
            agreeing += pair(rows, episodes, MissingReconciliation::agree).size();
            pair(rows, episodes, (r, c) -> r.start().equals(c.start())).forEach(p -> disagreeing.add(p.disagreement()));
            pair(rows, episodes, (r, c) -> Math.abs(ChronoUnit.DAYS.between(r.start(), c.start()))
                    <= START_TOLERANCE_DAYS).forEach(p -> disagreeing.add(p.disagreement()));
            notCarried.addAll(rows);
            notInReturn.addAll(episodes);
        }
        withoutChildId.sort(Comparator.comparing(Carried::start).thenComparing(Carried::episodeId));
        return new ReconciliationReport(periodStart, periodEnd, table.present(), agreeing, notInReturn, notCarried,
                disagreeing, withoutChildId, table.rowErrors());
    }

    /** A carried episode's start and end as the 903 would date them. */
    static Carried dated(CarriedEpisode e) {
        return new Carried(e.childLocalId().orElse(null), e.episodeId(), e.type(), inEngland(e.start()),
                e.end().map(MissingReconciliation::inEngland).orElse(null));
    }

    private static LocalDate inEngland(Instant instant) {
        return LocalDate.ofInstant(instant, ENGLAND);
    }

    private static boolean agree(Returned r, Carried c) {
        return r.start().equals(c.start()) && Objects.equals(r.end(), c.end()) && r.type().equals(c.type());
    }

    /** A row and the carried episode taken to be the same episode. */
    private record Pair(Returned row, Carried episode) {
        Disagreement disagreement() {
            List<String> differences = new ArrayList<>();
            if (!row.start().equals(episode.start())) {
                differences.add("start");
            }
            if (!Objects.equals(row.end(), episode.end())) {
                differences.add("end");
            }
            if (!row.type().equals(episode.type())) {
                differences.add("type");
            }
            return new Disagreement(differences, row, episode);
        }
    }

    /**
     * Takes out of both lists every row and episode that {@code match} pairs, first come first paired, and returns
     * the pairs (row, episode).
     */
    private static List<Pair> pair(List<Returned> rows, List<Carried> episodes,
                                   BiPredicate<Returned, Carried> match) {
        List<Pair> pairs = new ArrayList<>();
        for (Iterator<Returned> rowIt = rows.iterator(); rowIt.hasNext(); ) {
            Returned r = rowIt.next();
            for (Iterator<Carried> epIt = episodes.iterator(); epIt.hasNext(); ) {
                Carried c = epIt.next();
                if (match.test(r, c)) {
                    pairs.add(new Pair(r, c));
                    rowIt.remove();
                    epIt.remove();
                    break;
                }
            }
        }
        return pairs;
    }
}
