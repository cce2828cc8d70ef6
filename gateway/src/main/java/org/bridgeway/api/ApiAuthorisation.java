package org.bridgeway.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.bridgeway.identity.VerifiedCaller;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.OrganisationType;

/**
 * Who may call which endpoint: one table, endpoint → rule, applied by {@link ApiGuard} to every request before
 * the endpoint runs. An endpoint missing from the table is refused, so a new endpoint is closed until someone
 * writes its rule here. Rules that need the content of the request (a notice's sending organisation) are
 * completed by the endpoint itself once the body is parsed, as the rule's description says.
 *
 * <p>Roles come from the bearer token bound to the client certificate ({@link TokenBoundIdentity}); the gateway
 * uses {@link #withTokenRoles()} when it checks tokens. In the certificate-only development mode
 * ({@link #certificateOnly()}) nobody has roles, and the role cells fall back to what the certificate alone can
 * decide, as each rule documents. With token roles:
 *
 * <table>
 *   <caption>Who may call what, with token roles</caption>
 *   <tr><th>Endpoints</th><th>Caller (certificate and token of the same organisation)</th></tr>
 *   <tr><td>submit a placement</td><td>the placing authority's system ({@value #SYSTEM}), social workers and
 *       EDT social workers; the notice's placing authority must be the caller's organisation</td></tr>
 *   <tr><td>submit an exclusion notice</td><td>the school's own system ({@value #SYSTEM}); the notice's school
 *       must be the caller's organisation</td></tr>
 *   <tr><td>report or update a missing episode (JSON, or a force's CSV export); list one's held updates</td>
 *       <td>a police force or a local authority (its emergency duty team included), as its system
 *       ({@value #SYSTEM}), or for a local authority one of its social workers or EDT social workers; the notice's
 *       sender must be the caller's organisation, and an update's sender a party to the episode</td></tr>
 *   <tr><td>read the timeliness of placement notices</td><td>a local authority (not its emergency duty team), for
 *       its own notices, as its system ({@value #SYSTEM}), a social worker or its {@value #DATA_PROTECTION_OFFICER};
 *       or the {@value #AUDITOR} role of any organisation, for any authority ({@link PlacementTimelinessApi}
 *       refuses another authority's to anyone else)</td></tr>
 *   <tr><td>upload an SSDA903 return</td><td>a local authority's own system ({@value #SYSTEM}), not its
 *       emergency duty team's, nor a person</td></tr>
 *   <tr><td>read an SSDA903 return's batch</td><td>the uploading authority's own system ({@value #SYSTEM}), or the
 *       {@value #AUDITOR} role of any organisation; {@link Ssda903Api} refuses another authority's batch</td></tr>
 *   <tr><td>list, reassign and report the outcome of return interview tasks</td><td>a local authority's own
 *       system ({@value #SYSTEM}) or its social workers, not its emergency duty team; {@link ReturnInterviewApi}
 *       acts only on the tasks the caller holds or is responsible for</td></tr>
 *   <tr><td>read an SSDA903 return's Missing reconciliation</td><td>the uploading authority's own system
 *       ({@value #SYSTEM}) only, not an auditor: the report names children by the council's ids and dates;
 *       {@link Ssda903Api} refuses another authority's report</td></tr>
 *   <tr><td>request a custody handover, close it (transfer or s.38(7) certificate)</td><td>a police force, as its
 *       system ({@value #SYSTEM}) or a {@value #CUSTODY_OFFICER}; the request's sender is the caller, and only the
 *       requesting force closes ({@link CustodyHandoverApi})</td></tr>
 *   <tr><td>acknowledge and answer a custody handover</td><td>a local authority (its emergency duty team included),
 *       as its system ({@value #SYSTEM}), an {@value #EDT_SOCIAL_WORKER} or a {@value #SOCIAL_WORKER}; only an
 *       authority the handover asked (the ledger refuses another, handover.notAsked)</td></tr>
 *   <tr><td>list one's open custody handovers</td><td>a police force (system or custody officer) or a local
 *       authority (system, EDT social worker or social worker): a force sees its requests, an authority those it
 *       was asked</td></tr>
 *   <tr><td>ask the locator index which authority is responsible for a child</td><td>a police force (its system
 *       or a {@value #CUSTODY_OFFICER}), a local authority, its emergency duty team included (its system, a social
 *       worker or an EDT social worker), or a health team (its system or a {@value #LAC_NURSE}); not a school, nor
 *       a caller whose only roles oversee; {@link LocatorApi} requires a purpose and a case reference</td></tr>
 *   <tr><td>register and withdraw locator entries</td><td>a local authority's own system ({@value #SYSTEM}) or
 *       its social workers, not its emergency duty team; {@link LocatorApi} acts only on the caller's own
 *       entries</td></tr>
 *   <tr><td>read the Concordat figures of custody handovers</td><td>a police force or a local authority (its
 *       emergency duty team included), any of its systems or people, for its own figures; or the {@value #AUDITOR}
 *       role of any organisation, for any force's, authority's or everyone's ({@link CustodyHandoverReportApi}
 *       refuses another's to anyone else)</td></tr>
 *   <tr><td>list and acknowledge mailbox messages</td><td>anyone of the mailbox's organisation</td></tr>
 *   <tr><td>read a mailbox message (notice content)</td><td>anyone of the mailbox's organisation except a caller
 *       whose only roles are auditor, data-protection-officer or gateway-operator</td></tr>
 *   <tr><td>audit log entries</td><td>the {@value #AUDITOR} role, of any organisation</td></tr>
 *   <tr><td>list and replay the push dead-letter queue</td><td>the {@value #GATEWAY_OPERATOR} role only; refused
 *       to everyone in the certificate-only mode (the offline command line serves there)</td></tr>
 *   <tr><td>the delivery status of an exchange's copies</td><td>any authenticated partner; the endpoint answers
 *       only the exchange's sender, or the {@value #AUDITOR} role of any organisation
 *       ({@link DeliveryStatusApi})</td></tr>
 *   <tr><td>decisions of an exchange</td><td>{@value #AUDITOR} (every decision) or
 *       {@value #DATA_PROTECTION_OFFICER} of an organisation party to the exchange (the sender's DPO every
 *       decision, a recipient's DPO those about its organisation; {@link DecisionsApi} filters)</td></tr>
 *   <tr><td>checkpoint, tree head, certificate, proofs, cosignatures, receipts (filtered to the caller),
 *       schemas, the OpenAPI document</td><td>any authenticated partner, any role</td></tr>
 * </table>
 */
