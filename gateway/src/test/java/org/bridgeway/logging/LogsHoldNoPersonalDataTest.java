package org.bridgeway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.JsonLogLines;
import org.bridgeway.testing.SyntheticPersonalValues;
import org.bridgeway.testing.SyntheticPlacements;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The logs tell what happened without telling who it happened to: while the sample SSDA903 return and JSON
 * notices full of personal data go through a real gateway, with the gateway's own loggers at DEBUG, every line is
 * one JSON object with its time, level, logger, thread and message, and no field of any line (message, MDC, key-value
 * pairs, exception) holds a name, NHS number, UPN, date of birth (in any usual format), postcode, ethnicity code or
 * local child id. The lines that tell of an exchange carry its correlation id.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogsHoldNoPersonalDataTest {
    private GatewayFixture fixture;
    private List<JsonNode> lines;

    @BeforeAll
    void runThePipeline(@TempDir Path data) {
        try (JsonLogLines logs = JsonLogLines.capture("org.bridgeway")) {
            fixture = GatewayFixture.start(data);
            Gateway gateway = fixture.gateway();
            gateway.processReturn(SyntheticPlacements.sampleReturn());
            for (SyntheticPlacements.Spec spec : SyntheticPlacements.EVERY_FIELD) {
                gateway.submit(SyntheticPlacements.notice(gateway.reference(), spec));
            }
            fixture.close();
            fixture = null;
            lines = logs.json(); // with what the gateway logged as it stopped
        }
    }

    @AfterAll
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void everyLineIsAJsonObjectWithItsTimeLevelLoggerThreadAndMessage() {
        assertThat(lines).hasSizeGreaterThan(20);
        assertThat(lines).allSatisfy(line -> {
            assertThat(line.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(line.path("level").asText()).isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
            assertThat(line.path("loggerName").asText()).isNotEmpty();
            assertThat(line.path("threadName").asText()).isNotEmpty();
            assertThat(line.has("formattedMessage")).isTrue();
            assertThat(line.has("mdc")).isTrue();
        });
    }

    @Test
    void noFieldOfAnyLineHoldsAnyPersonalValue() throws Exception {
        Map<String, String> personal = SyntheticPersonalValues.all();
        assertThat(personal).hasSizeGreaterThan(100);
        // a value on its own, not inside a longer token: the ethnicity code REFU is not in "refused", nor a date of
        // birth's digits in a hex digest
        Map<Pattern, String> patterns = new LinkedHashMap<>();
        personal.forEach((value, what) -> patterns.put(Pattern.compile("(?<![\\p{Alnum}])" + Pattern.quote(value)
                + "(?![\\p{Alnum}])", Pattern.CASE_INSENSITIVE), what));
        for (JsonNode line : lines) {
            for (String text : strings(line)) {
                patterns.forEach((value, what) -> assertThat(value.matcher(text).find())
                        .as("a log line must not hold %s: %s", what, line).isFalse());
            }
        }
    }

    @Test
    void theLinesOfEachNoticeCarryItsExchangesCorrelationId() {
        List<JsonNode> delivered = lines.stream()
                .filter(l -> l.path("loggerName").asText().endsWith(".MailboxDelivery")).toList();
        assertThat(delivered).hasSizeGreaterThanOrEqualTo(SyntheticPlacements.EVERY_FIELD.size());
        assertThat(delivered).allSatisfy(l -> assertThat(CorrelationId.valid(
                l.path("mdc").path("correlationId").asText(null))).isPresent());
        assertThat(delivered.stream().map(l -> l.path("mdc").path("correlationId").asText()).distinct())
                .as("one id per notice sent on its own").hasSizeGreaterThanOrEqualTo(
                        SyntheticPlacements.EVERY_FIELD.size());
    }

    /** Every string anywhere in a line: field values and the names of MDC and key-value entries. */
    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isTextual()) {
            out.add(node.asText());
        } else if (node.isContainerNode()) {
            node.fieldNames().forEachRemaining(out::add);
            node.elements().forEachRemaining(child -> out.addAll(strings(child)));
        }
        return out;
    }
}
