package org.bridgeway.adapters.ssda903;

import java.util.List;

/**
 * What a return's Missing table held: its valid rows, and the errors of the rows left out. Kept apart from the
 * placement translation's row errors: the Missing table makes no notice, so a bad Missing row does not change what a
 * return sends or how its batch counts; the gateway reports it to the council in the Missing reconciliation.
 *
 * @param present whether the return had a Missing table at all (an absent table is not "no episodes")
 */
public record Ssda903MissingTable(boolean present, List<Ssda903MissingEpisode> episodes, List<RowError> rowErrors) {
    public static final Ssda903MissingTable ABSENT = new Ssda903MissingTable(false, List.of(), List.of());

    public Ssda903MissingTable {
        episodes = List.copyOf(episodes);
        rowErrors = List.copyOf(rowErrors);
    }
}
