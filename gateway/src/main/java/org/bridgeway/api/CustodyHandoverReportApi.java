package org.bridgeway.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.bridgeway.handover.report.ConcordatReport;
import org.bridgeway.model.OrganisationType;

/**
 * {@code GET /api/v1/custody-handovers/report?from=2026-12-01&to=2027-01-01&force=kent|authority=886}: the Concordat
 * figures of the custody handovers requested in {@code [from, to)} (dates, from midnight UK time, or instants), from
 * the audit trail only. Counts and times, no child. A force reads its own figures and an authority its own (the
 * parameter may be left out); the auditor role, of any organisation, reads any force's, any authority's or everyone's.
 */
public final class CustodyHandoverReportApi {
    private final ConcordatReport report;
    private final CallerIdentity callers;

    public CustodyHandoverReportApi(ConcordatReport report, CallerIdentity callers) {
        this.report = report;
        this.callers = callers;
    }

    public void report(Exchange exchange) {
        Optional<Caller> authenticated = ApiResponses.authenticatedCaller(callers, exchange);
        if (authenticated.isEmpty()) {
            return;
        }
        Caller caller = authenticated.get();
        String force = exchange.getMessage().getHeader("force", String.class);
        String authority = exchange.getMessage().getHeader("authority", String.class);
        if (force != null && authority != null) {
            ApiResponses.refuse(exchange, 400, "Bad request", "give 'force' or 'authority', not both", null);
            return;
        }
        Instant from;
        Instant to;
        try {
            from = ConcordatReport.bound(required(exchange, "from"));
            to = ConcordatReport.bound(required(exchange, "to"));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            ApiResponses.refuse(exchange, 400, "Bad request", "query parameters 'from' and 'to' are required, as"
                    + " dates yyyy-mm-dd or instants", null);
            return;
        }
        if (!from.isBefore(to)) {
            ApiResponses.refuse(exchange, 400, "Bad request", "'from' must be before 'to'", null);
            return;
        }
        Optional<ConcordatReport.Scope> scope = scope(caller, force, authority);
        if (scope.isEmpty()) {
            ApiResponses.refuse(exchange, 403, "Forbidden", "a force reads its own figures and an authority its own;"
                    + " the auditor role reads any", null);
            return;
        }
        ApiResponses.json(exchange, 200, report.report(from, to, scope.get()).toJson());
    }

    /** Whose figures the caller asked for, if it may read them. */
    private static Optional<ConcordatReport.Scope> scope(Caller caller, String force, String authority) {
        if (caller.roles().contains(ApiAuthorisation.AUDITOR)) {
            return Optional.of(force != null ? ConcordatReport.Scope.force(force)
                    : authority != null ? ConcordatReport.Scope.authority(authority) : ConcordatReport.Scope.ALL);
        }
        String own = caller.organisation().code();
        if (caller.organisation().type() == OrganisationType.POLICE_FORCE && authority == null
                && (force == null || force.equals(own))) {
            return Optional.of(ConcordatReport.Scope.force(own));
        }
        if (caller.organisation().type() == OrganisationType.LOCAL_AUTHORITY && force == null
                && (authority == null || authority.equals(own))) {
            return Optional.of(ConcordatReport.Scope.authority(own));
        }
        return Optional.empty();
    }

    private static String required(Exchange exchange, String parameter) {
        String text = exchange.getMessage().getHeader(parameter, String.class);
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(parameter + " is required");
        }
        return text.strip();
    }
}
