package org.bridgeway.intake;

import java.nio.file.Path;
import java.util.List;
import org.bridgeway.adapters.ssda903.FileRefusal;
import org.bridgeway.adapters.ssda903.FileSummary;
import org.bridgeway.adapters.ssda903.RowError;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.PlacementNotice;

/**
 * One SSDA903 return on its way through the gateway: where it came from, the digest of its content (which
 * makes a re-drop recognisable), and what the translation made of it.
 *
 * @param folder the inbox folder it was dropped in, or null for an upload or the demo
 * @param alreadyProcessed true when a return with the same content was processed before: nothing is sent again
 */
public record ReturnBatch(String source, String digest, Organisation responsibleAuthority, Path folder,
                          boolean alreadyProcessed, List<PlacementNotice> notices, List<RowError> rowErrors,
                          List<FileRefusal> refusals, List<FileSummary> files, int notNotifiable) {

    public ReturnBatch {
        notices = List.copyOf(notices);
        rowErrors = List.copyOf(rowErrors);
        refusals = List.copyOf(refusals);
        files = List.copyOf(files);
    }

    /** What is safe to tell the uploader or print: counts, file names, row errors and refusals; no personal data. */
    public java.util.Map<String, Object> summary() {
        java.util.Map<String, Object> s = new java.util.LinkedHashMap<>();
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
