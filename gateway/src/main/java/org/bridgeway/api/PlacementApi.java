package org.bridgeway.api;

import org.apache.camel.Exchange;
import org.bridgeway.intake.PlacementJsonIntake;

/**
 * {@code POST /api/v1/placements}: a case-management system sends one placement notice as JSON. The answers
 * (202, 400, 401, 403, 413, 503) are those of every single-notice endpoint: {@link NoticeSubmissions}.
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
        NoticeSubmissions.accept(exchange, callers, intake::parse, "placement notice");
    }

    public void schema(Exchange exchange) {
        ApiResponses.bytes(exchange, 200, "application/schema+json", PlacementJsonIntake.schemaDocument());
    }
}
