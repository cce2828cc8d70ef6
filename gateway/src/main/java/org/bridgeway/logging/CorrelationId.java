package org.bridgeway.logging;

import java.util.Optional;
import java.util.regex.Pattern;
import org.bridgeway.store.TimeOrderedIds;
import org.slf4j.MDC;

/**
 * The id that ties together every log line of one exchange, whichever thread or process wrote it: in the SLF4J MDC
 * as {@value #MDC_KEY}, on a Camel exchange and a broker message as {@value #PROPERTY}, on every API answer as
 * {@value #CORRELATION_HEADER}, and in every problem answer as its {@link #instance}. It is always the gateway's
 * own: one it made, or the random trace-id of a valid W3C traceparent. A caller's {@value #REQUEST_HEADER} may hold
 * anything, personal data included, so it is only echoed back on the answer: never logged, never carried by an
 * exchange or a broker message, never sent on.
 */
public final class CorrelationId {
    public static final String MDC_KEY = "correlationId";
    /** The exchange property and the JMS string property that carry it. */
    public static final String PROPERTY = "bwCorrelationId";
    /** The caller's own request id, echoed on the answer only. */
    public static final String REQUEST_HEADER = "X-Request-Id";
    /** The exchange's id on an API answer, and on the request as it goes to the routes. */
    public static final String CORRELATION_HEADER = "X-Correlation-Id";
    public static final String TRACEPARENT_HEADER = "traceparent";
    public static final int MAX_LENGTH = 128;
    /** URI-safe characters only (RFC 3986 unreserved, and {@code :@+=/}): no space, quote, control or escape. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~:@+=/-]{1," + MAX_LENGTH + "}");
    private static final String INSTANCE_PREFIX = "urn:bridgeway:request:";

    private CorrelationId() {
    }

    /** {@code candidate} when it is a short printable token, safe in an HTTP header, a log line and a URN. */
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
     * The correlation of an API request: the trace-id of a valid {@code traceparent}, else a new id; its valid
     * {@code X-Request-Id}, else that id, is what the answer echoes.
     */
    public static Request ofRequest(String requestId, String traceparent) {
        Optional<TraceParent> trace = TraceParent.parse(traceparent);
        String id = trace.map(TraceParent::traceId).orElseGet(CorrelationId::generate);
        Optional<String> own = valid(requestId);
        return new Request(id, own.orElse(id), trace, requestId != null && own.isEmpty());
    }

    /**
     * The correlation chosen for a request.
     *
     * @param id          the exchange's correlation id
     * @param echo        the X-Request-Id for the answer: the caller's, kept out of everything else, or {@code id}
     * @param traceParent the request's traceparent, when it was valid: echoed on the answer
     * @param replaced    whether the caller sent an X-Request-Id that could not be echoed
     */
    public record Request(String id, String echo, Optional<TraceParent> traceParent, boolean replaced) {
    }
}
