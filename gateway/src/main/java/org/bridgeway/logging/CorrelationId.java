package org.bridgeway.logging;

import java.util.Optional;
import java.util.regex.Pattern;
import org.bridgeway.store.TimeOrderedIds;
import org.slf4j.MDC;

/**
 * The id that ties together every log line of one exchange, whichever thread or process wrote it: in the SLF4J MDC
 * as {@value #MDC_KEY}, on a Camel exchange and a broker message as {@value #PROPERTY}, on HTTP as
 * {@value #REQUEST_HEADER}, and in every problem answer as its {@link #instance}. A caller's own id is kept only when
 * it is a short printable token that is safe in a log line and a URN: anything else is replaced, never logged.
 */
public final class CorrelationId {
    public static final String MDC_KEY = "correlationId";
    /** The exchange property and the JMS string property that carry it. */
    public static final String PROPERTY = "bwCorrelationId";
    public static final String REQUEST_HEADER = "X-Request-Id";
    public static final String TRACEPARENT_HEADER = "traceparent";
    public static final int MAX_LENGTH = 128;
    /** URI-safe characters only (RFC 3986 unreserved, and {@code :@+=/}): no space, quote, control or escape. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~:@+=/-]{1," + MAX_LENGTH + "}");
    private static final String INSTANCE_PREFIX = "urn:bridgeway:request:";

    private CorrelationId() {
    }

    /** {@code candidate} when it may be used as a correlation id as it is. */
    public static Optional<String> valid(String candidate) {
        return candidate != null && TOKEN.matcher(candidate).matches() ? Optional.of(candidate) : Optional.empty();
    }

    /** A new id, ordered by the time it was made (UUID version 7). */
    public static String generate() {
        return TimeOrderedIds.next();
    }

    /** The problem-answer {@code instance} that finds the log lines of the exchange with this id. */
    public static String instance(String correlationId) {
        return INSTANCE_PREFIX + correlationId;
    }

    /** The id of the exchange this thread is working for now, if any. */
    public static Optional<String> current() {
        return Optional.ofNullable(MDC.get(MDC_KEY));
    }

    /** Logs on this thread under {@code correlationId} until closed, then under none. */
    public static MDC.MDCCloseable open(String correlationId) {
        return MDC.putCloseable(MDC_KEY, correlationId);
    }

    /**
     * The correlation of an API request: its {@code X-Request-Id} when valid, else the trace-id of a valid
     * {@code traceparent}, else a new id.
     */
    public static Request ofRequest(String requestId, String traceparent) {
        Optional<TraceParent> trace = TraceParent.parse(traceparent);
        Optional<String> own = valid(requestId);
        String id = own.or(() -> trace.map(TraceParent::traceId)).orElseGet(CorrelationId::generate);
        return new Request(id, trace, requestId != null && own.isEmpty());
    }

    /**
     * The correlation chosen for a request.
     *
     * @param traceParent the request's traceparent, when it was valid: echoed on the answer
     * @param replaced    whether the caller sent an X-Request-Id that could not be used
     */
    public record Request(String id, Optional<TraceParent> traceParent, boolean replaced) {
    }
}
