package org.bridgeway.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bridgeway.logging.JsonLogEncoder;
import org.slf4j.LoggerFactory;

/**
 * Every line logged while it is open, as {@code serve} writes it to stderr: encoded by the gateway's
 * {@link JsonLogEncoder}, at the configured levels (the named loggers at DEBUG), kept as text and read back as JSON.
 */
public final class JsonLogLines extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final JsonLogEncoder encoder = new JsonLogEncoder();
    private final List<String> lines = new ArrayList<>();
    private final List<String> loud;
    private final List<Level> before = new ArrayList<>();

    private JsonLogLines(List<String> loud) {
        this.loud = loud;
        encoder.setContext(context);
        encoder.start();
        setContext(context);
        setName("json-log-lines");
        start();
        for (String name : loud) {
            before.add(context.getLogger(name).getLevel());
            context.getLogger(name).setLevel(Level.DEBUG);
        }
        root.addAppender(this);
    }

    /** Starts capturing, with {@code loggers} at DEBUG until closed. */
    public static JsonLogLines capture(String... loggers) {
        return new JsonLogLines(List.of(loggers));
    }

    @Override
    protected void append(ILoggingEvent event) {
        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
        synchronized (lines) {
            lines.add(line);
        }
    }

    /** The lines so far, exactly as written (each ends with its newline). */
    public List<String> text() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** The lines so far, each read as one JSON object. */
    public List<JsonNode> json() {
        List<JsonNode> out = new ArrayList<>();
        for (String line : text()) {
            try {
                out.add(JSON.readTree(line));
            } catch (IOException e) {
                throw new UncheckedIOException("not a JSON line: " + line, e);
            }
        }
        return out;
    }

    /** The lines so far that carry this correlation id. */
    public List<JsonNode> correlated(String correlationId) {
        return json().stream().filter(l -> correlationId.equals(l.path("mdc").path("correlationId").asText(null)))
                .toList();
    }

    @Override
    public void close() {
        root.detachAppender(this);
        stop();
        for (int i = 0; i < loud.size(); i++) {
            context.getLogger(loud.get(i)).setLevel(before.get(i));
        }
    }
}
