package org.bridgeway.adapters.missing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files: each folder under {@code src/test/resources/missing/} is one case, its inputs read in name order by
 * the reader their name calls for ({@code *.outcome.json} a return-interview outcome, other {@code *.json} a
 * missing-episode update, {@code *.csv} a force export), with one exchange-id sequence per case.
 */
class MissingGoldenTest {

    static Stream<String> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(MissingGolden.CASES)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesExpected(String name) throws IOException {
        Path dir = MissingGolden.CASES.resolve(name);
        MissingGolden.Case c = MissingGolden.Case.of(dir);
        Supplier<String> ids = MissingGolden.exchangeIds();
        ObjectNode actual = MissingGolden.JSON.createObjectNode();
        List<Path> inputs;
        try (Stream<Path> files = Files.list(dir)) {
            inputs = files.filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".csv"))
                    .filter(p -> !p.getFileName().toString().equals("expected.json")).sorted().toList();
        }
        for (Path input : inputs) {
            String file = input.getFileName().toString();
            byte[] bytes = MissingGolden.read(input);
            JsonNode result;
            if (file.endsWith(".outcome.json")) {
                result = MissingGolden.toJson(new ReturnInterviewOutcomeJsonReader().read(bytes, c.sender(), c.now(),
                        ids));
            } else if (file.endsWith(".json")) {
                result = MissingGolden.toJson(new MissingEpisodeJsonReader().read(bytes, c.sender(), c.now(), ids));
            } else {
                result = MissingGolden.toJson(new MissingEpisodeCsvReader().read(file, bytes, c.sender(), c.now(),
                        ids));
            }
            actual.set(file, result);
        }
        Path expectedFile = dir.resolve("expected.json");
        if (Boolean.getBoolean("bridgeway.golden.update")) {
            Files.writeString(expectedFile, MissingGolden.JSON.writeValueAsString(actual) + "\n");
        }
        assertThat(expectedFile).as("expected.json of case " + name).exists();
        JsonNode expected = MissingGolden.JSON.readTree(expectedFile.toFile());
        assertThat(actual.toPrettyString()).isEqualTo(expected.toPrettyString());
    }
}
