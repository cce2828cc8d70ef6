package org.bridgeway.policy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the project's {@code policies/} folder by walking up from the working directory (Maven runs in gateway/). */
final class PolicyRoot {

    private PolicyRoot() {
    }

    static Path policies() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("policies").resolve("agreements"))) {
                return dir.resolve("policies");
            }
        }
        throw new IllegalStateException("no policies/agreements above " + Path.of("").toAbsolutePath());
    }

    static Path agreements() {
        return policies().resolve("agreements");
    }

    static Path schema() {
        return policies().resolve("agreement.schema.json");
    }
}
