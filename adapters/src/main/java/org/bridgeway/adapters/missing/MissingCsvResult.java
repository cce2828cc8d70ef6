package org.bridgeway.adapters.missing;

import java.util.List;
import java.util.Optional;
import org.bridgeway.adapters.ssda903.FileRefusal;
import org.bridgeway.adapters.ssda903.RowError;
import org.bridgeway.model.MissingEpisodeNotice;

/**
 * What became of one force export.
 *
 * @param notices        one notice per valid row, in file order
 * @param rowErrors      the errors of the rows left out, by row then column; at most
 *                       {@link MissingEpisodeCsvReader#MAX_LISTED_ROW_ERRORS} are listed
 * @param unlistedErrors errors found beyond those listed
 * @param refusal        present when the file was refused whole (then nothing else was read, or only the rows
 *                       before a break in the CSV, which are kept)
 * @param rowsRead       data rows read (blank rows are not counted)
 * @param rowsWithErrors data rows left out because of at least one error
 */
public record MissingCsvResult(
        List<MissingEpisodeNotice> notices,
        List<RowError> rowErrors,
        int unlistedErrors,
        Optional<FileRefusal> refusal,
        int rowsRead,
        int rowsWithErrors) {

    public MissingCsvResult {
        notices = List.copyOf(notices);
        rowErrors = List.copyOf(rowErrors);
        refusal = refusal == null ? Optional.empty() : refusal;
    }

    static MissingCsvResult refused(String file, String reason) {
        return new MissingCsvResult(List.of(), List.of(), 0, Optional.of(new FileRefusal(file, reason)), 0, 0);
    }
}
