package org.bridgeway.adapters.ssda903;

import java.util.List;
import java.util.Objects;
import org.bridgeway.model.PlacementNotice;

/**
 * The outcome of translating one SSDA903 return.
 *
 * @param notices       one placement notice per out-of-area placement episode, in episodes-file order, then the
 *                      changes and ends of those placements in each child's order
 * @param rowErrors     every bad row, by file (in the order the files were given), then row, then column
 * @param refusals      every file refused whole, in the order the files were given
 * @param files         one summary per accepted file, in the order the files were given
 * @param notNotifiable valid episodes that need no notice: change of legal status only (RNE L), or a placement
 *                      inside the responsible authority's own area, that neither changes nor ends a notified one
 * @param missing       the return's Missing table, read for the gateway's reconciliation with the missing episodes
 *                      it carried (no notices come of it)
 */
public record Ssda903Result(
        List<PlacementNotice> notices,
        List<RowError> rowErrors,
        List<FileRefusal> refusals,
        List<FileSummary> files,
        int notNotifiable,
        Ssda903MissingTable missing) {

    public Ssda903Result {
        Objects.requireNonNull(missing, "missing");
        notices = List.copyOf(notices);
        rowErrors = List.copyOf(rowErrors);
        refusals = List.copyOf(refusals);
        files = List.copyOf(files);
    }

    /** A result without a Missing table. */
    public Ssda903Result(List<PlacementNotice> notices, List<RowError> rowErrors, List<FileRefusal> refusals,
                         List<FileSummary> files, int notNotifiable) {
        this(notices, rowErrors, refusals, files, notNotifiable, Ssda903MissingTable.ABSENT);
    }

    /** The notices: starts, changes and ends (an episode can make two: its start, and its end). */
    public int notifiable() {
        return notices.size();
    }
}
