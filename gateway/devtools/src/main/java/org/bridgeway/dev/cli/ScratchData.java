package org.bridgeway.dev.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bridgeway.cli.CommandFailure;
import org.bridgeway.store.Folders;

/** The throw-away data directories of the demo and the benchmark: each run starts from an empty one. */
public final class ScratchData {
    private ScratchData() {
    }

    public static void empty(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            // emptying it would delete a file the user may have meant for something else
            throw new CommandFailure(dir + " is not a directory", "give --data a directory (the run empties it first)");
        }
        Folders.deleteTree(dir);
    }
}
