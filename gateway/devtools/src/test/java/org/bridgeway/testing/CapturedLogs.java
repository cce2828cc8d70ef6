package org.bridgeway.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bridgeway.logging.JsonLogEncoder;
import org.slf4j.LoggerFactory;

/**
 * Everything logged while a test runs, with the named loggers turned up to DEBUG for the duration: each message as
 * formatted, and each stack trace as text, so a test can look for what must never be logged.
 */
public final class CapturedLogs implements AutoCloseable {
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final List<String> loud;
    private final List<Level> before = new ArrayList<>();

    private CapturedLogs(List<String> loud) {
        this.loud = loud;
        captured.setContext(context);
        captured.start();
        for (String name : loud) {
            before.add(context.getLogger(name).getLevel());
            context.getLogger(name).setLevel(Level.DEBUG);
        }
        root.addAppender(captured);
    }

    /** Starts capturing, with {@code loggers} at DEBUG until {@link #close()}. */
    public static CapturedLogs atDebug(String... loggers) {
        return new CapturedLogs(List.of(loggers));
    }

    /** The lines captured so far. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : List.copyOf(captured.list)) {
            lines.add(event.getFormattedMessage());
            if (event.getThrowableProxy() != null) {
                lines.add(ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
        }
        return lines;
    }

    /**
     * The lines captured so far as {@code serve} writes them by default: JSON lines ({@link JsonLogEncoder}) with
     * every field, the MDC, key-value pairs and any exception with its stack included.
     */
    public List<String> jsonLines() {
        JsonLogEncoder json = new JsonLogEncoder();
        json.setContext(context);
        json.start();
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : List.copyOf(captured.list)) {
            lines.add(new String(json.encode(event), StandardCharsets.UTF_8));
        }
        return lines;
    }

    /**
     * The events captured so far that an operator would see as trouble: at WARN or above, or at INFO with a stack
     * trace (level, logger and message). A library's DEBUG detail does not count.
     */
    public List<String> warningsAndTraces() {
        List<String> loud = new ArrayList<>();
        for (ILoggingEvent event : List.copyOf(captured.list)) {
            if (event.getLevel().isGreaterOrEqual(Level.WARN)
                    || event.getLevel().isGreaterOrEqual(Level.INFO) && event.getThrowableProxy() != null) {
                loud.add(event.getLevel() + " " + event.getLoggerName() + " " + event.getFormattedMessage()
                        + (event.getThrowableProxy() == null ? "" : " [with stack trace]"));
            }
        }
        return loud;
    }

    @Override
    public void close() {
        root.detachAppender(captured);
        for (int i = 0; i < loud.size(); i++) {
            context.getLogger(loud.get(i)).setLevel(before.get(i));
        }
    }
}
