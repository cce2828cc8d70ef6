package org.bridgeway.api;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.component.rest.RestEndpoint;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
import org.bridgeway.fault.Fault;

/**
 * The answer to every failure behind a REST endpoint, in one place, as {@link ApiGuard} is the one check in front
 * of them: a route policy on each route the REST DSL makes that, when the exchange ends with an exception however
 * deep in the pipeline it was thrown, answers by what it means ({@link Fault}) instead of Camel's empty 500 — a
 * rule's refusal by its status (400, 403, 409) with the rule, 503
 * with {@code Retry-After} when a resource is unavailable, and a 500 problem naming the exchange otherwise. Camel's error handler has already logged the failure
 * ({@link org.bridgeway.fault.FaultLogging}).
 */
public final class FailureAnswers implements RoutePolicyFactory {
    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        return new RoutePolicySupport() {
            @Override
            public void onExchangeDone(Route route, Exchange exchange) {
                if (route.getEndpoint() instanceof RestEndpoint && exchange.getException() != null) {
                    answer(exchange);
                }
            }
        };
    }

    private static final java.util.Map<Integer, String> TITLES = java.util.Map.of(400, "Refused by rule",
            403, "Forbidden", 409, "Conflict");

    /** Replaces the exchange's exception with the answer it deserves. */
    static void answer(Exchange exchange) {
        Fault fault = Fault.of(exchange.getException());
        exchange.setException(null);
        if (fault instanceof Fault.Refused refused) {
            java.util.Map<String, Object> extra = new java.util.LinkedHashMap<>(refused.refusal().details());
            extra.put("rule", refused.refusal().rule());
            ApiResponses.problem(exchange, refused.refusal().status(), TITLES.get(refused.refusal().status()),
                    refused.refusal().getMessage() + "; nothing was shared", extra);
        } else if (fault instanceof Fault.ResourceUnavailable down) {
            ApiResponses.unavailable(exchange, down.resource());
        } else {
            // a client that is gone reads nothing; anyone else gets a problem, never Camel's empty text/plain 500
            ApiResponses.problem(exchange, 500, "Internal error", "the request could not be completed; the "
                    + "failure is logged under exchange " + exchange.getExchangeId(), null);
        }
    }
}
