package org.bridgeway.api;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.bridgeway.intake.BatchStatus;
import org.bridgeway.intake.InputTooLargeException;
import org.bridgeway.intake.MalformedInputException;
import org.bridgeway.intake.ReceivedReturn;
import org.bridgeway.intake.RuleRefusedException;
import org.bridgeway.intake.Ssda903Intake;
import org.bridgeway.intake.reconciliation.MissingReconciliations;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.OrganisationType;

/**
 * {@code POST /api/v1/ssda903/returns}: a local authority uploads its return as a ZIP of CSV files. The ZIP is read
 * (413 over the limits; 400 for one that is not a ZIP, or whose entry names are not plain file names, with the rule)
 * and answered at once: 202 with the return's batch, whose notices then go through in the background. The same
 * return sent again is answered with its earlier batch ({@code alreadyProcessed}).
 *
 * <p>{@code GET /api/v1/ssda903/returns/{batchId}}: where the batch has got to (rows read, notices sent, rows
 * rejected, files refused, done) and, once done, its summary (row errors by file, row, column and rule; refused
 * files). For the uploading authority, and for the auditor role; 403 for another's batch, 404 for an unknown id.
 * Once the return's Missing table has been reconciled, the status links to the report
 * ({@code missingReconciliation}).
 *
 * <p>{@code GET /api/v1/ssda903/returns/{batchId}/missing-reconciliation}: the Missing reconciliation of the return
 * (episodes the gateway carried that the return lacks, the reverse, and those whose dates or type disagree, by the
 * council's child ids and dates). For the uploading authority's own systems only: 403 for any other caller, the
 * auditor role included (the report names children by the council's ids); 404 for an unknown batch or one not yet
 * reconciled.
 */
public final class Ssda903Api {
    public static final String RETURNS_PATH = "/api/v1/ssda903/returns/";
    public static final String MISSING_RECONCILIATION = "/missing-reconciliation";
    private static final Pattern BATCH_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final Ssda903Intake intake;
    private final MissingReconciliations reconciliations;
    private final CallerIdentity callers;

    public Ssda903Api(Ssda903Intake intake, MissingReconciliations reconciliations, CallerIdentity callers) {
        this.intake = intake;
        this.reconciliations = reconciliations;
        this.callers = callers;
    }

    public void accept(Exchange exchange) {
        Optional<Organisation> caller = ApiResponses.authenticated(callers, exchange);
        if (caller.isEmpty()) {
            return;
        }
        if (caller.get().type() != OrganisationType.LOCAL_AUTHORITY) {
            ApiResponses.refuse(exchange, 403, "Forbidden", "only a local authority submits an SSDA903 return", null);
            return;
        }
        try {
            exchange.getMessage().setBody(intake.fromUpload(exchange.getMessage().getBody(byte[].class), caller.get()));
        } catch (InputTooLargeException e) {
            ApiResponses.refuse(exchange, 413, "Upload too large", e.getMessage(), null);
        } catch (RuleRefusedException e) {
            ApiResponses.refuse(exchange, 400, "Upload refused", e.getMessage(), Map.of("rule", e.rule()));
        } catch (MalformedInputException e) {
            ApiResponses.refuse(exchange, 400, "Unreadable upload", e.getMessage(), null);
        }
    }

    /** 202: the batch to poll (in {@code Location}), as it stands now. */
    public void accepted(ReceivedReturn received, Exchange exchange) {
        BatchStatus status = intake.batches().status(received.batchId()).orElseThrow();
        Map<String, Object> body = new java.util.LinkedHashMap<>(status.toJson());
        body.put("alreadyProcessed", !received.send());
        body.put("location", RETURNS_PATH + status.batchId());
        ApiResponses.json(exchange, 202, body);
        exchange.getMessage().setHeader("Location", RETURNS_PATH + status.batchId());
    }

    public void status(Exchange exchange) {
        Optional<Caller> caller = ApiResponses.authenticatedCaller(callers, exchange);
        if (caller.isEmpty()) {
            return;
        }
        String id = exchange.getMessage().getHeader("batchId", String.class);
        Optional<BatchStatus> status = id == null || !BATCH_ID.matcher(id).matches() ? Optional.empty()
                : intake.batches().status(id);
        if (status.isEmpty()) {
            ApiResponses.refuse(exchange, 404, "Unknown batch", "no SSDA903 return has this batch id", null);
            return;
        }
        if (!status.get().responsibleAuthority().equals(caller.get().organisation().id())
                && !caller.get().roles().contains(ApiAuthorisation.AUDITOR)) {
            ApiResponses.refuse(exchange, 403, "Forbidden", "a batch is read by the authority that sent it", null);
            return;
        }
        Map<String, Object> body = new java.util.LinkedHashMap<>(status.get().toJson());
        if (reconciliations.of(id).isPresent()) {
            body.put("missingReconciliation", RETURNS_PATH + id + MISSING_RECONCILIATION);
        }
        ApiResponses.json(exchange, 200, body);
    }

    public void missingReconciliation(Exchange exchange) {
        Optional<Caller> caller = ApiResponses.authenticatedCaller(callers, exchange);
        if (caller.isEmpty()) {
            return;
        }
        String id = exchange.getMessage().getHeader("batchId", String.class);
        Optional<BatchStatus> batch = id == null || !BATCH_ID.matcher(id).matches() ? Optional.empty()
                : intake.batches().status(id);
        if (batch.isEmpty()) {
            ApiResponses.refuse(exchange, 404, "Unknown batch", "no SSDA903 return has this batch id", null);
            return;
        }
        // whose batch it is is known from the upload on, so another authority is refused whether or not it is done
        if (!batch.get().responsibleAuthority().equals(caller.get().organisation().id())) {
            ApiResponses.refuse(exchange, 403, "Forbidden", "a return's Missing reconciliation is read by the"
                    + " authority that sent it", null);
            return;
        }
        Optional<MissingReconciliations.Stored> report = reconciliations.of(id);
        if (report.isEmpty()) {
            ApiResponses.refuse(exchange, 404, "Not reconciled yet", "the return is reconciled once its notices are"
                    + " through; poll " + RETURNS_PATH + id, null);
            return;
        }
        ApiResponses.json(exchange, 200, report.get().toJson());
    }
}
