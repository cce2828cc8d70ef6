package org.bridgeway.adapters.ssda903;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files: each directory under {@code src/test/resources/ssda903/} is one return (its .csv files, read in
 * name order, placed by Kent 886) and its {@code expected.json}. Run with {@code -Dbridgeway.golden.update=true}
 * to rewrite the expected files after a deliberate change, then review the diff.
 */
class Ssda903GoldenTest {
    static final Path CASES = Path.of("src/test/resources/ssda903");

    static Stream<String> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(CASES)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesExpected(String name) throws IOException {
        Path dir = CASES.resolve(name);
        Ssda903Result result = new Ssda903Translator(TestReferenceData.REFERENCE)
                .translate(Ssda903Golden.files(dir), TestReferenceData.KENT, Ssda903Golden.PERIOD,
                        Ssda903Golden.exchangeIds());
        JsonNode actual = Ssda903Golden.toJson(result);
        Path expectedFile = dir.resolve("expected.json");
        if (Boolean.getBoolean("bridgeway.golden.update")) {
            Files.writeString(expectedFile, Ssda903Golden.JSON.writeValueAsString(actual) + "\n");
        }
        assertThat(expectedFile).as("expected.json of case " + name).exists();
        JsonNode expected = Ssda903Golden.JSON.readTree(expectedFile.toFile());
        assertThat(actual.toPrettyString()).isEqualTo(expected.toPrettyString());
    }
}
