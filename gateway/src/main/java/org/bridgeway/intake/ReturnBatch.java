package org.bridgeway.intake;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bridgeway.adapters.ssda903.FileSummary;
import org.bridgeway.adapters.ssda903.RowError;
import org.bridgeway.adapters.ssda903.Ssda903MissingTable;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.PlacementEvent;
import org.bridgeway.model.PlacementNotice;

/**
 * One SSDA903 return on its way through the gateway: its batch, where it came from, the digest of its content
 * (which makes a re-drop recognisable), and what the translation made of it.
 *
 * @param folder the inbox folder it was dropped in, or null for an upload or the demo
 * @param alreadyProcessed true when the same return was sent before (or is being sent now): nothing is sent again
 * @param missing the return's Missing table, for the reconciliation with the missing episodes the gateway carried
 */
public record ReturnBatch(String batchId, String source, String digest, Organisation responsibleAuthority,
                          Path folder, boolean alreadyProcessed, List<PlacementNotice> notices,
                          List<RowError> rowErrors, List<RefusedFile> refusals, List<FileSummary> files,
                          int notNotifiable, Ssda903MissingTable missing) {

    public ReturnBatch {
        Objects.requireNonNull(missing, "missing");
        notices = List.copyOf(notices);
        rowErrors = List.copyOf(rowErrors);
        refusals = List.copyOf(refusals);
        files = List.copyOf(files);
    }

    /** A batch whose return had no Missing table. */
    public ReturnBatch(String batchId, String source, String digest, Organisation responsibleAuthority, Path folder,
                       boolean alreadyProcessed, List<PlacementNotice> notices, List<RowError> rowErrors,
                       List<RefusedFile> refusals, List<FileSummary> files, int notNotifiable) {
        this(batchId, source, digest, responsibleAuthority, folder, alreadyProcessed, notices, rowErrors, refusals,
                files, notNotifiable, Ssda903MissingTable.ABSENT);
    }

    /** The notices of placements started: independent of one another, sent side by side. */
    public List<PlacementNotice> starts() {
        return notices.stream().filter(n -> n.event() == PlacementEvent.STARTED).toList();
    }

    /** The changes and ends, in each child's order: each needs the placement before it carried, so sent in turn. */
    public List<PlacementNotice> changesAndEnds() {
        return notices.stream().filter(n -> n.event() != PlacementEvent.STARTED).toList();
    }

    /** Data rows read across the return's files. */
    public int rowsRead() {
        return files.stream().mapToInt(FileSummary::rowsRead).sum();
    }

    /** Rows left out for an error, counted (the listing stops at the translator's limit per file). */
    public int rowsRejected() {
        return files.stream().mapToInt(FileSummary::rowsWithErrors).sum();
    }

    /** What is safe to tell the uploader or print: counts, file names, row errors and refusals; no personal data. */
    public Map<String, Object> summary() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("source", source);
        s.put("digest", digest);
        s.put("responsibleAuthority", responsibleAuthority.id());
        s.put("alreadyProcessed", alreadyProcessed);
        s.put("notices", notices.size());
        s.put("notNotifiable", notNotifiable);
        s.put("files", files);
        s.put("rowErrors", rowErrors);
        s.put("refusedFiles", refusals);
        return s;
    }
}
