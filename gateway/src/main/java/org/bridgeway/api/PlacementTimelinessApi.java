package org.bridgeway.api;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.InvalidValueException;
import org.bridgeway.model.OrganisationType;
import org.bridgeway.timeliness.TimelinessRecords;

/**
 * {@code GET /api/v1/placements/timeliness?placingAuthority=886&from=2026-01-01&to=2026-03-31}: how timely the
 * placement notices an authority sent were, by the day the gateway received them (both days included): how many,
 * on time, late, and how late in working days. Counts only, no child and no exchange. A local authority reads its
 * own ({@code placingAuthority} may be left out); the auditor role, of any organisation (the operator's oversight, an
 * inspectorate), reads any authority's.
 */
public final class PlacementTimelinessApi {
    /** A report over more years than this is a typing error, and would walk the whole table. */
    private static final int LONGEST_PERIOD_YEARS = 5;

    private final TimelinessRecords records;
    private final CallerIdentity callers;

    public PlacementTimelinessApi(TimelinessRecords records, CallerIdentity callers) {
        this.records = records;
        this.callers = callers;
    }

    public void report(Exchange exchange) {
        Optional<Caller> authenticated = ApiResponses.authenticatedCaller(callers, exchange);
        if (authenticated.isEmpty()) {
            return;
        }
        Caller caller = authenticated.get();
        boolean auditor = caller.roles().contains(ApiAuthorisation.AUDITOR);
        String asked = exchange.getMessage().getHeader("placingAuthority", String.class);
        boolean ownAuthority = caller.organisation().type() == OrganisationType.LOCAL_AUTHORITY;
        if (asked == null && !ownAuthority) {
            ApiResponses.refuse(exchange, 400, "Bad request", "query parameter 'placingAuthority' is required", null);
            return;
        }
        DfeLaCode authority;
        try {
            authority = DfeLaCode.parse(asked == null ? caller.organisation().code() : asked);
        } catch (InvalidValueException e) {
            ApiResponses.refuse(exchange, 400, "Bad request", "'placingAuthority' is not a DfE local authority"
                    + " number: " + e.getMessage(), null);
            return;
        }
        if (!auditor && !(ownAuthority && caller.organisation().code().equals(authority.value()))) {
            ApiResponses.refuse(exchange, 403, "Forbidden", "an authority reads the timeliness of its own placement"
                    + " notices; the auditor role reads any authority's", null);
            return;
        }
        Optional<LocalDate> from = date(exchange, "from");
        Optional<LocalDate> to = date(exchange, "to");
        if (from.isEmpty() || to.isEmpty()) {
            ApiResponses.refuse(exchange, 400, "Bad request", "query parameters 'from' and 'to' are required, as"
                    + " dates yyyy-mm-dd", null);
            return;
        }
        if (to.get().isBefore(from.get()) || from.get().plusYears(LONGEST_PERIOD_YEARS).isBefore(to.get())) {
            ApiResponses.refuse(exchange, 400, "Bad request", "'to' must be on or after 'from', and the period at most "
                    + LONGEST_PERIOD_YEARS + " years", null);
            return;
        }
        ApiResponses.json(exchange, 200, records.report(authority, from.get(), to.get()));
    }

    private static Optional<LocalDate> date(Exchange exchange, String parameter) {
        String text = exchange.getMessage().getHeader(parameter, String.class);
        try {
            return text == null ? Optional.empty() : Optional.of(LocalDate.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
