package org.bridgeway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.bridgeway.logging.CorrelationId;
import org.bridgeway.logging.JsonLogEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The console's log lines as logback.xml configures them (text with date, zone and correlation id, the shipped
 * levels) and as {@code serve} switches them (JSON lines, the same levels).
 */
class LogFormatTest {
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    @SuppressWarnings("unchecked")
    private final OutputStreamAppender<ILoggingEvent> console = (OutputStreamAppender<ILoggingEvent>) context
            .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(Logging.CONSOLE);
    private final Encoder<ILoggingEvent> configured = console.getEncoder();

    @AfterEach
    void restoreTheConfiguredEncoder() {
        console.stop();
        console.setEncoder(configured);
        console.start();
    }

    private String line(Encoder<ILoggingEvent> encoder) {
        LoggingEvent event = new LoggingEvent(getClass().getName(), context.getLogger("org.bridgeway.pipeline.Example"),
                Level.INFO, "exchange {}: delivered", null, new Object[] {"0192"});
        try (var logged = CorrelationId.open("req-7")) {
            event.prepareForDeferredProcessing();
            return new String(encoder.encode(event), StandardCharsets.UTF_8);
        }
    }

    @Test
    void logbackXmlWritesTextWithTheDateItsZoneAndTheCorrelationId() {
        assertThat(line(configured)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) "
                + "INFO  \\[[^]]+\\] o\\.b\\.pipeline\\.Example \\[req-7\\] - exchange 0192: delivered\\R");
        assertThat(context.getLogger("org.apache.camel").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.flywaydb").getLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void textStaysWhenAskedFor() {
        Logging.use(Logging.Format.text);
        assertThat(console.getEncoder()).isSameAs(configured);
    }

    @Test
    void jsonSwitchesTheConsoleToJsonLinesAndKeepsTheLevels() throws Exception {
        Level ours = context.getLogger("org.bridgeway").getLevel();
        Logging.use(Logging.Format.json);

        assertThat(console.getEncoder()).isInstanceOf(JsonLogEncoder.class);
        assertThat(console.isStarted()).isTrue();
        var json = new ObjectMapper().readTree(line(console.getEncoder()));
        assertThat(json.path("formattedMessage").asText()).isEqualTo("exchange 0192: delivered");
        assertThat(json.path("mdc").path("correlationId").asText()).isEqualTo("req-7");
        assertThat(context.getLogger("org.bridgeway").getLevel()).isEqualTo(ours);
        assertThat(context.getLogger("org.apache.camel").getLevel()).isEqualTo(Level.WARN);
    }
}
