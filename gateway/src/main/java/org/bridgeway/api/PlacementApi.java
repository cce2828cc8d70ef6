package org.bridgeway.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.bridgeway.intake.PlacementJsonIntake;
import org.bridgeway.model.Notice;
import org.bridgeway.model.PlacementNotice;
import org.bridgeway.pipeline.Dispatch;

/**
 * {@code POST /api/v1/placements}: a case-management system sends one placement notice as JSON: a start, a change or
 * an end. The answers (202, 400, 401, 403, 409, 413, 503) are those of every single-notice endpoint
 * ({@link NoticeSubmissions}); a change or end of a placement the gateway never carried is refused 409
 * ({@code placement.unknown}). A move to another area is two notices: the change, to those told of the old placement,
 * and the start of the new placement, to the new area; the 202 names both.
 */
public final class PlacementApi {
    /** The exchange property holding the new area's start, when a move made one. */
    private static final String NEW_AREA_START = "bridgeway.newAreaStart";

    private final PlacementJsonIntake intake;
    private final CallerIdentity callers;
    private final Supplier<String> exchangeIds;
    private final Function<Notice, Dispatch> pipeline;

    /**
     * @param pipeline sends a notice down the notice pipeline, answering what became of it (the new area's start)
     */
    public PlacementApi(PlacementJsonIntake intake, CallerIdentity callers, Supplier<String> exchangeIds,
                        Function<Notice, Dispatch> pipeline) {
        this.intake = intake;
        this.callers = callers;
        this.exchangeIds = exchangeIds;
        this.pipeline = pipeline;
    }

    /** Parses and authorises a submission: the body becomes the notice, or the refusal is written. */
    public void accept(Exchange exchange) {
        NoticeSubmissions.accept(exchange, callers, intake::parse, "placement notice");
    }

    /** After a move was accepted: the new placement's start goes down the pipeline too. */
    public Dispatch startInNewArea(Dispatch changed, Exchange exchange) {
        if (changed.notice() instanceof PlacementNotice move) {
            move.newAreaStart(exchangeIds.get())
                    .ifPresent(start -> exchange.setProperty(NEW_AREA_START, pipeline.apply(start)));
        }
        return changed;
    }

    /** 202 with the exchange id, and the new area's start's when a move made one. */
    public void accepted(Dispatch dispatch, Exchange exchange) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("exchangeId", dispatch.exchangeId());
        answer.put("duplicate", dispatch.duplicate());
        Dispatch start = exchange.getProperty(NEW_AREA_START, Dispatch.class);
        if (start != null) {
            answer.put("newAreaStart", Map.of("exchangeId", start.exchangeId(), "duplicate", start.duplicate()));
        }
        ApiResponses.json(exchange, 202, answer);
    }

    public void schema(Exchange exchange) {
        ApiResponses.bytes(exchange, 200, "application/schema+json", PlacementJsonIntake.schemaDocument());
    }
}
