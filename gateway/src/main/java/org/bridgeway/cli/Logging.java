package org.bridgeway.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Quietens the logs for commands whose output is the point (audit verification, the demo, the benchmark). */
public final class Logging {
    private Logging() {
    }

    public static void quiet() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        ((Logger) LoggerFactory.getLogger("org.bridgeway")).setLevel(Level.WARN);
    }
}
