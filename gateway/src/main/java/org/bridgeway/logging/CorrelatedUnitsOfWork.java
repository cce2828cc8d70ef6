package org.bridgeway.logging;

import java.util.Optional;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.component.jms.JmsMessage;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.apache.camel.impl.engine.DefaultUnitOfWorkFactory;
import org.apache.camel.impl.engine.MDCUnitOfWork;
import org.apache.camel.spi.InflightRepository;
import org.apache.camel.spi.UnitOfWork;
import org.slf4j.MDC;

/**
 * Camel's MDC logging, with the exchange's {@link CorrelationId} in the MDC wherever Camel runs it: bound in the
 * registry, Camel uses it for every exchange. Each exchange gets its id once, as it begins, in the exchange property
 * {@value CorrelationId#PROPERTY}: from the API's edge (the request's id, chosen by the HTTP server, never the
 * caller's X-Request-Id), from the broker message it was taken from (the JMS property of the same name), from the
 * thread that sent it (an API step that sends a notice down the pipeline), or a new one (a timer's tick, a file in
 * the inbox). Camel copies properties to the exchanges a split or a wire tap makes, and puts the id back in the MDC
 * before every step on whichever thread runs it, and removes it when the exchange is done. Not through Camel's MDC keys
 * pattern: Camel matches every other MDC key against it as a regular expression compiled afresh at every step (3% of
 * the gateway's CPU under load).
 */
public final class CorrelatedUnitsOfWork extends DefaultUnitOfWorkFactory {
    private InflightRepository inflight;
    private boolean allowUseOriginalMessage;
    private boolean useBreadcrumb;

    @Override
    public void afterPropertiesConfigured(CamelContext context) {
        super.afterPropertiesConfigured(context);
        inflight = context.getInflightRepository();
        allowUseOriginalMessage = Boolean.TRUE.equals(context.isAllowUseOriginalMessage());
        useBreadcrumb = Boolean.TRUE.equals(context.isUseBreadcrumb());
    }

    @Override
    public UnitOfWork createUnitOfWork(Exchange exchange) {
        exchange.setProperty(CorrelationId.PROPERTY, correlationOf(exchange));
        return new Correlated(exchange, inflight, allowUseOriginalMessage, useBreadcrumb);
    }

    /** The exchange's id: the one it has, or where it came from, or the sending thread's, or a new one. */
    static String correlationOf(Exchange exchange) {
        Object edge = exchange.getIn() instanceof HttpMessage ? exchange.getIn().getHeader(CorrelationId.CORRELATION_HEADER)
                : exchange.getIn() instanceof JmsMessage ? exchange.getIn().getHeader(CorrelationId.PROPERTY)
                : null;
        return Stream.of(exchange.getProperty(CorrelationId.PROPERTY), edge, CorrelationId.current().orElse(null))
                .map(candidate -> candidate instanceof String s ? CorrelationId.valid(s) : Optional.<String>empty())
                .flatMap(Optional::stream)
                .findFirst()
                .orElseGet(CorrelationId::generate);
    }

    /**
     * Camel's MDC unit of work, putting the exchange's correlation id in the MDC with Camel's own keys. A pool thread
     * that finished a split's or a wire tap's copy keeps no id (Camel leaves a copy's keys in place for the exchange
     * it was copied from), so that no exchange begun on that thread later takes a stale one.
     */
    private static final class Correlated extends MDCUnitOfWork {
        private final InflightRepository inflight;
        private final boolean allowUseOriginalMessage;
        private final boolean useBreadcrumb;
        private final Thread begunOn = Thread.currentThread();

        Correlated(Exchange exchange, InflightRepository inflight, boolean allowUseOriginalMessage,
                   boolean useBreadcrumb) {
            super(exchange, inflight, null, allowUseOriginalMessage, useBreadcrumb);
            this.inflight = inflight;
            this.allowUseOriginalMessage = allowUseOriginalMessage;
            this.useBreadcrumb = useBreadcrumb;
        }

        @Override
        public void done(Exchange exchange) {
            super.done(exchange); // Camel removes the key when an exchange, not a split's or wire tap's copy, is done
            if (Thread.currentThread() != begunOn) {
                MDC.remove(CorrelationId.MDC_KEY);
            }
        }

        /**
         * As Camel clears the keys of its pattern: when an exchange is done or the unit of work reset, except when a
         * split's or a wire tap's copy is done (Camel's correlation id, naming the exchange it was copied from).
         */
        @Override
        protected void clearCustom(Exchange exchange) {
            String copiedFrom = exchange == null ? null
                    : exchange.getProperty(ExchangePropertyKey.CORRELATION_ID, String.class);
            if (copiedFrom == null || copiedFrom.equals(exchange.getExchangeId())) {
                MDC.remove(CorrelationId.MDC_KEY);
            }
        }

        @Override
        protected void prepareMDC(Exchange exchange) {
            super.prepareMDC(exchange);
            String id = exchange.getProperty(CorrelationId.PROPERTY, String.class);
            if (id != null) {
                MDC.put(CorrelationId.MDC_KEY, id);
            }
        }

        @Override
        public UnitOfWork newInstance(Exchange exchange) {
            if (exchange.getProperty(CorrelationId.PROPERTY) == null) {
                exchange.setProperty(CorrelationId.PROPERTY, correlationOf(exchange));
            }
            return new Correlated(exchange, inflight, allowUseOriginalMessage, useBreadcrumb);
        }
    }
}
