package org.bridgeway.adapters.ssda903;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * One valid row of an SSDA903 return's Missing table ({@code CHILD, DOB, MISSING, MIS_START, MIS_END}): an episode
 * of a looked-after child missing from care ({@code M}) or away from placement without authorisation ({@code A}).
 * The 903 dates are dates only; an episode still open at the reporting date has no end.
 *
 * @param row   the row number as a spreadsheet shows it (the header is row 1), to point the council at the row
 * @param child the council's own id of the child (CHILD)
 * @param type  {@code M} or {@code A}
 */
public record Ssda903MissingEpisode(int row, String child, LocalDate dateOfBirth, String type, LocalDate start,
                                    Optional<LocalDate> end) {
    public Ssda903MissingEpisode {
        Objects.requireNonNull(child, "child");
        Objects.requireNonNull(dateOfBirth, "dateOfBirth");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
    }

    @Override
    public String toString() {
        return "Ssda903MissingEpisode[row=" + row + ", type=" + type + "]"; // no child id or dates in logs
    }
}
