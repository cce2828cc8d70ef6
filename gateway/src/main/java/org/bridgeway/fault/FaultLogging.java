package org.bridgeway.fault;

import org.apache.camel.CamelContext;
import org.apache.camel.LoggingLevel;
import org.apache.camel.model.errorhandler.DefaultErrorHandlerDefinition;
import org.apache.camel.processor.errorhandler.DefaultErrorHandler;
import org.apache.camel.spi.CamelContextCustomizer;
import org.apache.camel.spi.CamelLogger;
import org.slf4j.LoggerFactory;

/**
 * Camel's error handler, for every route, logging what a failure means ({@link Fault}) rather than always an error
 * with a stack trace: an expected refusal (a client gone, a rule's refusal) is one INFO line, a resource that is
 * unavailable one WARN line naming it; anything unexpected keeps Camel's ERROR, message history and stack trace.
 * Bound in Camel's registry, it is applied before the routes are built.
 */
public final class FaultLogging implements CamelContextCustomizer {

    @Override
    public void configure(CamelContext camelContext) {
        camelContext.getCamelContextExtension().setErrorHandlerFactory(new DefaultErrorHandlerDefinition()
                .logger(new ByFault()));
    }

    /** The error handler's logger, under its usual name, choosing level and detail by what failed. */
    static final class ByFault extends CamelLogger {
        ByFault() {
            super(LoggerFactory.getLogger(DefaultErrorHandler.class), LoggingLevel.ERROR);
        }

        @Override
        public void log(String message, Throwable failure) {
            log(message, failure, getLevel());
        }

        @Override
        public void log(String message, Throwable failure, LoggingLevel level) {
            Fault fault = Fault.of(failure);
            if (fault instanceof Fault.ClientGone) {
                log(firstLine(message), LoggingLevel.INFO);
            } else if (fault instanceof Fault.Refused refused) {
                // the sender's mistake or a race it lost, answered with the rule: no trace, no submitted value
                log(firstLine(message) + " [refused: " + refused.refusal().rule() + "]", LoggingLevel.INFO);
            } else if (fault instanceof Fault.ResourceUnavailable down) {
                log(firstLine(message) + " [" + down.resource().code() + " unavailable]",
                        level == LoggingLevel.ERROR ? LoggingLevel.WARN : level);
            } else {
                super.log(message, failure, level);
            }
        }

        /** Camel's first line names the exchange and the exception; the rest is message history and the trace. */
        private static String firstLine(String message) {
            int end = message.indexOf('\n');
            return end < 0 ? message : message.substring(0, end);
        }
    }
}
