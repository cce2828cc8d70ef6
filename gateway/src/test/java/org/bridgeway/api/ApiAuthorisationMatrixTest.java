package org.bridgeway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.Route;
import org.apache.camel.component.rest.RestEndpoint;
import org.bridgeway.api.ApiAuthorisation.Endpoint;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.OrganisationType;
import org.bridgeway.pki.DevelopmentPki;
import org.bridgeway.pki.DevelopmentPki.DemoClient;
import org.bridgeway.testing.GatewayFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every endpoint × every demo organisation's certificate (the emergency duty teams included) × for mailboxes every
 * demo organisation's mailbox: allowed or denied, over mutual TLS against a running gateway. The expectations
 * are written here from the words, not derived from {@link ApiAuthorisation}'s table:
 *
 * <ul>
 *   <li>a sender submits only for its own organisation: the sample placement is Kent's (local-authority:886), so
 *       only Kent's certificates may submit it; Kent's emergency duty team speaks for Kent and may;</li>
 *   <li>an SSDA903 return is uploaded by a local authority's own systems, not by its emergency duty team;</li>
 *   <li>a recipient lists, reads and acknowledges only its own mailbox (an emergency duty team its authority's);</li>
 *   <li>the log's public face (checkpoint, tree head, certificate, proofs, cosignatures, receipts filtered to the
 *       caller) is open to every partner.</li>
 * </ul>
 *
 * <p>Cells that wait for token roles (the Keycloak token check is not composed in yet), listed so nobody mistakes
 * them for decided: {@code GET /api/v1/audit/entries} for every certificate is allowed today and becomes
 * auditor-only; {@code GET /api/v1/mailboxes/{organisation}/messages/{messageId}} becomes denied to a caller whose
 * only roles are auditor or data-protection-officer. Those role rules are tested on the policy alone in
 * {@link ApiAuthorisationTest}.
 */
class ApiAuthorisationMatrixTest {
    private static final String KENT = "local-authority:886";
    private static final String SCHOOL = "school:118000";
    private static final String MAILBOXES = "/api/v1/mailboxes/{organisation}/messages";

    private enum Expect { ALLOW, DENY }

    /** How to call one endpoint as one client (for mailboxes: on one organisation's mailbox), and what to expect. */
    private interface Row {
        HttpResponse<String> call(ApiClient api, DemoClient client, String mailbox);

        Expect expect(DemoClient client, String mailbox);

        default boolean perMailbox() {
            return false;
        }
    }

    @TempDir
    static Path data;
    private static GatewayFixture fixture;
    private static ApiClient api;
    private static String exchangeId;

    @BeforeAll
    static void start() throws Exception {
        fixture = GatewayFixture.startWithHttp(data);
        api = new ApiClient(fixture.apiBase());
        HttpResponse<String> submitted = api.postJson("/placements", KENT, kentPlacement("matrix/setup"));
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        exchangeId = ApiClient.json(submitted).path("exchangeId").asText();
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
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
        assertThat(rows().keySet()).as("every endpoint has its row in this matrix")
                .containsExactlyInAnyOrderElementsOf(ApiAuthorisation.rules().keySet());
    }

    @Test
    void everyEndpointForEveryDemoCertificate() {
        List<String> wrong = new ArrayList<>();
        StringBuilder matrix = new StringBuilder("\nendpoint | client | mailbox | expected | status\n");
        int cells = 0;
        for (Map.Entry<Endpoint, Row> entry : rows().entrySet()) {
            Row row = entry.getValue();
            for (DemoClient client : DevelopmentPki.DEMO_CLIENTS) {
                for (String mailbox : row.perMailbox() ? mailboxes() : List.of("-")) {
                    Expect expected = row.expect(client, mailbox);
                    int status = row.call(api, client, mailbox).statusCode();
                    boolean ok = expected == Expect.DENY ? status == 403 : status != 401 && status != 403 && status < 500;
                    matrix.append(entry.getKey()).append(" | ").append(client.name()).append(" | ").append(mailbox)
                            .append(" | ").append(expected).append(" | ").append(status).append('\n');
                    if (!ok) {
                        wrong.add(entry.getKey() + " as " + client.name() + (row.perMailbox() ? " on " + mailbox : "")
                                + ": expected " + expected + ", got " + status);
                    }
                    cells++;
                }
            }
        }
        System.out.println(matrix);
        assertThat(wrong).as("cells that disagree").isEmpty();
        assertThat(cells).isEqualTo(13 * 8 + 3 * 8 * 6);
    }

