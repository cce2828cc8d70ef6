package org.bridgeway.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import org.bridgeway.logging.JsonLogEncoder;
import org.slf4j.LoggerFactory;

/**
 * What the command line's logs look like, decided here: logback.xml writes text lines (date with zone, level,
 * thread, logger, correlation id, message) to stderr for a person at a terminal — the demo and the interactive
 * commands; {@code serve} switches them to JSON lines for a log shipper unless told {@code --log-format text}.
 * Quietens the logs for commands whose output is the point (audit verification, the demo, the benchmark).
 */
public final class Logging {
    /** The console appender of logback.xml. */
    static final String CONSOLE = "STDERR";

    /** How log lines are written. Lower case: as the option takes them. */
    public enum Format {
        /** One JSON object a line ({@link JsonLogEncoder}). */
        json,
        /** logback.xml's pattern. */
        text
    }

    private Logging() {
    }

    public static void quiet() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        ((Logger) LoggerFactory.getLogger("org.bridgeway")).setLevel(Level.WARN);
    }

    /** From now on, writes the console's log lines in {@code format}; the levels stay as they are. */
    public static void use(Format format) {
        if (format == Format.text) {
            return; // as logback.xml configured it
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root.getAppender(CONSOLE) instanceof OutputStreamAppender<ILoggingEvent> console) {
            JsonLogEncoder json = new JsonLogEncoder();
            json.setContext(context);
            json.start();
            console.stop();
            console.setEncoder(json);
            console.start();
        }
    }
}
