package org.bridgeway.dev.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.bridgeway.cli.CommandFailure;
import org.bridgeway.dev.cli.ScratchData;

/**
 * A project root that is the real one but for its agreements: the shipped ones and synthetic ones, each a copy of a
 * shipped agreement in force only in a year of its own far ahead, so that decisions come out as with the shipped ones
 * while the embedded policy engine looks through {@code total} agreements for each (issue 18's scale table). An
 * agreement must name a known exchange type, and two for the same parties must not overlap in time. The routes are
 * copied; everything else is linked.
 */
final class SyntheticAgreements {
    /** Copied, not linked: Camel's route loader does not look into a linked folder. */
    private static final String ROUTES = "routes";
    /** The first synthetic agreements are in force in this year, the next ones (one a shipped agreement) after it. */
    private static final int FIRST_YEAR = 2100;

    private SyntheticAgreements() {
    }

    /** The real root itself when {@code total} is what it ships; otherwise a root in {@code scratch}, emptied first. */
    static Path projectRootWith(int total, Path realRoot, Path scratch) throws IOException {
        Path realPolicies = realRoot.resolve("policies");
        List<Path> shipped = yamlIn(realPolicies.resolve("agreements"));
        if (total == shipped.size()) {
            return realRoot;
        }
        if (total < shipped.size()) {
            throw new CommandFailure("--agreements " + total + " is fewer than the " + shipped.size()
                    + " agreements the project ships", "give --agreements " + shipped.size() + " or more");
        }
        ScratchData.empty(scratch);
        Files.createDirectories(scratch);
        linkAllBut(realRoot, scratch, "policies", "data", ROUTES);
        copyTree(realRoot.resolve(ROUTES), scratch.resolve(ROUTES));
        Path policies = Files.createDirectories(scratch.resolve("policies"));
        linkAllBut(realPolicies, policies, "agreements");
        Path agreements = Files.createDirectories(policies.resolve("agreements"));
        for (Path p : shipped) {
            Files.createSymbolicLink(agreements.resolve(p.getFileName()), p);
        }
        for (int i = 0; i < total - shipped.size(); i++) {
            String template = Files.readString(shipped.get(i % shipped.size()));
            int year = FIRST_YEAR + i / shipped.size();
            String synthetic = template.replaceFirst("(?m)^id: .*$", "id: ISA-BENCH-" + (i + 1))
                    .replaceFirst("(?m)^validFrom: .*$", "validFrom: \"" + year + "-01-01\"")
                    .replaceFirst("(?m)^validUntil: .*$", "validUntil: \"" + year + "-12-31\"")
                    .replaceFirst("(?m)^reviewDate: .*$", "reviewDate: \"" + year + "-06-30\"");
            Files.writeString(agreements.resolve("bench-synthetic-" + (i + 1) + ".yaml"), synthetic,
                    StandardCharsets.UTF_8);
        }
        return scratch;
    }

    /** How many agreements {@code dir} holds. */
    static int countIn(Path dir) throws IOException {
        return yamlIn(dir).size();
    }

    private static List<Path> yamlIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> tree = Files.walk(from)) {
            for (Path p : tree.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }

    private static void linkAllBut(Path from, Path to, String... except) throws IOException {
        List<String> skipped = List.of(except);
        try (Stream<Path> entries = Files.list(from)) {
            for (Path p : entries.toList()) {
                if (!skipped.contains(p.getFileName().toString())) {
                    Files.createSymbolicLink(to.resolve(p.getFileName()), p.toAbsolutePath());
                }
            }
        }
    }
}
