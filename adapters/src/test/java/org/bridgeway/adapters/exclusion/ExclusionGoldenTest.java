package org.bridgeway.adapters.exclusion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files: every sample in {@code samples/exclusions/} is read and compared with
 * {@code src/test/resources/exclusions/<sample>.expected.json} (notices with their fields, and every error).
 */
class ExclusionGoldenTest {

    static Stream<String> samples() throws IOException {
        try (Stream<Path> files = Files.list(ExclusionGolden.SAMPLES)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".xml") || n.endsWith(".json"))
                    .sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void readsAsExpected(String sample) {
        byte[] content = ExclusionGolden.sample(sample);
        var actual = sample.endsWith(".xml")
                ? ExclusionGolden.toJson(new ExclusionXmlReader().read(sample, content, ExclusionGolden.exchangeIds()))
                : ExclusionGolden.toJson(new ExclusionJsonReader().read(content, ExclusionGolden.exchangeIds()));
        ExclusionGolden.assertGolden(sample + ".expected.json", actual);
    }
}
