package org.bridgeway.dev.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bridgeway.testing.GatewayFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden file: the exclusion XML samples through {@code bridgeway demo --input DIR --json}, line by line, as a
 * recipient's operator or an auditor would read them ({@code delivered}, {@code denied}, {@code rejected} with
 * file, row (record), column (field), rule and message, {@code duplicate}). Exchange ids are random, so each is
 * replaced by its order of first appearance. After a deliberate change, run with
 * {@code -Dbridgeway.golden.update=true} to rewrite {@value #GOLDEN} and review the difference.
 */
class ExclusionDemoGoldenTest {
    static final String GOLDEN = "golden/exclusions/demo-json-lines.jsonl";
    private static final List<String> SAMPLES = List.of("01-exmoor-vale-autumn-2025.xml", "02-some-bad-records.xml",
            "04-exmoor-vale-repeated-suspensions.xml", "05-medway-sample-academy-third-suspension.xml");
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @TempDir
    Path input;
    @TempDir
    Path data;

    @Test
    void theXmlSamplesGiveTheGoldenJsonLines() throws Exception {
        Path samples = GatewayFixture.samples().resolve("exclusions");
        for (String sample : SAMPLES) {
            Files.copy(samples.resolve(sample), input.resolve(sample));
        }
        String lines = normalise(runDemo("demo", "--input", input.toString(), "--json", "--data", data.toString()));

        Path golden = GatewayFixture.projectRoot().resolve("gateway/devtools/src/test/resources").resolve(GOLDEN);
        if (Boolean.getBoolean("bridgeway.golden.update")) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, lines);
        }
        assertThat(lines).isEqualTo(Files.readString(golden));
        // what the golden file shows, in words
        assertThat(lines).contains("\"rule\":\"upn.check-letter\"", "\"file\":\"02-some-bad-records.xml\",\"row\":2")
                .contains("exclusion.repeatedSuspensionWarning").contains("\"recipient\":\"police:kent\"");
    }

    private static String runDemo(String... args) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(DevelopmentLauncher.commandLine().execute(args)).isZero();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    /**
     * Each exchange id becomes "exchange-N" in order of first appearance, and the decision date "today"; only the
     * JSON lines are kept.
     */
    private static String normalise(String output) {
        Map<String, String> ids = new LinkedHashMap<>();
        StringBuilder out = new StringBuilder();
        for (String line : output.split("\n")) {
            if (!line.startsWith("{")) {
                continue;
            }
            Matcher m = UUID.matcher(line);
            StringBuilder replaced = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(replaced, ids.computeIfAbsent(m.group(), k -> "exchange-" + (ids.size() + 1)));
            }
            m.appendTail(replaced);
            // a decision names the day it was made for: the demo decides today
            out.append(replaced.toString().replaceAll("in force on \\d{4}-\\d{2}-\\d{2}", "in force on <today>"))
                    .append('\n');
        }
        return out.toString();
    }
}
