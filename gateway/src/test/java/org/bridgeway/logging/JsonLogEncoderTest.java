package org.bridgeway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** What one JSON log line holds, read back with a JSON parser. */
class JsonLogEncoderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

    private String encode(Level level, String message, Throwable failure, Object... arguments) {
        JsonLogEncoder encoder = new JsonLogEncoder();
        encoder.setContext(context);
        encoder.start();
        LoggingEvent event = new LoggingEvent(getClass().getName(), context.getLogger("org.bridgeway.example"), level,
                message, failure, arguments);
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }

    @Test
    void aLineHoldsAnIsoTimestampLevelLoggerThreadMdcAndTheMessage() throws Exception {
        String line;
        try (var logged = CorrelationId.open("req-1")) {
            line = encode(Level.INFO, "exchange {}: delivered", null, "0192-abc");
        }
        assertThat(line).endsWith("\n").doesNotContain("\n\n");
        JsonNode json = JSON.readTree(line);
        assertThat(json.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(OffsetDateTime.parse(json.path("timestamp").asText()).getOffset()).isEqualTo(ZoneOffset.UTC);
        assertThat(json.path("level").asText()).isEqualTo("INFO");
        assertThat(json.path("loggerName").asText()).isEqualTo("org.bridgeway.example");
        assertThat(json.path("threadName").asText()).isEqualTo(Thread.currentThread().getName());
        assertThat(json.path("mdc").path("correlationId").asText()).isEqualTo("req-1");
        assertThat(json.path("message").asText()).isEqualTo("exchange {}: delivered");
        assertThat(json.path("formattedMessage").asText()).isEqualTo("exchange 0192-abc: delivered");
        assertThat(json.has("arguments")).as("the arguments are in the formatted message").isFalse();
        assertThat(json.has("context")).isFalse();
        assertThat(json.has("sequenceNumber")).isFalse();
    }

    @Test
    void anExceptionIsItsClassMessageStackAndCause() throws Exception {
        JsonNode json = JSON.readTree(encode(Level.ERROR, "failed", new IllegalStateException("outer",
                new java.io.IOException("inner"))));
        assertThat(json.path("throwable").path("className").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(json.path("throwable").path("message").asText()).isEqualTo("outer");
        assertThat(json.path("throwable").path("stepArray").isArray()).isTrue();
        assertThat(json.path("throwable").path("cause").path("className").asText()).isEqualTo("java.io.IOException");
    }

    @Test
    void whatAMessageCarriesCannotBreakTheLineOrForgeAField() throws Exception {
        MDC.remove(CorrelationId.MDC_KEY);
        String forged = "x\"}\n{\"level\":\"INFO\",\"formattedMessage\":\"forged";
        String line = encode(Level.WARN, "refused {}", null, forged);
        assertThat(line.strip()).doesNotContain("\n");
        JsonNode json = JSON.readTree(line);
        assertThat(json.path("level").asText()).isEqualTo("WARN");
        assertThat(json.path("formattedMessage").asText()).isEqualTo("refused " + forged);
    }
}