    /** The rows, one per endpoint; a new endpoint fails {@link #theTableRulesExactlyTheEndpointsTheGatewayServes} until it has one. */
    private static Map<Endpoint, Row> rows() {
        Map<Endpoint, Row> rows = new LinkedHashMap<>();
        rows.put(Endpoint.post("/api/v1/placements"), row(
                (a, c, m) -> a.postJson("/placements", c.name(), kentPlacement("matrix/" + c.name())),
                (c, m) -> c.organisationId().equals(KENT) ? Expect.ALLOW : Expect.DENY));
        rows.put(Endpoint.get("/api/v1/schemas/placement-notice.schema.json"), anyPartner(
                (a, c, m) -> a.get("/schemas/placement-notice.schema.json", c.name())));
        rows.put(Endpoint.post("/api/v1/ssda903/returns"), row(
                (a, c, m) -> a.post("/ssda903/returns", c.name(), "application/zip",
                        "not a zip".getBytes(StandardCharsets.US_ASCII)),
                (c, m) -> Organisation.parseId(c.organisationId()).type() == OrganisationType.LOCAL_AUTHORITY
                        && !c.unit().equals(DevelopmentPki.EMERGENCY_DUTY_TEAM) ? Expect.ALLOW : Expect.DENY));
        rows.put(Endpoint.post("/api/v1/exclusions"), row(
                (a, c, m) -> a.postJson("/exclusions", c.name(), schoolExclusion()),
                (c, m) -> c.organisationId().equals(SCHOOL) ? Expect.ALLOW : Expect.DENY));
        rows.put(Endpoint.get("/api/v1/schemas/exclusion-notice.schema.json"), anyPartner(
                (a, c, m) -> a.get("/schemas/exclusion-notice.schema.json", c.name())));
        rows.put(Endpoint.get(MAILBOXES), ownMailbox((a, c, m) -> a.get("/mailboxes/" + m + "/messages", c.name())));
        rows.put(Endpoint.get(MAILBOXES + "/{messageId}"), ownMailbox(
                (a, c, m) -> a.get("/mailboxes/" + m + "/messages/" + UUID.randomUUID(), c.name())));
        rows.put(Endpoint.post(MAILBOXES + "/{messageId}/ack"), ownMailbox(
                (a, c, m) -> a.post("/mailboxes/" + m + "/messages/" + UUID.randomUUID() + "/ack", c.name(), null,
                        new byte[0])));
        rows.put(Endpoint.get("/api/v1/audit/checkpoint"), anyPartner((a, c, m) -> a.get("/audit/checkpoint", c.name())));
        rows.put(Endpoint.get("/api/v1/audit/tree-head"), anyPartner((a, c, m) -> a.get("/audit/tree-head", c.name())));
        rows.put(Endpoint.get("/api/v1/audit/certificate"), anyPartner(
                (a, c, m) -> a.get("/audit/certificate", c.name())));
        rows.put(Endpoint.get("/api/v1/audit/proof/inclusion"), anyPartner(
                (a, c, m) -> a.get("/audit/proof/inclusion?index=0", c.name())));
        rows.put(Endpoint.get("/api/v1/audit/proof/consistency"), anyPartner(
                (a, c, m) -> a.get("/audit/proof/consistency?first=1", c.name())));
        rows.put(Endpoint.post("/api/v1/audit/cosignatures"), anyPartner(
                (a, c, m) -> a.postJson("/audit/cosignatures", c.name(), "{}")));
        // WAITS FOR ROLES: auditor only once tokens carry roles; every partner until then.
        rows.put(Endpoint.get("/api/v1/audit/entries"), anyPartner(
                (a, c, m) -> a.get("/audit/entries?start=0&end=1", c.name())));
        rows.put(Endpoint.get("/api/v1/exchanges/{exchangeId}/receipts"), anyPartner(
                (a, c, m) -> a.get("/exchanges/" + exchangeId + "/receipts", c.name())));
        return rows;
    }

    /** The sample suspension, sent by the demo school. */
    private static String schoolExclusion() {
        try {
            return java.nio.file.Files.readString(GatewayFixture.samples().resolve("exclusions").resolve("03-suspension.json"))
                    .replace("\"113456\"", "\"118000\"");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @FunctionalInterface
    private interface Call {
        HttpResponse<String> call(ApiClient api, DemoClient client, String mailbox);
    }

    @FunctionalInterface
    private interface Expectation {
        Expect expect(DemoClient client, String mailbox);
    }

    private static Row row(Call call, Expectation expectation) {
        return new Row() {
            @Override
            public HttpResponse<String> call(ApiClient api, DemoClient client, String mailbox) {
                return call.call(api, client, mailbox);
            }

            @Override
            public Expect expect(DemoClient client, String mailbox) {
                return expectation.expect(client, mailbox);
            }
        };
    }

    private static Row anyPartner(Call call) {
        return row(call, (c, m) -> Expect.ALLOW);
    }

    private static Row ownMailbox(Call call) {
        return new Row() {
            @Override
            public HttpResponse<String> call(ApiClient api, DemoClient client, String mailbox) {
                return call.call(api, client, mailbox);
            }

            @Override
            public Expect expect(DemoClient client, String mailbox) {
                return client.organisationId().equals(mailbox) ? Expect.ALLOW : Expect.DENY;
            }

            @Override
            public boolean perMailbox() {
                return true;
            }
        };
    }

    /** The demo organisations' mailboxes (the emergency duty teams have none of their own). */
    private static List<String> mailboxes() {
        return DevelopmentPki.DEMO_CLIENTS.stream().map(DemoClient::organisationId).distinct().toList();
    }

    /** The sample placement, Kent's, with its own source reference so each is a new notice. */
    private static String kentPlacement(String sourceReference) {
        try {
            ObjectNode doc = (ObjectNode) ApiClient.JSON.readTree(Files.readString(GatewayFixture.samples()
                    .resolve("placements").resolve("01-emergency-placement-manchester.json"), StandardCharsets.UTF_8));
            doc.put("sourceReference", sourceReference);
            return ApiClient.JSON.writeValueAsString(doc);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
