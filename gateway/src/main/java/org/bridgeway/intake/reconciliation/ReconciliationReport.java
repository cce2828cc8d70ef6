package org.bridgeway.intake.reconciliation;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bridgeway.adapters.ssda903.RowError;

/**
 * What the reconciliation of one return's Missing table found: the council's data-quality view. Episodes are named
 * by the council's child id, the return's row and the gateway's episode id, with their dates (in England, as the
 * 903 has them) and type; never a name.
 *
 * @param periodStart         the first day of the return's period (1 April of its collection year)
 * @param periodEnd           the last day compared (the year's 31 March, or the day the return was read)
 * @param missingTable        whether the return had a Missing table; without one, every carried episode is lacking
 * @param agreeing            episodes in both, with the same dates and type
 * @param notInReturn         episodes the gateway carried (reported by the police or a carer) that the return lacks
 * @param notCarried          episodes in the return that the gateway never carried
 * @param disagreeing         episodes in both whose dates or type differ
 * @param carriedWithoutChildId episodes carried for the council's children with no child id from any sender, which
 *                            cannot be set beside a return row (the police reported them by name and date of birth)
 * @param unreadableRows      rows of the Missing table left out for an error, by row, column and rule
 */
public record ReconciliationReport(LocalDate periodStart, LocalDate periodEnd, boolean missingTable, int agreeing,
                                   List<Carried> notInReturn, List<Returned> notCarried,
                                   List<Disagreement> disagreeing, List<Carried> carriedWithoutChildId,
                                   List<RowError> unreadableRows) {

    public ReconciliationReport {
        notInReturn = List.copyOf(notInReturn);
        notCarried = List.copyOf(notCarried);
        disagreeing = List.copyOf(disagreeing);
        carriedWithoutChildId = List.copyOf(carriedWithoutChildId);
        unreadableRows = List.copyOf(unreadableRows);
    }

    /** An episode as the gateway carried it, dated in England; {@code child} null when no sender gave it. */
    public record Carried(String child, String episodeId, String type, LocalDate start, LocalDate end) {
        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            if (child != null) {
                json.put("child", child);
            }
            json.put("episodeId", episodeId);
            json.put("type", type);
            json.put("start", start.toString());
            json.put("end", end == null ? null : end.toString());
            return json;
        }
    }

    /** A row of the return's Missing table. */
    public record Returned(int row, String child, String type, LocalDate start, LocalDate end) {
        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("child", child);
            json.put("row", row);
            json.put("type", type);
            json.put("start", start.toString());
            json.put("end", end == null ? null : end.toString());
            return json;
        }
    }

    /**
     * One episode in both whose values differ.
     *
     * @param differences which: {@code start}, {@code end}, {@code type} (the 903 column names are MIS_START,
     *                    MIS_END and MISSING)
     */
    public record Disagreement(List<String> differences, Returned inReturn, Carried carried) {
        public Disagreement {
            differences = List.copyOf(differences);
        }

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("child", inReturn.child());
            json.put("differences", differences);
            json.put("inReturn", inReturn.toJson());
            json.put("carried", carried.toJson());
            return json;
        }
    }

    /** The answer of the reconciliation endpoint (without the batch's own fields, which the caller adds). */
    public Map<String, Object> toJson() {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("agreeing", agreeing);
        counts.put("notInReturn", notInReturn.size());
        counts.put("notCarried", notCarried.size());
        counts.put("disagreeing", disagreeing.size());
        counts.put("carriedWithoutChildId", carriedWithoutChildId.size());
        counts.put("unreadableRows", unreadableRows.size());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("periodStart", periodStart.toString());
        json.put("periodEnd", periodEnd.toString());
        json.put("missingTable", missingTable);
        json.put("counts", counts);
        json.put("notInReturn", notInReturn.stream().map(Carried::toJson).toList());
        json.put("notCarried", notCarried.stream().map(Returned::toJson).toList());
        json.put("disagreeing", disagreeing.stream().map(Disagreement::toJson).toList());
        json.put("carriedWithoutChildId", carriedWithoutChildId.stream().map(Carried::toJson).toList());
        json.put("unreadableRows", unreadableRows);
        return json;
    }
}
