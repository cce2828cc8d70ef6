package org.bridgeway.api;

import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.apache.camel.component.rest.RestEndpoint;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
import org.bridgeway.fault.Fault;
import org.bridgeway.fault.Unavailable;
import org.bridgeway.identity.InvalidTokenException;
import org.bridgeway.transport.AuthenticationFailures;
import org.bridgeway.transport.SourceAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authentication and authorisation in front of every REST endpoint, in one place: a route policy on each route the
 * REST DSL makes, so no endpoint can forget it. Before the endpoint's first step it asks the {@link CallerIdentity}
 * who is calling (401, audited and counted per source, when nobody is) and {@link ApiAuthorisation} whether that
 * caller may call this endpoint (403 when not), and stops the route after writing the refusal.
 */
public final class ApiGuard implements RoutePolicyFactory {
    private static final Logger LOG = LoggerFactory.getLogger(ApiGuard.class);

    private final CallerIdentity callers;
    private final ApiAuthorisation authorisation;
    private final AuthenticationFailures failures;

    public ApiGuard(CallerIdentity callers, ApiAuthorisation authorisation, AuthenticationFailures failures) {
        this.callers = callers;
        this.authorisation = authorisation;
        this.failures = failures;
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        return new RoutePolicySupport() {
            @Override
            public void onExchangeBegin(Route route, Exchange exchange) {
                if (route.getEndpoint() instanceof RestEndpoint rest) {
                    guard(rest, exchange);
                }
            }
        };
    }

    private void guard(RestEndpoint rest, Exchange exchange) {
        try {
            ApiAuthorisation.Endpoint endpoint = new ApiAuthorisation.Endpoint(rest.getMethod(),
                    rest.getPath() + "/" + (rest.getUriTemplate() == null ? "" : rest.getUriTemplate()));
            Authentication authentication = callers.authenticate(exchange);
            if (authentication instanceof Authentication.Refused refused) {
                if (refused.keysUnavailable()) {
                    // Not the caller's fault, so not counted against its source: the gateway cannot check tokens.
                    LOG.warn("token refused for want of the realm's keys: is Keycloak reachable?");
                    exchange.getMessage().setHeader(ApiResponses.RETRY_AFTER,
                            String.valueOf(Unavailable.RETRY_AFTER_SECONDS));
                    refuse(exchange, 503, "Service unavailable", "tokens cannot be checked now; reason: "
                            + refused.code());
                    return;
                }
                failures.refused(source(exchange), refused.reason(),
                        refused.tokenReason().map(InvalidTokenException.Reason::code).orElse(null),
                        refused.presented().orElse(null));
                refuse(exchange, 401, "Unauthenticated", "the caller is not authenticated; reason: " + refused.code());
                return;
            }
            Caller caller = ((Authentication.Authenticated) authentication).caller();
            ApiAuthorisation.Decision decision = authorisation.decide(endpoint, caller,
                    name -> exchange.getMessage().getHeader(name, String.class));
            if (!decision.allowed()) {
                LOG.info("refused {} to {}: {}", endpoint, caller, decision.reason());
                refuse(exchange, 403, "Forbidden", decision.reason());
            }
        } catch (RuntimeException e) {
            // A route policy's exception would be logged and ignored, letting the request through: refuse instead.
            if (Fault.of(e) instanceof Fault.ResourceUnavailable down) {
                LOG.warn("request refused: the {} is unavailable to the API guard ({})", down.resource().code(),
                        down.cause().toString());
                ApiResponses.unavailable(exchange, down.resource());
                ApiResponses.answered(exchange);
                return;
            }
            LOG.error("the API guard failed; request refused", e);
            refuse(exchange, 500, "Internal error", "the request could not be authorised");
        }
    }

    private static String source(Exchange exchange) {
        if (exchange.getIn() instanceof HttpMessage http && http.getRequest() != null
                && http.getRequest().remoteAddress() != null) {
            return SourceAddress.of(http.getRequest().remoteAddress().hostAddress());
        }
        return SourceAddress.UNKNOWN;
    }

    private static void refuse(Exchange exchange, int status, String title, String detail) {
        ApiResponses.refuse(exchange, status, title, detail, Map.of());
    }
}
