package org.bridgeway.fault;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bridgeway.logging.CorrelationId;

/**
 * RFC 9457 problem bodies ({@value #MEDIA_TYPE}), built one way for every answer: the API routes' (through Camel) and
 * the listener's own (the edge guard's refusals, failures outside the routes).
 */
public final class Problems {
    public static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {
    }

    /** A problem of {@code status}, {@code title} and {@code detail}, then the fields of {@code extra} if it is a map. */
    public static Map<String, Object> of(int status, String title, String detail, Object extra) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("status", status);
        problem.put("title", title);
        problem.put("detail", detail);
        if (extra instanceof Map<?, ?> map) {
            map.forEach((k, v) -> problem.put(String.valueOf(k), v));
        }
        return problem;
    }

    /**
     * The body to send: the problem's fields and, unless it names one, the exchange's correlation id in
     * {@code instance}, what finds its log lines.
     */
    public static Map<String, Object> answering(Map<String, Object> problem, String correlationId) {
        Map<String, Object> body = new LinkedHashMap<>(problem);
        body.putIfAbsent("instance", CorrelationId.instance(correlationId));
        return body;
    }
}
