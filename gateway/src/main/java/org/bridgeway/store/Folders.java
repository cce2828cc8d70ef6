package org.bridgeway.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Folders the gateway makes for a while, measures and removes whole: a policy bundle's build, a rehearsal's scratch data. */
public final class Folders {
    private Folders() {
    }

    /** Deletes a folder and everything in it; nothing when it does not exist. Links are removed, not followed. */
    public static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(folder)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The bytes of the files in a folder and its subfolders; 0 when it does not exist. */
    public static long size(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0; // a file removed while counting
                }
            }).sum();
        }
    }
}
