package org.bridgeway.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.bridgeway.intake.MissingEpisodeExport;
import org.bridgeway.intake.MissingEpisodeIntake;
import org.bridgeway.model.MissingEpisodeNotice;
import org.bridgeway.model.Organisation;
import org.bridgeway.pipeline.Dispatch;
import org.bridgeway.workflow.HeldUpdates;
import org.bridgeway.workflow.MissingEpisodeLedger;

/**
 * {@code /api/v1/missing-episodes}: a police force's or a council's system reports a child missing and updates the
 * episode (risk regraded, found, closed).
 * <ul>
 *   <li>{@code POST} {@code application/json}: one notice; the answers of every single-notice endpoint
 *       ({@link NoticeSubmissions}), and in the 202 the episode's id ({@code episodeId}, once the gateway knows the
 *       episode) and whether the update is held ({@code held}, with the {@code reason}) because its report has not
 *       arrived. A refusal by the episode ledger is answered by {@link FailureAnswers}: 409
 *       {@code episode.duplicate-report} (naming the episode), {@code episode.closed}, {@code episode.update.stale};
 *       403 {@code episode.update.not-a-party}; 400 {@code episode.responsible-authority.unresolved}.</li>
 *   <li>{@code POST} {@code text/csv}: a force's records-system export, one row per update (columns in
 *       docs/exchanges.md). 202 with a summary: each valid row's notice sent in row order (exchange id, episode id,
 *       held or not, or the rule that refused it) and every rejected row's errors by row, column and rule. A file
 *       refused whole (too large, not UTF-8, no header, an unknown column, not from a force) gets 400 with the
 *       reason, and nothing from it is used.</li>
 *   <li>{@code GET /held}: the caller's held updates, still held first: what each waits for and why, and for those
 *       released, when and with what outcome.</li>
 * </ul>
 */
public final class MissingEpisodeApi {
    /** The name a force's export is known by in errors and reports. */
    static final String EXPORT = "export.csv";

    private final MissingEpisodeIntake intake;
    private final MissingEpisodeLedger ledger;
    private final HeldUpdates held;
    private final CallerIdentity callers;

    public MissingEpisodeApi(MissingEpisodeIntake intake, MissingEpisodeLedger ledger, HeldUpdates held,
                             CallerIdentity callers) {
        this.intake = intake;
        this.ledger = ledger;
        this.held = held;
        this.callers = callers;
    }

    /** One notice as JSON: the body becomes the notice, or the refusal is written. */
    public void acceptNotice(Exchange exchange) {
        NoticeSubmissions.accept(exchange, callers, intake::fromJson, "missing-episode notice");
    }

    /** A force's CSV export: the body becomes the export's valid notices and errors, or the refusal is written. */
    public void acceptExport(Exchange exchange) {
        Optional<Organisation> caller = ApiResponses.authenticated(callers, exchange);
        if (caller.isEmpty()) {
            return;
        }
        byte[] body = exchange.getMessage().getBody(byte[].class);
        MissingEpisodeExport export = intake.fromCsv(EXPORT, body, caller.get());
        if (export.refusal().isPresent()) {
            ApiResponses.refuse(exchange, 400, "File refused", export.refusal().get()
                    + "; nothing from the file was used", Map.of("rule", "csv.file.refused"));
            return;
        }
        exchange.getMessage().setBody(export);
    }

    /** After the export's notices went through: 202 with what was sent, held, refused and rejected, by row. */
    public void exportAccepted(MissingEpisodeExport export, Exchange exchange) {
        ApiResponses.json(exchange, 202, export.summary());
    }

    /** After the pipeline: 202 with the exchange id, the episode id when known, and whether the update is held. */
    public void accepted(Dispatch dispatch, Exchange exchange) {
        ledger.checkResubmission(dispatch); // another report under the same key: 409, by FailureAnswers
        ApiResponses.json(exchange, 202, answer(dispatch));
    }

    Map<String, Object> answer(Dispatch dispatch) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("exchangeId", dispatch.exchangeId());
        body.put("duplicate", dispatch.duplicate());
        ledger.episodeOf((MissingEpisodeNotice) dispatch.notice()).ifPresent(id -> body.put("episodeId", id));
        body.put("held", dispatch.held());
        dispatch.heldReason().ifPresent(reason -> body.put("reason", reason));
        return body;
    }

    /** The caller's held updates: identifiers, kinds, dates and reasons only. */
    public void held(Exchange exchange) {
        Optional<Organisation> caller = ApiResponses.authenticated(callers, exchange);
        if (caller.isEmpty()) {
            return;
        }
        List<Map<String, Object>> updates = held.ofSender(caller.get().id()).stream().map(h -> {
            Map<String, Object> u = new LinkedHashMap<>();
            u.put("exchangeId", h.exchangeId());
            u.put("update", h.update().name());
            u.put("updatedAt", h.updatedAt().toString());
            u.put("waitsFor", h.episodeReference());
            u.put("reason", h.reason());
            u.put("heldAt", h.heldAt().toString());
            h.releasedAt().ifPresent(at -> u.put("releasedAt", at.toString()));
            h.episodeId().ifPresent(id -> u.put("episodeId", id));
            h.outcome().ifPresent(outcome -> u.put("outcome", outcome));
            return u;
        }).toList();
        ApiResponses.json(exchange, 200, Map.of("held", updates));
    }

    public void exportSchema(Exchange exchange) {
        ApiResponses.bytes(exchange, 200, "application/csvm+json", MissingEpisodeIntake.exportSchemaDocument());
    }

    public void schema(Exchange exchange) {
        ApiResponses.bytes(exchange, 200, "application/schema+json", MissingEpisodeIntake.schemaDocument());
    }
}
