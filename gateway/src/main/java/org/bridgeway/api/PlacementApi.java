package org.bridgeway.api;

import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.bridgeway.intake.JsonIntakeResult;
import org.bridgeway.intake.PlacementJsonIntake;
import org.bridgeway.model.Notice;
import org.bridgeway.model.Organisation;
import org.bridgeway.pipeline.Dispatch;

/**
 * {@code POST /api/v1/placements}: 202 with the exchange id once the notice has been decided, audited and
 * put in every permitted recipient's mailbox; 400 listing every violation; 403 when the caller submits for
 * another organisation; 409 when the same notice is still being processed.
 */
public final class PlacementApi {
    private final PlacementJsonIntake intake;
    private final CallerIdentity callers;

    public PlacementApi(PlacementJsonIntake intake, CallerIdentity callers) {
        this.intake = intake;
        this.callers = callers;
    }

    /** Parses and authorises a submission: the body becomes the notice, or the refusal is written. */
    public void accept(Exchange exchange) {
        Optional<Organisation> caller = ApiResponses.authenticated(callers, exchange);
        if (caller.isEmpty()) {
            return;
        }
        JsonIntakeResult result = intake.parse(exchange.getMessage().getBody(byte[].class));
        if (result instanceof JsonIntakeResult.Refused refused) {
            ApiResponses.refuse(exchange, 400, "Invalid placement notice",
                    refused.violations().size() + " violation(s); nothing was shared",
                    Map.of("violations", refused.violations()));
            return;
        }
        Notice notice = ((JsonIntakeResult.Accepted) result).notice();
        if (!notice.sender().equals(caller.get())) {
            ApiResponses.refuse(exchange, 403, "Forbidden", "an organisation may submit notices only as itself", null);
            return;
        }
        exchange.getMessage().setBody(notice);
    }


    /** After the pipeline: 202 with the exchange id (the first one, when the notice was a re-submission). */
    public void accepted(Dispatch dispatch, Exchange exchange) {
        ApiResponses.json(exchange, 202, Map.of("exchangeId", dispatch.exchangeId(), "duplicate", dispatch.duplicate()));
    }

    /** 409 with Retry-After: the same notice is in flight, and may yet fail. */
    public void inProgress(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        exchange.getMessage().setHeader("Retry-After", "5");
        ApiResponses.problem(exchange, 409, "Notice in progress",
                cause == null ? "the same notice is being processed; retry shortly" : cause.getMessage(), null);
    }

    /** 503 with Retry-After: the audit log could not record the exchange, so nothing was sent to anyone. */
    public void auditUnavailable(Exchange exchange) {
        exchange.getMessage().setHeader("Retry-After", "30");
        ApiResponses.problem(exchange, 503, "Audit log unavailable", "the notice could not be audited, so it was "
                + "not disclosed to anyone; send it again later (it will not be a duplicate)", null);
    }

    public void schema(Exchange exchange) {
        ApiResponses.bytes(exchange, 200, "application/schema+json", PlacementJsonIntake.schemaDocument());
    }
}