public final class ApiAuthorisation {
    public static final String AUDITOR = "auditor";
    public static final String DATA_PROTECTION_OFFICER = "data-protection-officer";
    /** A partner system's service account (client credentials), acting as itself rather than for a person. */
    public static final String SYSTEM = VerifiedCaller.SYSTEM_ROLE;
    public static final String SOCIAL_WORKER = "social-worker";
    public static final String EDT_SOCIAL_WORKER = "edt-social-worker";
    /** A force's custody officer (custody sergeant): requests and closes custody handovers. */
    public static final String CUSTODY_OFFICER = "custody-officer";
    public static final String LAC_NURSE = "lac-nurse";
    /** Who runs the gateway: lists and replays the dead-letter queue while it runs; reads no notice content. */
    public static final String GATEWAY_OPERATOR = "gateway-operator";
    /** Who places a child: the authority's case system, or one of its social workers (EDT out of hours). */
    private static final Set<String> PLACING_ROLES = Set.of(SYSTEM, SOCIAL_WORKER, EDT_SOCIAL_WORKER);
    /** Roles that oversee (read the audit log and decisions) and never read notice content. */
    private static final Set<String> OVERSIGHT_ROLES = Set.of(AUDITOR, DATA_PROTECTION_OFFICER);
    /** Roles that never read notice content: oversight, and the gateway's operators. */
    private static final Set<String> NO_CONTENT_ROLES = Set.of(AUDITOR, DATA_PROTECTION_OFFICER, GATEWAY_OPERATOR);

    /** An endpoint as the REST DSL declares it: method and full path template, "GET /api/v1/audit/entries". */
    public record Endpoint(String method, String path) {
        private static final Pattern REPEATED_SLASHES = Pattern.compile("/{2,}");

