package org.bridgeway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Map;
import java.util.Optional;
import org.bridgeway.fault.Problems;
import org.bridgeway.fault.Unavailable;
import org.bridgeway.logging.CorrelationId;
import org.bridgeway.model.Organisation;
import org.apache.camel.Exchange;

/** Writes API answers: a status code and a JSON body. Problems follow RFC 9457 (application/problem+json). */
final class ApiResponses {
    static final String RETRY_AFTER = "Retry-After";

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private ApiResponses() {
    }

    static void json(Exchange exchange, int status, Object body) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(write(body));
    }

    static void problem(Exchange exchange, int status, String title, String detail, Object extra) {
        problem(exchange, status, Problems.of(status, title, detail, extra));
    }

    /** 503 with {@code Retry-After}: {@code resource} cannot be used now, nothing was done, the caller retries. */
    static void unavailable(Exchange exchange, Unavailable resource) {
        exchange.getMessage().setHeader(RETRY_AFTER, String.valueOf(Unavailable.RETRY_AFTER_SECONDS));
        problem(exchange, 503, resource.problem());
    }

    /** Every problem names its exchange's correlation id in {@code instance}: what finds its log lines. */
    private static void problem(Exchange exchange, int status, Map<String, Object> problem) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, Problems.MEDIA_TYPE);
        exchange.getMessage().setBody(write(Problems.answering(problem, correlationOf(exchange))));
    }

    private static String correlationOf(Exchange exchange) {
        String id = exchange.getProperty(CorrelationId.PROPERTY, String.class);
        return id != null ? id : CorrelationId.current().orElseGet(CorrelationId::generate);
    }

    /**
     * Writes a refusal and ends the exchange with it: no later step runs, in this route or in the routes that called
     * it (as the DSL's {@code stop} would), so no route needs to test for a refusal.
     */
    static void refuse(Exchange exchange, int status, String title, String detail, Object extra) {
        problem(exchange, status, title, detail, extra);
        answered(exchange);
    }

    /** The answer is written: the exchange ends here. */
    static void answered(Exchange exchange) {
        exchange.setRouteStop(true);
    }

    /** The caller's organisation, or empty after refusing the request with 401. */
    static Optional<Organisation> authenticated(CallerIdentity callers, Exchange exchange) {
        return authenticatedCaller(callers, exchange).map(Caller::organisation);
    }

    /** The caller, with its roles, or empty after refusing the request with 401. */
    static Optional<Caller> authenticatedCaller(CallerIdentity callers, Exchange exchange) {
        if (callers.authenticate(exchange) instanceof Authentication.Authenticated authenticated) {
            return Optional.of(authenticated.caller());
        }
        refuse(exchange, 401, "Unauthenticated", "the caller is not known", null);
        return Optional.empty();
    }

    static void bytes(Exchange exchange, int status, String contentType, byte[] body) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, contentType);
        exchange.getMessage().setBody(body);
    }

    private static byte[] write(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an API response", e);
        }
    }
}
