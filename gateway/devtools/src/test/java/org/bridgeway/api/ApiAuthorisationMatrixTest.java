package org.bridgeway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.Route;
import org.apache.camel.component.rest.RestEndpoint;
import org.bridgeway.api.ApiAuthorisation.Endpoint;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.OrganisationType;
import org.bridgeway.dev.pki.DevelopmentPki;
import org.bridgeway.dev.pki.DevelopmentPki.DemoClient;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.TlsGatewayFixture;
import org.bridgeway.transport.PartnerCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every endpoint × every caller × for mailboxes every demo organisation's mailbox: allowed or denied, over mutual
 * TLS with certificate-bound tokens of the real Keycloak, against a running gateway. A caller is a demo system's
 * certificate with either its service account's token (role {@code system}) or the token of one of the realm's
 * people of that organisation, obtained through that system. The expectations are written here from the issue's
 * words ({@link #expect}), not derived from {@link ApiAuthorisation}'s table:
 *
 * <ul>
 *   <li>a sender submits only for its own organisation: the sample placement is Kent's (local-authority:886), so
 *       only Kent's certificates may submit it (its emergency duty team speaks for Kent), and only as its system
 *       or a social worker (EDT social worker included): not as Kent's auditor;</li>
 *   <li>a school sends its exclusion notices through its own system (service account): the sample suspension is
 *       the demo school's (school:118000), so only its system may submit it, not its DSL;</li>
 *   <li>a missing child is reported, and its episode updated, by a police force's or a local authority's system,
 *       or a local authority's social worker (EDT social worker included): not by a school, a health team, an
 *       auditor, a DPO or a force's officer; the same callers list their own held updates;</li>
 *   <li>an SSDA903 return is uploaded by a local authority's own system (service account), not by its emergency
 *       duty team nor by a person; its batch is read by the same system of the uploading authority, or by an
 *       auditor (Kent uploads the batch the matrix asks for);</li>
 *   <li>a recipient lists, reads and acknowledges only its own mailbox (an emergency duty team its authority's);
 *       reading a message, which is notice content, is not for a caller that only oversees (auditor, DPO);</li>
 *   <li>an authority's return interview tasks are listed, handed on and their outcomes reported by its systems and
 *       its social workers, not by its emergency duty team (a made-up task is a 404, an empty outcome a 400);</li>
 *   <li>the audit log's entries are for the auditor; the decision log for the auditor and the DPO;</li>
 *   <li>the log's public face (checkpoint, tree head, certificate, proofs, cosignatures, receipts filtered to the
 *       caller), the schemas and the OpenAPI document are open to every partner, whatever its role.</li>
 * </ul>
 *
 * <p>The same walk over a gateway in the certificate-only development mode, with every demo system, checks that
 * the organisation rules hold there too while the role rules fall away.
 *
 * <p>"Allowed" means the guard let the request through: any answer but 401, 403 or a 5xx (a made-up message id
 * is a 404, a non-ZIP return a 400). "Denied" means 403.
 */
class ApiAuthorisationMatrixTest {
    private static final String KENT = "local-authority:886";
    private static final String SCHOOL = "school:118000";
    private static final String MAILBOXES = "/api/v1/mailboxes/{organisation}/messages";
    private static final String SYSTEM = "system";
    private static final String SOCIAL_WORKER = "social-worker";
    private static final String EDT_SOCIAL_WORKER = "edt-social-worker";
    private static final String AUDITOR = "auditor";
    private static final String DPO = "data-protection-officer";
    private static final String OPERATOR = "gateway-operator";

    /**
     * The realm's people (docker/keycloak/bridgeway-realm.json): username → the demo system their token is
     * obtained through (their organisation's; the EDT social worker's, its emergency duty team's) and role.
     */
    private static final List<Person> PEOPLE = List.of(
            new Person("alex.morgan", "local-authority-886", SOCIAL_WORKER),
            new Person("jordan.ellis", "local-authority-886-edt", EDT_SOCIAL_WORKER),
            new Person("sam.whitfield", "local-authority-886", AUDITOR),
            new Person("priya.shah", "police-kent", "custody-officer"),
            new Person("tom.reid", "school-118000", "designated-safeguarding-lead"),
            new Person("grace.okafor", "health-LAC887", "lac-nurse"),
            new Person("ruth.adeyemi", "local-authority-352", DPO),
            new Person("chris.lowe", "local-authority-886", OPERATOR));

    private enum Expect { ALLOW, DENY }

    private record Person(String username, String client, String role) {
    }

    /** One cell's caller: a demo system's certificate and a token through it (its own, or a person's). */
    private record Who(DemoClient client, Optional<String> username, String role) {
        String organisation() {
            return client.organisationId();
        }

        boolean emergencyDutyTeam() {
            return PartnerCertificate.EMERGENCY_DUTY_TEAM.equals(client.unit());
        }

        Optional<String> token() {
            return username.isPresent() ? ApiClient.person(client.name(), username.get())
                    : ApiClient.serviceAccount(client.name());
        }

        @Override
        public String toString() {
            return client.name() + "/" + username.orElse("service-account") + " (" + role + ")";
        }
    }

    @FunctionalInterface
    private interface Call {
        HttpResponse<String> call(ApiClient api, Who who, String mailbox);
    }

    @TempDir
    static Path data;
    private static GatewayFixture fixture;
    private static ApiClient api;
    /** Kent's placement submitted at start: the exchange whose receipts and decisions the matrix asks for. */
    private static String exchangeId;
    /** Kent's SSDA903 return uploaded at start: the batch the matrix asks for. */
    private static String batchId;

    @BeforeAll
    static void start() {
        fixture = TlsGatewayFixture.startWithHttp(data);
        api = new ApiClient(fixture.apiBase());
        HttpResponse<String> submitted = api.postJson("/placements", KENT, SampleSubmissions.kentPlacement("matrix/setup"));
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        exchangeId = ApiClient.json(submitted).path("exchangeId").asText();
        batchId = kentReturn(api, ApiClient.serviceAccount("local-authority-886"));
    }

    /** Kent's sample return, uploaded by Kent's system: its batch id. */
    private static String kentReturn(ApiClient client, Optional<String> token) {
        HttpResponse<String> uploaded = client.post("/ssda903/returns", "local-authority-886", "application/zip",
                sampleReturnZip(), token);
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(202);
        return ApiClient.json(uploaded).path("batchId").asText();
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /**
     * What the issue allows: the matrix's expectation for one cell, independent of ApiAuthorisation's code.
     * Without roles (the certificate-only development mode) the organisation conditions stand and the role
     * conditions are dropped.
     */
    private static Expect expect(Endpoint endpoint, Who who, String mailbox, boolean roles) {
        String path = endpoint.path();
        boolean oversightOnly = who.role().equals(AUDITOR) || who.role().equals(DPO);
        boolean allowed = switch (endpoint.method() + " " + path) {
            case "POST /api/v1/placements" -> who.organisation().equals(KENT)
                    && (!roles || Set.of(SYSTEM, SOCIAL_WORKER, EDT_SOCIAL_WORKER).contains(who.role()));
            case "POST /api/v1/exclusions" -> who.organisation().equals(SCHOOL) && (!roles || who.role().equals(SYSTEM));
            case "POST /api/v1/ssda903/returns" -> Organisation.parseId(who.organisation()).type()
                    == OrganisationType.LOCAL_AUTHORITY && !who.emergencyDutyTeam()
                    && (!roles || who.role().equals(SYSTEM));
            case "GET /api/v1/ssda903/returns/{batchId}" -> (who.organisation().equals(KENT) && !who.emergencyDutyTeam()
                    && (!roles || who.role().equals(SYSTEM))) || (roles && who.role().equals(AUDITOR));
            // names children by the council's ids and dates: the council's own system only, never an auditor
            case "GET /api/v1/ssda903/returns/{batchId}/missing-reconciliation" -> who.organisation().equals(KENT)
                    && !who.emergencyDutyTeam() && (!roles || who.role().equals(SYSTEM));
            case "POST /api/v1/missing-episodes", "GET /api/v1/missing-episodes/held" -> {
                OrganisationType type = Organisation.parseId(who.organisation()).type();
                yield (type == OrganisationType.POLICE_FORCE && (!roles || who.role().equals(SYSTEM)))
                        || (type == OrganisationType.LOCAL_AUTHORITY
                        && (!roles || Set.of(SYSTEM, SOCIAL_WORKER, EDT_SOCIAL_WORKER).contains(who.role())));
            }
            case "GET " + MAILBOXES, "POST " + MAILBOXES + "/{messageId}/ack" -> who.organisation().equals(mailbox);
            // notice content: not for a caller who only oversees, nor for the gateway's operator
            case "GET " + MAILBOXES + "/{messageId}" -> who.organisation().equals(mailbox)
                    && !(roles && (oversightOnly || who.role().equals(OPERATOR)));
            // the dead-letter queue online: the operator role only, never without token roles
            case "GET /api/v1/dead-letters", "POST /api/v1/dead-letters/{messageId}/replay" ->
                    roles && who.role().equals(OPERATOR);
            // any partner gets through; the endpoint answers only the exchange's sender (others 404)
            case "GET /api/v1/exchanges/{exchangeId}/deliveries" -> true;
            // an authority's return interview tasks: its systems and social workers, not its EDT (the endpoint then
            // answers only the tasks the caller holds or is responsible for)
            case "GET /api/v1/return-interviews", "POST /api/v1/return-interviews/{taskId}/assignment",
                    "POST /api/v1/return-interview-outcomes" -> Organisation.parseId(who.organisation()).type()
                    == OrganisationType.LOCAL_AUTHORITY && !who.emergencyDutyTeam()
                    && (!roles || Set.of(SYSTEM, SOCIAL_WORKER).contains(who.role()));
            // Kent's own timeliness: its systems and people (not its EDT); any organisation's auditor
            case "GET /api/v1/placements/timeliness" -> (who.organisation().equals(KENT) && !who.emergencyDutyTeam()
                    && (!roles || Set.of(SYSTEM, SOCIAL_WORKER, DPO, AUDITOR).contains(who.role())))
                    || (roles && who.role().equals(AUDITOR));
            // custody handovers: a force (system or custody officer) requests and closes; an authority (its EDT
            // included: system, social worker or EDT social worker) acknowledges and answers; both list their own
            case "POST /api/v1/custody-handovers", "POST /api/v1/custody-handovers/{handoverId}/closure" ->
                    custodyForce(who, roles);
            case "POST /api/v1/custody-handovers/{handoverId}/acknowledgement",
                    "POST /api/v1/custody-handovers/{handoverId}/answer" -> custodyAuthority(who, roles);
            case "GET /api/v1/custody-handovers" -> custodyForce(who, roles) || custodyAuthority(who, roles);
            // the locator: forces (system, custody officer), councils and their EDTs (system, social workers), health
            // teams (system, LAC nurse) ask; never a school nor a caller who only oversees
            case "POST /api/v1/locator/queries" -> switch (Organisation.parseId(who.organisation()).type()) {
                case POLICE_FORCE -> !roles || Set.of(SYSTEM, "custody-officer").contains(who.role());
                case LOCAL_AUTHORITY -> !roles || Set.of(SYSTEM, SOCIAL_WORKER, EDT_SOCIAL_WORKER)
                        .contains(who.role());
                case HEALTH_TEAM -> !roles || Set.of(SYSTEM, "lac-nurse").contains(who.role());
                case SCHOOL -> false;
            };
            // a council's own entries: its systems and social workers, not its EDT
            case "POST /api/v1/locator/entries", "POST /api/v1/locator/entries/{reference}/withdrawal" ->
                    Organisation.parseId(who.organisation()).type() == OrganisationType.LOCAL_AUTHORITY
                    && !who.emergencyDutyTeam() && (!roles || Set.of(SYSTEM, SOCIAL_WORKER).contains(who.role()));
            // the Concordat figures: a force's or authority's own (the endpoint answers only those), the auditor any
            case "GET /api/v1/custody-handovers/report" -> {
                OrganisationType type = Organisation.parseId(who.organisation()).type();
                yield type == OrganisationType.POLICE_FORCE || type == OrganisationType.LOCAL_AUTHORITY
                        || (roles && who.role().equals(AUDITOR));
            }
            case "GET /api/v1/audit/entries" -> !roles || who.role().equals(AUDITOR);
            case "GET /api/v1/decisions" -> !roles || oversightOnly;
            default -> true; // the public face of the log, the schemas and the OpenAPI document
        };
        return allowed ? Expect.ALLOW : Expect.DENY;
    }

    private static boolean custodyForce(Who who, boolean roles) {
        return Organisation.parseId(who.organisation()).type() == OrganisationType.POLICE_FORCE
                && (!roles || Set.of(SYSTEM, "custody-officer").contains(who.role()));
    }

    private static boolean custodyAuthority(Who who, boolean roles) {
        return Organisation.parseId(who.organisation()).type() == OrganisationType.LOCAL_AUTHORITY
                && (!roles || Set.of(SYSTEM, SOCIAL_WORKER, EDT_SOCIAL_WORKER).contains(who.role()));
    }

    @Test
    void theTableRulesExactlyTheEndpointsTheGatewayServes() {
        Set<Endpoint> served = new LinkedHashSet<>();
        for (Route route : fixture.gateway().camel().getRoutes()) {
            if (route.getEndpoint() instanceof RestEndpoint rest) {
                served.add(new Endpoint(rest.getMethod(), rest.getPath() + "/" + rest.getUriTemplate()));
            }
        }
        assertThat(served).as("every REST endpoint has a rule in ApiAuthorisation, and no rule is stale")
                .containsExactlyInAnyOrderElementsOf(ApiAuthorisation.rules().keySet());
        assertThat(calls("-", "-").keySet()).as("every endpoint has its row in this matrix")
                .containsExactlyInAnyOrderElementsOf(ApiAuthorisation.rules().keySet());
    }

    @Test
    void everyEndpointForEveryDemoSystemAndPerson() {
        List<Who> callers = callers();
        assertThat(callers).hasSize(DevelopmentPki.DEMO_CLIENTS.size() + PEOPLE.size());
        assertThat(walk(api, exchangeId, batchId, callers, true)).isEqualTo(41 * 16 + 3 * 16 * 6);
    }

    /** The development mode: certificates only, no roles; every demo system (the token it sends is ignored). */
    @Test
    void everyEndpointForEveryDemoCertificateWithoutTokens(@TempDir Path other) {
        List<Who> systems = callers().stream().filter(w -> w.username().isEmpty()).toList();
        try (GatewayFixture certificateOnly = TlsGatewayFixture.startWithHttpCertificateOnly(other)) {
            ApiClient client = new ApiClient(certificateOnly.apiBase());
            HttpResponse<String> submitted = client.postJson("/placements", KENT, SampleSubmissions.kentPlacement("matrix/setup"),
                    Optional.empty());
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
            String exchange = ApiClient.json(submitted).path("exchangeId").asText();
            String batch = kentReturn(client, Optional.empty());
            assertThat(walk(client, exchange, batch, systems, false)).isEqualTo(41 * 8 + 3 * 8 * 6);
        }
    }

    /** Calls every cell, prints the matrix, fails with every cell that disagrees; returns the number of cells. */
    private static int walk(ApiClient api, String exchangeId, String batchId, List<Who> callers, boolean roles) {
        List<String> wrong = new ArrayList<>();
        StringBuilder matrix = new StringBuilder("\nendpoint | caller | mailbox | expected | status"
                + (roles ? "" : " (no roles)") + "\n");
        int cells = 0;
        for (Map.Entry<Endpoint, Call> row : calls(exchangeId, batchId).entrySet()) {
            Endpoint endpoint = row.getKey();
            boolean perMailbox = endpoint.path().startsWith("/api/v1/mailboxes/");
            for (Who who : callers) {
                for (String mailbox : perMailbox ? mailboxes() : List.of("-")) {
                    Expect expected = expect(endpoint, who, mailbox, roles);
                    int status = row.getValue().call(api, who, mailbox).statusCode();
                    boolean ok = expected == Expect.DENY ? status == 403 : status != 401 && status != 403 && status < 500;
                    matrix.append(endpoint).append(" | ").append(who).append(" | ").append(mailbox)
                            .append(" | ").append(expected).append(" | ").append(status).append('\n');
                    if (!ok) {
                        wrong.add(endpoint + " as " + who + (perMailbox ? " on " + mailbox : "") + ": expected "
                                + expected + ", got " + status);
                    }
                    cells++;
                }
            }
        }
        System.out.println(matrix);
        assertThat(wrong).as("cells that disagree").isEmpty();
        return cells;
    }

    /** Every demo system as itself (service account), then every person through their system. */
    private static List<Who> callers() {
        List<Who> callers = new ArrayList<>();
        for (DemoClient client : DevelopmentPki.DEMO_CLIENTS) {
            callers.add(new Who(client, Optional.empty(), SYSTEM));
        }
        for (Person person : PEOPLE) {
            DemoClient client = DevelopmentPki.DEMO_CLIENTS.stream().filter(c -> c.name().equals(person.client()))
                    .findFirst().orElseThrow();
            callers.add(new Who(client, Optional.of(person.username()), person.role()));
        }
        return callers;
    }

    /** How to call each endpoint; a new endpoint fails {@link #theTableRulesExactlyTheEndpointsTheGatewayServes}. */
    private static Map<Endpoint, Call> calls(String exchangeId, String batchId) {
        Map<Endpoint, Call> calls = new LinkedHashMap<>();
        calls.put(Endpoint.post("/api/v1/placements"), (a, w, m) -> a.postJson("/placements", w.client().name(),
                SampleSubmissions.kentPlacement("matrix/" + w.client().name() + "/" + w.username().orElse("system")), w.token()));
        calls.put(Endpoint.get("/api/v1/schemas/placement-notice.schema.json"),
                get("/schemas/placement-notice.schema.json"));
        calls.put(Endpoint.get("/api/v1/placements/timeliness"),
                get("/placements/timeliness?placingAuthority=886&from=2025-04-01&to=2026-03-31"));
        calls.put(Endpoint.post("/api/v1/ssda903/returns"), (a, w, m) -> a.post("/ssda903/returns",
                w.client().name(), "application/zip", "not a zip".getBytes(StandardCharsets.US_ASCII), w.token()));
        calls.put(Endpoint.get("/api/v1/ssda903/returns/{batchId}"), get("/ssda903/returns/" + batchId));
        calls.put(Endpoint.get("/api/v1/ssda903/returns/{batchId}/missing-reconciliation"),
                get("/ssda903/returns/" + batchId + "/missing-reconciliation"));
        calls.put(Endpoint.post("/api/v1/exclusions"), (a, w, m) -> a.postJson("/exclusions", w.client().name(),
                SampleSubmissions.schoolExclusion(), w.token()));
        calls.put(Endpoint.get("/api/v1/schemas/exclusion-notice.schema.json"),
                get("/schemas/exclusion-notice.schema.json"));
        // an empty query or entry: a caller let through is answered 400, one refused 403; an entry never registered 404
        calls.put(Endpoint.post("/api/v1/locator/queries"), (a, w, m) -> a.postJson("/locator/queries",
                w.client().name(), "{}", w.token()));
        calls.put(Endpoint.post("/api/v1/locator/entries"), (a, w, m) -> a.postJson("/locator/entries",
                w.client().name(), "{}", w.token()));
        calls.put(Endpoint.post("/api/v1/locator/entries/{reference}/withdrawal"), (a, w, m) -> a.postJson(
                "/locator/entries/MATRIX-never-registered/withdrawal", w.client().name(), "{}", w.token()));
        calls.put(Endpoint.get("/api/v1/custody-handovers/report"),
                get("/custody-handovers/report?from=2026-12-01&to=2027-01-01"));
        calls.put(Endpoint.get("/api/v1/return-interviews"), get("/return-interviews"));
        calls.put(Endpoint.post("/api/v1/return-interviews/{taskId}/assignment"), (a, w, m) -> a.postJson(
                "/return-interviews/RHI-matrix/assignment", w.client().name(), "{\"to\": \"local-authority:352\"}",
                w.token()));
        calls.put(Endpoint.post("/api/v1/return-interview-outcomes"), (a, w, m) -> a.postJson(
                "/return-interview-outcomes", w.client().name(), "{}", w.token()));
        calls.put(Endpoint.get("/api/v1/schemas/return-interview-outcome.schema.json"),
                get("/schemas/return-interview-outcome.schema.json"));
        // an empty notice: a caller let through is answered 400, one refused 403
        calls.put(Endpoint.post("/api/v1/missing-episodes"), (a, w, m) -> a.postJson("/missing-episodes",
                w.client().name(), "{}", w.token()));
        calls.put(Endpoint.get("/api/v1/missing-episodes/held"), get("/missing-episodes/held"));
        calls.put(Endpoint.get("/api/v1/schemas/missing-episode.schema.json"),
                get("/schemas/missing-episode.schema.json"));
        calls.put(Endpoint.get("/api/v1/schemas/missing-episode-export.csv-metadata.json"),
                get("/schemas/missing-episode-export.csv-metadata.json"));
        // an empty body, and an unknown handover: a caller let through is answered 400 or 404, one refused 403
        calls.put(Endpoint.post("/api/v1/custody-handovers"), (a, w, m) -> a.postJson("/custody-handovers",
                w.client().name(), "{}", w.token()));
        for (String step : List.of("acknowledgement", "answer", "closure")) {
            calls.put(Endpoint.post("/api/v1/custody-handovers/{handoverId}/" + step), (a, w, m) -> a.postJson(
                    "/custody-handovers/CH-matrix/" + step, w.client().name(), "{}", w.token()));
        }
        calls.put(Endpoint.get("/api/v1/custody-handovers"), get("/custody-handovers"));
        calls.put(Endpoint.get("/api/v1/schemas/custody-handover-request.schema.json"),
                get("/schemas/custody-handover-request.schema.json"));
        calls.put(Endpoint.get(MAILBOXES), (a, w, m) -> a.get("/mailboxes/" + m + "/messages", w.client().name(),
                w.token()));
        calls.put(Endpoint.get(MAILBOXES + "/{messageId}"), (a, w, m) -> a.get("/mailboxes/" + m + "/messages/"
                + UUID.randomUUID(), w.client().name(), w.token()));
        calls.put(Endpoint.post(MAILBOXES + "/{messageId}/ack"), (a, w, m) -> a.post("/mailboxes/" + m
                + "/messages/" + UUID.randomUUID() + "/ack", w.client().name(), null, new byte[0], w.token()));
        calls.put(Endpoint.get("/api/v1/audit/checkpoint"), get("/audit/checkpoint"));
        calls.put(Endpoint.get("/api/v1/audit/tree-head"), get("/audit/tree-head"));
        calls.put(Endpoint.get("/api/v1/audit/certificate"), get("/audit/certificate"));
        calls.put(Endpoint.get("/api/v1/audit/proof/inclusion"), get("/audit/proof/inclusion?index=0"));
        calls.put(Endpoint.get("/api/v1/audit/proof/consistency"), get("/audit/proof/consistency?first=1"));
        calls.put(Endpoint.post("/api/v1/audit/cosignatures"), (a, w, m) -> a.postJson("/audit/cosignatures",
                w.client().name(), "{}", w.token()));
        calls.put(Endpoint.get("/api/v1/audit/entries"), get("/audit/entries?start=0&end=1"));
        calls.put(Endpoint.get("/api/v1/exchanges/{exchangeId}/receipts"),
                (a, w, m) -> a.get("/exchanges/" + exchangeId + "/receipts", w.client().name(), w.token()));
        calls.put(Endpoint.get("/api/v1/exchanges/{exchangeId}/deliveries"),
                (a, w, m) -> a.get("/exchanges/" + exchangeId + "/deliveries", w.client().name(), w.token()));
        calls.put(Endpoint.get("/api/v1/dead-letters"), get("/dead-letters"));
        // a message not in the queue: the operator is answered 404, anyone else 403
        calls.put(Endpoint.post("/api/v1/dead-letters/{messageId}/replay"), (a, w, m) -> a.postJson("/dead-letters/"
                + UUID.randomUUID() + "/replay", w.client().name(), "{}", w.token()));
        calls.put(Endpoint.get("/api/v1/decisions"),
                (a, w, m) -> a.get("/decisions?exchangeId=" + exchangeId, w.client().name(), w.token()));
        calls.put(Endpoint.get("/api/v1/openapi.yaml"), get("/openapi.yaml"));
        calls.put(Endpoint.get("/api/v1/openapi.json"), get("/openapi.json"));
        calls.put(Endpoint.get("/api/v1/schemas/received/{schema}"),
                get("/schemas/received/placement-notification.schema.json"));
        return calls;
    }

    /** Kent's sample return (samples/ssda903/kent-2025) as the ZIP a council's system uploads. */
    private static byte[] sampleReturnZip() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            for (String name : List.of("header.csv", "episodes.csv")) {
                zip.putNextEntry(new java.util.zip.ZipEntry(name));
                zip.write(Files.readAllBytes(GatewayFixture.samples().resolve("ssda903").resolve("kent-2025")
                        .resolve(name)));
                zip.closeEntry();
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Call get(String path) {
        return (a, w, m) -> a.get(path, w.client().name(), w.token());
    }

    /** The demo organisations' mailboxes (the emergency duty teams have none of their own). */
    private static List<String> mailboxes() {
        return DevelopmentPki.DEMO_CLIENTS.stream().map(DemoClient::organisationId).distinct().toList();
    }

}
