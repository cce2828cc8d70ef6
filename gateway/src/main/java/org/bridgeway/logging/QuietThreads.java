package org.bridgeway.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Keeps the routine log lines of threads named with a prefix out of the log: only their warnings and errors are
 * written. The rehearsal at start carries tens of thousands of synthetic notices; an operator's log must not say a
 * word about any of them unless something went wrong.
 */
public final class QuietThreads extends TurboFilter {
    private final String prefix;

    private QuietThreads(String prefix) {
        this.prefix = prefix;
        setName("quiet threads " + prefix);
    }

    /** From now on, threads whose names start with {@code prefix} log warnings and errors only. */
    public static synchronized void install(String prefix) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another logging backend: its own configuration decides
        }
        for (TurboFilter installed : context.getTurboFilterList()) {
            if (installed instanceof QuietThreads quiet && quiet.prefix.equals(prefix)) {
                return;
            }
        }
        QuietThreads filter = new QuietThreads(prefix);
        filter.setContext(context);
        filter.start();
        context.addTurboFilter(filter);
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                              Throwable t) {
        // logback asks every turbo filter about every call, also the debug and trace calls its level drops anyway
        // (HAPI FHIR makes many a bundle): those are left to it, without a look at the thread's name
        if (level == null || level.isGreaterOrEqual(Level.WARN)
                || logger != null && !level.isGreaterOrEqual(logger.getEffectiveLevel())) {
            return FilterReply.NEUTRAL;
        }
        return Thread.currentThread().getName().startsWith(prefix) ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
}
