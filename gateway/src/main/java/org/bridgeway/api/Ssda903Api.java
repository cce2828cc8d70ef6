package org.bridgeway.api;

import java.util.Optional;
import org.apache.camel.Exchange;
import org.bridgeway.intake.InputTooLargeException;
import org.bridgeway.intake.MalformedInputException;
import org.bridgeway.intake.ReturnBatch;
import org.bridgeway.intake.Ssda903Intake;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.OrganisationType;

/**
 * {@code POST /api/v1/ssda903/returns}: a local authority uploads its return as a ZIP of CSV files. 202 with
 * a summary (notices sent, rows rejected with file, row, column and rule, files refused); 413 for an upload
 * over the limits; 400 for one that is not a ZIP.
 */
public final class Ssda903Api {
    private final Ssda903Intake intake;
    private final CallerIdentity callers;

    public Ssda903Api(Ssda903Intake intake, CallerIdentity callers) {
        this.intake = intake;
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
            ReturnBatch batch = intake.fromUpload(exchange.getMessage().getBody(byte[].class), caller.get());
            exchange.getMessage().setBody(batch);
        } catch (InputTooLargeException e) {
            ApiResponses.refuse(exchange, 413, "Upload too large", e.getMessage(), null);
        } catch (MalformedInputException e) {
            ApiResponses.refuse(exchange, 400, "Unreadable upload", e.getMessage(), null);
        }
    }

    public void accepted(ReturnBatch batch, Exchange exchange) {
        ApiResponses.json(exchange, 202, batch.summary());
    }
}
