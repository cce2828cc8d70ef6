package org.bridgeway.intake;

import java.nio.file.Path;
import java.util.List;
import org.bridgeway.adapters.ssda903.Ssda903File;
import org.bridgeway.model.Organisation;

/**
 * An SSDA903 return as it arrived, before translation: its files, what was refused before reading (a symbolic link
 * in the inbox, ...), and the batch it is tracked as.
 *
 * @param source   {@code upload}, {@code inbox} or {@code folder} (the demo)
 * @param folder   the inbox folder it was dropped in, or null for an upload
 * @param send     false when the batch was sent before, or is being sent now: nothing is sent again
 */
public record ReceivedReturn(String source, String digest, Organisation responsibleAuthority, Path folder,
                             List<Ssda903File> files, List<RefusedFile> refused, String batchId, boolean send) {
    public ReceivedReturn {
        files = List.copyOf(files);
        refused = List.copyOf(refused);
    }
}