        public Endpoint {
            method = method.toUpperCase(java.util.Locale.ROOT);
            path = REPEATED_SLASHES.matcher(path).replaceAll("/");
            if (path.length() > 1 && path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
        }

        public static Endpoint get(String path) {
            return new Endpoint("GET", path);
        }

        public static Endpoint post(String path) {
            return new Endpoint("POST", path);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    public enum Rule {
        ANY_PARTNER("any authenticated partner"),
        PLACES_AS_ITSELF("any authenticated partner, and the endpoint refuses a notice whose placing authority is not "
                + "the caller's once the body is parsed; with token roles, only a system, social worker or EDT "
                + "social worker"),
        SENDS_AS_ITSELF("any authenticated partner, and the endpoint refuses a notice whose sending organisation is not "
                + "the caller's once the body is parsed; with token roles, the sending organisation's system "
                + "(service account) only"),
        MISSING_EPISODE_SENDER("a police force or a local authority (not a school or a health team), and the endpoint"
                + " refuses a notice whose sender is not the caller once the body is parsed; with token roles, its"
                + " system (service account), or for a local authority a social worker or EDT social worker"),
        PLACEMENT_TIMELINESS("a local authority's own systems and people, not its emergency duty team, and the "
                + "endpoint answers only about the caller's own placement notices; with token roles, its system, a "
                + "social worker or its data-protection-officer, or the auditor role of any organisation, for any "
                + "authority"),
        LOCAL_AUTHORITY_RETURN("a local authority's own systems, not its emergency duty team; the uploader is the "
                + "responsible authority of the return; with token roles, the system (service account) only"),
        RETURN_BATCH("a local authority's own systems, not its emergency duty team, and the endpoint answers only "
                + "the uploading authority's batches; with token roles, its system (service account) only, or the "
                + "auditor role of any organisation, for any batch"),
        CUSTODY_HANDOVER_REPORT("a police force or a local authority (its emergency duty team included), and the "
                + "endpoint answers only the caller's own figures; with token roles, any of its roles, or the auditor "
                + "role of any organisation, for any force or authority"),
        RETURN_INTERVIEW_TASKS("a local authority's own systems and its social workers (not its emergency duty "
                + "team), and the endpoint answers or acts only on the tasks the caller holds or is responsible for; "
                + "with token roles, its system or a social worker"),
        RETURN_RECONCILIATION("a local authority's own systems, not its emergency duty team, and the endpoint "
                + "answers only the uploading authority's report; with token roles, its system (service account) "
                + "only; never the auditor role, for the report names children by the council's ids and dates"),
        CUSTODY_FORCE("a police force, and the endpoint refuses a notice whose sender is not the caller once the body is"
                + " parsed (and a closure by another force than the requester); with token roles, its system or a"
                + " custody-officer"),
        CUSTODY_AUTHORITY("a local authority (its emergency duty team included), and the ledger refuses an authority"
                + " the handover did not ask; with token roles, its system, an EDT social worker or a social worker"),
        CUSTODY_PARTY("a police force (with token roles, its system or a custody-officer) or a local authority (its"
                + " system, an EDT social worker or a social worker); the endpoint answers only the caller's"
                + " handovers"),
        LOCATOR_QUERY("a police force, a local authority (its emergency duty team included) or a health team, not a "
                + "school; with token roles, its system, or a custody officer, social worker, EDT social worker or "
                + "looked-after children's nurse of that kind of organisation"),
        LOCATOR_ENTRIES("a local authority's own systems and social workers, not its emergency duty team, and the "
                + "endpoint acts only on the caller's own entries; with token roles, its system or a social worker"),
        OWN_MAILBOX("the organisation of the mailbox is the caller's"),
        OWN_MAILBOX_CONTENT("the organisation of the mailbox is the caller's; with token roles, not a caller whose "
                + "only roles are auditor, data-protection-officer or gateway-operator (they read decisions, the "
                + "audit log or the dead-letter queue, never notice content)"),
        AUDITOR("the auditor role from the token; until tokens carry roles, any authenticated partner"),
        GATEWAY_OPERATOR("the gateway-operator role from the token; nobody in the certificate-only mode (the offline "
                + "command line serves there)"),
        DELIVERY_STATUS("any authenticated partner, and the endpoint answers only the exchange's sender; with token "
                + "roles, also the auditor role of any organisation"),
        DECISIONS("the auditor or data-protection-officer role from the token; until tokens carry roles, any "
                + "authenticated partner; either way the endpoint answers only what concerns the caller's "
                + "organisation, unless the caller is an auditor");

        private final String description;

        Rule(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /** Allowed, or refused with a reason for the 403 answer (no personal data: ids and rule names only). */
    public record Decision(boolean allowed, String reason) {
        static Decision allow() {
            return new Decision(true, "");
        }

        static Decision deny(String reason) {
            return new Decision(false, reason);
        }
    }

    private static final Map<Endpoint, Rule> RULES;

    static {
        Map<Endpoint, Rule> rules = new LinkedHashMap<>();
        rules.put(Endpoint.post("/api/v1/placements"), Rule.PLACES_AS_ITSELF);
        rules.put(Endpoint.get("/api/v1/schemas/placement-notice.schema.json"), Rule.ANY_PARTNER);
        rules.put(Endpoint.get("/api/v1/placements/timeliness"), Rule.PLACEMENT_TIMELINESS);
        rules.put(Endpoint.post("/api/v1/ssda903/returns"), Rule.LOCAL_AUTHORITY_RETURN);
        rules.put(Endpoint.get("/api/v1/ssda903/returns/{batchId}"), Rule.RETURN_BATCH);
        rules.put(Endpoint.get("/api/v1/ssda903/returns/{batchId}/missing-reconciliation"),
                Rule.RETURN_RECONCILIATION);
        // A school's own systems: the endpoint refuses a notice or file whose school is not the caller.
        rules.put(Endpoint.post("/api/v1/exclusions"), Rule.SENDS_AS_ITSELF);
        rules.put(Endpoint.get("/api/v1/schemas/exclusion-notice.schema.json"), Rule.ANY_PARTNER);
        // Return home interviews: an authority's own tasks; the endpoint answers or acts only on the tasks the caller
        // holds or is responsible for (and only the responsible authority reassigns).
        rules.put(Endpoint.get("/api/v1/return-interviews"), Rule.RETURN_INTERVIEW_TASKS);
        rules.put(Endpoint.post("/api/v1/return-interviews/{taskId}/assignment"), Rule.RETURN_INTERVIEW_TASKS);
        rules.put(Endpoint.post("/api/v1/return-interview-outcomes"), Rule.RETURN_INTERVIEW_TASKS);
        rules.put(Endpoint.get("/api/v1/schemas/return-interview-outcome.schema.json"), Rule.ANY_PARTNER);
        // The Concordat figures of custody handovers: a force's or authority's own, the auditor's any.
        rules.put(Endpoint.get("/api/v1/custody-handovers/report"), Rule.CUSTODY_HANDOVER_REPORT);
        // Forces and councils report children missing, and update the episodes they are party to.
        rules.put(Endpoint.post("/api/v1/missing-episodes"), Rule.MISSING_EPISODE_SENDER);
        rules.put(Endpoint.get("/api/v1/missing-episodes/held"), Rule.MISSING_EPISODE_SENDER);
        rules.put(Endpoint.get("/api/v1/schemas/missing-episode.schema.json"), Rule.ANY_PARTNER);
        rules.put(Endpoint.get("/api/v1/schemas/missing-episode-export.csv-metadata.json"), Rule.ANY_PARTNER);
        // Custody handovers: the force requests and closes, an asked authority acknowledges and answers.
        rules.put(Endpoint.post("/api/v1/custody-handovers"), Rule.CUSTODY_FORCE);
        rules.put(Endpoint.post("/api/v1/custody-handovers/{handoverId}/closure"), Rule.CUSTODY_FORCE);
        rules.put(Endpoint.post("/api/v1/custody-handovers/{handoverId}/acknowledgement"), Rule.CUSTODY_AUTHORITY);
        rules.put(Endpoint.post("/api/v1/custody-handovers/{handoverId}/answer"), Rule.CUSTODY_AUTHORITY);
        rules.put(Endpoint.get("/api/v1/custody-handovers"), Rule.CUSTODY_PARTY);
        rules.put(Endpoint.get("/api/v1/schemas/custody-handover-request.schema.json"), Rule.ANY_PARTNER);
        // The locator index: who is responsible for a child, asked by those who act at once; entries by councils.
        rules.put(Endpoint.post("/api/v1/locator/queries"), Rule.LOCATOR_QUERY);
        rules.put(Endpoint.post("/api/v1/locator/entries"), Rule.LOCATOR_ENTRIES);
        rules.put(Endpoint.post("/api/v1/locator/entries/{reference}/withdrawal"), Rule.LOCATOR_ENTRIES);
        rules.put(Endpoint.get("/api/v1/mailboxes/{organisation}/messages"), Rule.OWN_MAILBOX);
        rules.put(Endpoint.get("/api/v1/mailboxes/{organisation}/messages/{messageId}"), Rule.OWN_MAILBOX_CONTENT);
        rules.put(Endpoint.post("/api/v1/mailboxes/{organisation}/messages/{messageId}/ack"), Rule.OWN_MAILBOX);
        // The log's public face for partners and witnesses: heads, proofs and the key's certificate.
        rules.put(Endpoint.get("/api/v1/audit/checkpoint"), Rule.ANY_PARTNER);
        rules.put(Endpoint.get("/api/v1/audit/tree-head"), Rule.ANY_PARTNER);
        rules.put(Endpoint.get("/api/v1/audit/certificate"), Rule.ANY_PARTNER);
        rules.put(Endpoint.get("/api/v1/audit/proof/inclusion"), Rule.ANY_PARTNER);
        rules.put(Endpoint.get("/api/v1/audit/proof/consistency"), Rule.ANY_PARTNER);
        rules.put(Endpoint.post("/api/v1/audit/cosignatures"), Rule.ANY_PARTNER);
        // Every entry of every exchange (identifiers and digests only): the auditor's view.
        rules.put(Endpoint.get("/api/v1/audit/entries"), Rule.AUDITOR);
        // The endpoint answers only with the entries that concern the caller (sender or recipient).
        rules.put(Endpoint.get("/api/v1/exchanges/{exchangeId}/receipts"), Rule.ANY_PARTNER);
        // The gateway's operators handle the push dead-letter queue while it runs (audited replays).
        rules.put(Endpoint.get("/api/v1/dead-letters"), Rule.GATEWAY_OPERATOR);
        rules.put(Endpoint.post("/api/v1/dead-letters/{messageId}/replay"), Rule.GATEWAY_OPERATOR);
        // Where each recipient's copy stands: the endpoint answers the exchange's sender (and an auditor) only.
        rules.put(Endpoint.get("/api/v1/exchanges/{exchangeId}/deliveries"), Rule.DELIVERY_STATUS);
        // Why each recipient got which fields: oversight, metadata only.
        rules.put(Endpoint.get("/api/v1/decisions"), Rule.DECISIONS);
        // The API's own description and the schemas of what recipients receive: for anyone who integrates.
        rules.put(Endpoint.get("/api/v1/openapi.yaml"), Rule.ANY_PARTNER);
        rules.put(Endpoint.get("/api/v1/openapi.json"), Rule.ANY_PARTNER);
        rules.put(Endpoint.get("/api/v1/schemas/received/{schema}"), Rule.ANY_PARTNER);
        RULES = Collections.unmodifiableMap(rules);
    }

    private final boolean tokenRoles;

    private ApiAuthorisation(boolean tokenRoles) {
        this.tokenRoles = tokenRoles;
    }

    /** The certificate-only development mode: organisation rules enforced, role rules fall back as documented. */
    public static ApiAuthorisation certificateOnly() {
        return new ApiAuthorisation(false);
    }

    /** Once every caller's roles come from a verified, certificate-bound token. */
    public static ApiAuthorisation withTokenRoles() {
        return new ApiAuthorisation(true);
    }

    /** The table, in declaration order. */
    public static Map<Endpoint, Rule> rules() {
        return RULES;
    }

    /**
     * Whether the caller may call the endpoint.
     *
     * @param pathParameter the request's path parameters by name ({@code organisation} of a mailbox)
     */
    public Decision decide(Endpoint endpoint, Caller caller, Function<String, String> pathParameter) {
        Rule rule = RULES.get(endpoint);
        if (rule == null) {
            return Decision.deny("no authorisation rule for " + endpoint);
        }
        return switch (rule) {
            case ANY_PARTNER -> Decision.allow();
            case PLACES_AS_ITSELF -> !tokenRoles || hasAny(caller, PLACING_ROLES) ? Decision.allow()
                    : Decision.deny("placements are sent by the authority's system or its social workers");
            case SENDS_AS_ITSELF -> !tokenRoles || caller.roles().contains(SYSTEM) ? Decision.allow()
                    : Decision.deny("these notices are sent by the organisation's own system");
            case MISSING_EPISODE_SENDER -> missingEpisodeSender(caller) ? Decision.allow()
                    : Decision.deny("missing episodes are sent by a police force's or a local authority's system, or"
                    + " by a local authority's social workers");
            case PLACEMENT_TIMELINESS -> timelinessReader(caller) ? Decision.allow()
                    : Decision.deny("the timeliness of placement notices is for the placing authority and the auditor"
                    + " role");
            case CUSTODY_HANDOVER_REPORT -> handoverFiguresReader(caller) ? Decision.allow()
                    : Decision.deny("the Concordat figures are for the force or authority they concern and the auditor"
                    + " role");
            case LOCAL_AUTHORITY_RETURN -> returnSystem(caller) ? Decision.allow()
                    : Decision.deny("only a local authority's own systems submit its SSDA903 return");
            case RETURN_BATCH -> returnSystem(caller) || (tokenRoles && caller.roles().contains(AUDITOR))
                    ? Decision.allow()
                    : Decision.deny("a return's batch is read by the authority's own systems or an auditor");
            case RETURN_INTERVIEW_TASKS -> caller.organisation().type() == OrganisationType.LOCAL_AUTHORITY
                    && !caller.emergencyDutyTeam()
                    && (!tokenRoles || hasAny(caller, Set.of(SYSTEM, SOCIAL_WORKER))) ? Decision.allow()
                    : Decision.deny("return interview tasks are a local authority's, for its systems and social "
                    + "workers");
            case RETURN_RECONCILIATION -> returnSystem(caller) ? Decision.allow()
                    : Decision.deny("a return's Missing reconciliation is read by the authority's own systems");
            case CUSTODY_FORCE -> custodyForce(caller) ? Decision.allow()
                    : Decision.deny("custody handovers are requested and closed by a police force's system or custody"
                    + " officer");
            case CUSTODY_AUTHORITY -> custodyAuthority(caller) ? Decision.allow()
                    : Decision.deny("custody handovers are acknowledged and answered by a local authority's system, EDT"
                    + " social workers or social workers");
            case CUSTODY_PARTY -> custodyForce(caller) || custodyAuthority(caller) ? Decision.allow()
                    : Decision.deny("custody handovers are listed by their forces and authorities");
            case LOCATOR_QUERY -> locatorAsker(caller) ? Decision.allow()
                    : Decision.deny("the locator is asked by police forces, local authorities and health teams");
            case LOCATOR_ENTRIES -> caller.organisation().type() == OrganisationType.LOCAL_AUTHORITY
                    && !caller.emergencyDutyTeam()
                    && (!tokenRoles || hasAny(caller, Set.of(SYSTEM, SOCIAL_WORKER))) ? Decision.allow()
                    : Decision.deny("locator entries are a local authority's, for its systems and social workers");
            case OWN_MAILBOX -> ownMailbox(caller, pathParameter);
            case OWN_MAILBOX_CONTENT -> {
                Decision own = ownMailbox(caller, pathParameter);
                yield own.allowed() && tokenRoles && NO_CONTENT_ROLES.containsAll(caller.roles())
                        ? Decision.deny("oversight and operator roles read decisions, the audit log and the "
                        + "dead-letter queue, not notice content") : own;
            }
            case AUDITOR -> !tokenRoles || caller.roles().contains(AUDITOR) ? Decision.allow()
                    : Decision.deny("the audit log's entries are for the auditor role");
            case GATEWAY_OPERATOR -> tokenRoles && caller.roles().contains(GATEWAY_OPERATOR) ? Decision.allow()
                    : Decision.deny("the dead-letter queue is for the gateway-operator role");
            case DELIVERY_STATUS -> Decision.allow();
            case DECISIONS -> !tokenRoles || hasAny(caller, OVERSIGHT_ROLES) ? Decision.allow()
                    : Decision.deny("the decision log is for the auditor and data-protection-officer roles");
        };
    }

    /** A local authority's own system: not its emergency duty team; with token roles, its service account. */
    private boolean returnSystem(Caller caller) {
        return caller.organisation().type() == OrganisationType.LOCAL_AUTHORITY && !caller.emergencyDutyTeam()
                && (!tokenRoles || caller.roles().contains(SYSTEM));
    }

    /** A council's own system or people, for its own notices; with token roles, the auditor of any organisation. */
    private boolean timelinessReader(Caller caller) {
        if (tokenRoles && caller.roles().contains(AUDITOR)) {
            return true;
        }
        return caller.organisation().type() == OrganisationType.LOCAL_AUTHORITY && !caller.emergencyDutyTeam()
                && (!tokenRoles || hasAny(caller, Set.of(SYSTEM, SOCIAL_WORKER, DATA_PROTECTION_OFFICER)));
    }

    /** Those who act at once for a child away from home: forces, councils (EDTs included), health teams. */
    private boolean locatorAsker(Caller caller) {
        Set<String> roles = switch (caller.organisation().type()) {
            case POLICE_FORCE -> Set.of(SYSTEM, CUSTODY_OFFICER);
            case LOCAL_AUTHORITY -> PLACING_ROLES;
            case HEALTH_TEAM -> Set.of(SYSTEM, LAC_NURSE);
            case SCHOOL -> Set.of();
        };
        return !roles.isEmpty() && (!tokenRoles || hasAny(caller, roles));
    }

    private boolean handoverFiguresReader(Caller caller) {
        OrganisationType type = caller.organisation().type();
        return type == OrganisationType.POLICE_FORCE || type == OrganisationType.LOCAL_AUTHORITY
                || (tokenRoles && caller.roles().contains(AUDITOR));
    }

    /** A force's or council's system; a council's social workers too (its missing-children coordinator's team). */
    private boolean missingEpisodeSender(Caller caller) {
        OrganisationType type = caller.organisation().type();
        if (type == OrganisationType.POLICE_FORCE) {
            return !tokenRoles || caller.roles().contains(SYSTEM);
        }
        return type == OrganisationType.LOCAL_AUTHORITY && (!tokenRoles || hasAny(caller, PLACING_ROLES));
    }

    private boolean custodyForce(Caller caller) {
        return caller.organisation().type() == OrganisationType.POLICE_FORCE
                && (!tokenRoles || hasAny(caller, Set.of(SYSTEM, CUSTODY_OFFICER)));
    }

    /** A council's system or social workers, its emergency duty team's included (they answer out of hours). */
    private boolean custodyAuthority(Caller caller) {
        return caller.organisation().type() == OrganisationType.LOCAL_AUTHORITY
                && (!tokenRoles || hasAny(caller, PLACING_ROLES));
    }

    private static boolean hasAny(Caller caller, Set<String> roles) {
        return caller.roles().stream().anyMatch(roles::contains);
    }

    private static Decision ownMailbox(Caller caller, Function<String, String> pathParameter) {
        try {
            Organisation mailbox = Organisation.parseId(pathParameter.apply("organisation"));
            return mailbox.equals(caller.organisation()) ? Decision.allow()
                    : Decision.deny("an organisation may read only its own mailbox");
        } catch (IllegalArgumentException | NullPointerException e) {
            return Decision.deny("an organisation may read only its own mailbox");
        }
    }
}
