package org.bridgeway.adapters.custody;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.bridgeway.adapters.missing.MissingGolden;
import org.bridgeway.adapters.missing.MissingReadResult;
import org.bridgeway.model.CustodyHandoverNotice;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files: each folder under {@code src/test/resources/custody/} is one case (sender and now in
 * {@code case.properties}), its bodies read in name order by the reader their name calls for ({@code *.request.json},
 * {@code *.acknowledgement.json}, {@code *.answer.json}, {@code *.closure.json}; the later steps of handover
 * {@value #HANDOVER}). An accepted notice is shown with its fields and its audit facts as they are before the gateway
 * records the handover. {@code -Dbridgeway.golden.update=true} rewrites the expected files.
 */
class CustodyGoldenTest {
    static final Path CASES = Path.of("src/test/resources/custody");
    static final String HANDOVER = "CH-golden-0001";

    static Stream<String> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(CASES)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesExpected(String name) throws IOException {
        Path dir = CASES.resolve(name);
        MissingGolden.Case c = MissingGolden.Case.of(dir);
        Supplier<String> ids = MissingGolden.exchangeIds();
        CustodyHandoverJsonReader reader = new CustodyHandoverJsonReader();
        ObjectNode actual = MissingGolden.JSON.createObjectNode();
        List<Path> inputs;
        try (Stream<Path> files = Files.list(dir)) {
            inputs = files.filter(p -> p.toString().endsWith(".json"))
                    .filter(p -> !p.getFileName().toString().equals("expected.json")).sorted().toList();
        }
        for (Path input : inputs) {
            String file = input.getFileName().toString();
            byte[] bytes = MissingGolden.read(input);
            MissingReadResult<CustodyHandoverNotice> read;
            if (file.endsWith(".request.json")) {
                read = reader.readRequest(bytes, c.sender(), c.now(), ids);
            } else if (file.endsWith(".acknowledgement.json")) {
                read = reader.readAcknowledgement(bytes, HANDOVER, c.sender(), c.now(), ids);
            } else if (file.endsWith(".answer.json")) {
                read = reader.readAnswer(bytes, HANDOVER, c.sender(), c.now(), ids);
            } else {
                read = reader.readClosure(bytes, HANDOVER, c.sender(), c.now(), ids);
            }
            ObjectNode result = MissingGolden.toJson(read);
            if (read instanceof MissingReadResult.Accepted<CustodyHandoverNotice> accepted) {
                ObjectNode facts = result.putObject("auditFacts");
                accepted.notice().auditFacts().forEach(facts::put);
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
