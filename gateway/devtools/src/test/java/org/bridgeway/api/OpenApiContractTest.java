package org.bridgeway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.Route;
import org.apache.camel.component.rest.RestEndpoint;
import org.bridgeway.api.ApiAuthorisation.Endpoint;
import org.bridgeway.intake.PlacementJsonIntake;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.TlsGatewayFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document and the gateway agree: the document is valid OpenAPI 3.1; it describes exactly the
 * endpoints a running gateway serves (path and method, both ways) with the authorisation rule {@link
 * ApiAuthorisation} applies; every schema it references is served; and real answers of a running gateway (a
 * placement's 202, a 400 problem, a mailbox listing and message, the audit tree head, a 404 problem) are described
 * by the document's status codes and validate against its response schemas. A gateway over mutual TLS in the
 * certificate-only mode (no Keycloak: the document's contract does not depend on tokens).
 */
class OpenApiContractTest {
    private static final String KENT = "local-authority:886";
    private static final String GMP = "police:greater-manchester";
    /** Where the document is served; its relative references resolve against this. */
    private static final String DOCUMENT_PATH = "/api/v1/openapi.yaml";
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    @TempDir
    static Path data;
    private static GatewayFixture fixture;
    private static ApiClient api;
    private static JsonNode document;
    private static String documentText;

    @BeforeAll
    static void start() throws Exception {
        fixture = TlsGatewayFixture.startWithHttpCertificateOnly(data);
        api = new ApiClient(fixture.apiBase());
        HttpResponse<String> served = get("/openapi.yaml", KENT);
        assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
        documentText = served.body();
        document = new YAMLMapper().readTree(documentText);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void theServedDocumentIsTheOneFileAsWrittenAndItsJsonTheSameDocument() throws Exception {
        assertThat(documentText.getBytes(StandardCharsets.UTF_8))
                .isEqualTo(PlacementJsonIntake.resource(OpenApiDocument.DOCUMENT));
        HttpResponse<String> json = get("/openapi.json", GMP);
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(ApiClient.contentType(json)).startsWith("application/json");
        assertThat(ApiClient.json(json)).isEqualTo(document);
    }

    @Test
    void theDocumentIsValidOpenApi31() {
        ParseOptions options = new ParseOptions();
        options.setResolve(false); // its external references are checked against the gateway below
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(documentText, null, options);
        assertThat(result.getMessages()).as("the parser's complaints").isEmpty();
        OpenAPI openApi = result.getOpenAPI();
        assertThat(openApi.getSpecVersion()).isEqualTo(io.swagger.v3.oas.models.SpecVersion.V31);
        assertThat(openApi.getOpenapi()).isEqualTo("3.1.0");
        assertThat(openApi.getComponents().getSecuritySchemes()).containsOnlyKeys("mutualTLS", "bearer");
        assertThat(openApi.getComponents().getSecuritySchemes().get("mutualTLS").getType())
                .hasToString("mutualTLS");
        assertThat(openApi.getComponents().getSchemas()).containsKey("Problem");
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            String where = method + " " + path;
            assertThat(operation.getSecurity()).as(where + " names its security").isNotEmpty();
            assertThat(operation.getOperationId()).as(where + " has an operation id").isNotBlank();
            operation.getResponses().forEach((status, response) -> {
                if (response.get$ref() == null && response.getContent() != null) {
                    response.getContent().forEach((type, media) -> assertThat(media.getExample())
                            .as(where + " " + status + " " + type + " has an example").isNotNull());
                }
            });
            if (operation.getRequestBody() != null) {
                // a binary body (a ZIP) has no inline example: its contents are documented with the exchange
                operation.getRequestBody().getContent().entrySet().stream()
                        .filter(e -> !"binary".equals(e.getValue().getSchema().getContentEncoding()))
                        .forEach(e -> assertThat(e.getValue().getExample())
                                .as(where + " request " + e.getKey() + " has an example").isNotNull());
            }
        }));
    }

    @Test
    void theDocumentDescribesExactlyTheEndpointsTheGatewayServesWithTheirAuthorisationRules() {
        Set<Endpoint> served = new LinkedHashSet<>();
        for (Route route : fixture.gateway().camel().getRoutes()) {
            if (route.getEndpoint() instanceof RestEndpoint rest) {
                served.add(new Endpoint(rest.getMethod(), rest.getPath() + "/"
                        + (rest.getUriTemplate() == null ? "" : rest.getUriTemplate())));
            }
        }
        Map<Endpoint, String> described = new LinkedHashMap<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (METHODS.contains(op.getKey())) {
                described.put(new Endpoint(op.getKey(), path.getKey()),
                        op.getValue().path("x-bridgeway-authorisation").asText());
            }
        }));
        assertThat(described.keySet()).as("every endpoint served is described, and every one described is served")
                .containsExactlyInAnyOrderElementsOf(served);
        assertThat(served).as("the authorisation table rules the same endpoints")
                .containsExactlyInAnyOrderElementsOf(ApiAuthorisation.rules().keySet());
        Map<Endpoint, String> rules = new LinkedHashMap<>();
        ApiAuthorisation.rules().forEach((endpoint, rule) -> rules.put(endpoint, rule.name()));
        assertThat(described).as("each operation names the rule ApiAuthorisation applies")
                .containsExactlyInAnyOrderEntriesOf(rules);
    }

    @Test
    void everySchemaTheDocumentReferencesIsServedThere() {
        Set<String> external = new LinkedHashSet<>();
        collectReferences(document, external);
        assertThat(external).isNotEmpty();
        URI base = URI.create("https://gateway" + DOCUMENT_PATH);
        for (String ref : external) {
            String path = base.resolve(ref).getPath();
            assertThat(path).startsWith("/api/v1/schemas/");
            HttpResponse<String> schema = get(path.substring("/api/v1".length()), GMP);
            assertThat(schema.statusCode()).as(ref + " is served at " + path).isEqualTo(200);
            assertThat(ApiClient.json(schema).path("$schema").asText()).as(ref)
                    .isEqualTo("https://json-schema.org/draft/2020-12/schema");
            assertThat(schema.body().getBytes(StandardCharsets.UTF_8)).as("served as shipped: " + ref)
                    .isEqualTo(PlacementJsonIntake.resource(path.substring("/api/v1".length())));
        }
        assertThat(get("/schemas/received/placement-notice.schema.json", GMP).statusCode()).isEqualTo(404);
    }

    @Test
    void realAnswersMatchTheDocument() throws Exception {
        String placement = Files.readString(GatewayFixture.samples().resolve("placements")
                .resolve("01-emergency-placement-manchester.json"), StandardCharsets.UTF_8);
        HttpResponse<String> accepted = api.postJson("/placements", KENT, placement, Optional.empty());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertDescribed("post", "/api/v1/placements", accepted);

        String invalid = Files.readString(GatewayFixture.samples().resolve("placements")
                .resolve("02-invalid-notice.json"), StandardCharsets.UTF_8);
        HttpResponse<String> refused = api.postJson("/placements", KENT, invalid, Optional.empty());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(ApiClient.json(refused).path("violations")).isNotEmpty();
        assertDescribed("post", "/api/v1/placements", refused);

        String mailbox = "/mailboxes/" + GMP + "/messages";
        HttpResponse<String> listing = get(mailbox, GMP);
        assertThat(listing.statusCode()).as(listing.body()).isEqualTo(200);
        assertThat(ApiClient.json(listing).path("messages")).hasSize(1);
        assertDescribed("get", "/api/v1/mailboxes/{organisation}/messages", listing);

        String messageId = ApiClient.json(listing).path("messages").get(0).path("messageId").asText();
        HttpResponse<String> message = get(mailbox + "/" + messageId, GMP);
        assertThat(message.statusCode()).as(message.body()).isEqualTo(200);
        assertDescribed("get", "/api/v1/mailboxes/{organisation}/messages/{messageId}", message);
        // the received schemas the document references are really applied: a field no catalogue has is refused
        ObjectNode tampered = (ObjectNode) ApiClient.json(message);
        ((ObjectNode) tampered.path("notice")).put("favouriteColour", "blue");
        assertThat(schemaAt("/paths/" + escape("/api/v1/mailboxes/{organisation}/messages/{messageId}")
                + "/get/responses/200/content/application~1json/schema").validate(tampered)).isNotEmpty();

        HttpResponse<String> missing = get(mailbox + "/00000000-0000-4000-8000-000000000000", GMP);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertDescribed("get", "/api/v1/mailboxes/{organisation}/messages/{messageId}", missing);

        HttpResponse<String> head = get("/audit/tree-head", GMP);
        assertThat(head.statusCode()).as(head.body()).isEqualTo(200);
        assertThat(ApiClient.json(head).path("treeSize").asLong()).isPositive();
        assertDescribed("get", "/api/v1/audit/tree-head", head);
        assertThat(schemaAt("/components/schemas/TreeHead").validate(ApiClient.JSON.readTree("{\"treeSize\": -1}")))
                .as("the schemas check what they describe").isNotEmpty();
    }

    /** Every example in the document, of a request or an answer, is valid against the schema beside it. */
    @Test
    void everyExampleIsValidAgainstItsSchema() {
        List<String> invalid = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (METHODS.contains(op.getKey())) {
                String operation = "/paths/" + escape(path.getKey()) + "/" + op.getKey();
                checkExamples(operation + "/requestBody", invalid);
                op.getValue().path("responses").fieldNames().forEachRemaining(status ->
                        checkExamples(operation + "/responses/" + status, invalid));
            }
        }));
        document.path("components").path("responses").fieldNames().forEachRemaining(name ->
                checkExamples("/components/responses/" + name, invalid));
        assertThat(invalid).as("examples their schema refuses").isEmpty();
    }

    private static void checkExamples(String pointer, List<String> invalid) {
        JsonNode at = document.at(pointer);
        if (at.has("$ref")) {
            return; // the component it refers to is checked on its own
        }
        at.path("content").fields().forEachRemaining(media -> {
            if (media.getKey().endsWith("json") && media.getValue().has("example")) {
                Set<ValidationMessage> errors = schemaAt(pointer + "/content/" + escape(media.getKey()) + "/schema")
                        .validate(media.getValue().get("example"));
                if (!errors.isEmpty()) {
                    invalid.add(pointer + " " + media.getKey() + ": " + errors);
                }
            }
        });
    }

    /**
     * A walk over every endpoint, each called as a caller it admits, with a sound or a broken request (for most, an
     * empty body or an unknown id) and one it refuses: every answer is described by its status and media type, and
     * its body validates against the document's schema.
     */
    @Test
    void everyAnswerOfAWalkOverTheApiIsDescribed() throws Exception {
        String force = "police:kent";
        String school = "school:113456";
        String placement = Files.readString(GatewayFixture.samples().resolve("placements")
                .resolve("01-emergency-placement-manchester.json"), StandardCharsets.UTF_8);
        HttpResponse<String> accepted = api.postJson("/placements", KENT, placement, Optional.empty());
        String exchangeId = ApiClient.json(accepted).path("exchangeId").asText();
        byte[] exclusionFile = Files.readAllBytes(GatewayFixture.samples().resolve("exclusions")
                .resolve("02-some-bad-records.xml"));
        List<Call> calls = List.of(
                new Call("get", "/api/v1/openapi.yaml", get("/openapi.yaml", school)),
                new Call("get", "/api/v1/placements/timeliness",
                        get("/placements/timeliness?placingAuthority=886&from=2025-04-01&to=2026-03-31", KENT)),
                new Call("get", "/api/v1/placements/timeliness", get("/placements/timeliness", KENT)),
                new Call("post", "/api/v1/placements", api.postJson("/placements", school, placement, Optional.empty())),
                new Call("post", "/api/v1/ssda903/returns", api.post("/ssda903/returns", KENT, "application/zip",
                        "not a zip".getBytes(StandardCharsets.US_ASCII), Optional.empty())),
                new Call("get", "/api/v1/ssda903/returns/{batchId}", get("/ssda903/returns/B-unknown", KENT)),
                new Call("get", "/api/v1/ssda903/returns/{batchId}/missing-reconciliation",
                        get("/ssda903/returns/B-unknown/missing-reconciliation", KENT)),
                new Call("post", "/api/v1/exclusions", postJson("/exclusions", school, "{}")),
                new Call("post", "/api/v1/exclusions", api.post("/exclusions", school, "application/xml",
                        exclusionFile, Optional.empty())),
                new Call("post", "/api/v1/missing-episodes", postJson("/missing-episodes", GMP, "{}")),
                new Call("get", "/api/v1/missing-episodes/held", get("/missing-episodes/held", GMP)),
                new Call("get", "/api/v1/return-interviews", get("/return-interviews", KENT)),
                new Call("post", "/api/v1/return-interviews/{taskId}/assignment", postJson(
                        "/return-interviews/RHI-unknown/assignment", KENT, "{\"to\": \"local-authority:352\"}")),
                new Call("post", "/api/v1/return-interview-outcomes", postJson("/return-interview-outcomes", KENT, "{}")),
                new Call("post", "/api/v1/custody-handovers", postJson("/custody-handovers", force, "{}")),
                new Call("post", "/api/v1/custody-handovers/{handoverId}/acknowledgement",
                        postJson("/custody-handovers/CH-unknown/acknowledgement", KENT, "{}")),
                new Call("post", "/api/v1/custody-handovers/{handoverId}/closure",
                        postJson("/custody-handovers/CH-unknown/closure", KENT, "{}")),
                new Call("get", "/api/v1/custody-handovers", get("/custody-handovers", force)),
                new Call("get", "/api/v1/custody-handovers/report",
                        get("/custody-handovers/report?from=2026-12-01&to=2027-01-01", force)),
                new Call("post", "/api/v1/locator/queries", postJson("/locator/queries", force, "{}")),
                new Call("post", "/api/v1/locator/entries", postJson("/locator/entries", KENT, "{}")),
                new Call("post", "/api/v1/locator/entries/{reference}/withdrawal",
                        postJson("/locator/entries/KCC-unknown/withdrawal", KENT, "{}")),
                new Call("get", "/api/v1/mailboxes/{organisation}/messages", get("/mailboxes/" + GMP + "/messages",
                        KENT)),
                new Call("post", "/api/v1/mailboxes/{organisation}/messages/{messageId}/ack", api.post("/mailboxes/"
                        + GMP + "/messages/00000000-0000-4000-8000-000000000000/ack", GMP, null, new byte[0],
                        Optional.empty())),
                new Call("get", "/api/v1/audit/checkpoint", get("/audit/checkpoint", GMP)),
                new Call("get", "/api/v1/audit/certificate", get("/audit/certificate", GMP)),
                new Call("get", "/api/v1/audit/proof/inclusion", get("/audit/proof/inclusion?index=0", GMP)),
                new Call("get", "/api/v1/audit/proof/inclusion", get("/audit/proof/inclusion", GMP)),
                new Call("get", "/api/v1/audit/proof/consistency", get("/audit/proof/consistency?first=1", GMP)),
                new Call("get", "/api/v1/audit/entries", get("/audit/entries?start=0&end=2", GMP)),
                new Call("post", "/api/v1/audit/cosignatures", postJson("/audit/cosignatures", GMP, "{}")),
                new Call("get", "/api/v1/exchanges/{exchangeId}/receipts", get("/exchanges/" + exchangeId
                        + "/receipts", KENT)),
                new Call("get", "/api/v1/exchanges/{exchangeId}/deliveries", get("/exchanges/" + exchangeId
                        + "/deliveries", KENT)),
                new Call("get", "/api/v1/exchanges/{exchangeId}/deliveries", get("/exchanges/" + exchangeId
                        + "/deliveries", GMP)),
                new Call("get", "/api/v1/mailboxes/{organisation}/messages", get("/mailboxes/" + GMP
                        + "/messages?limit=1", GMP)),
                new Call("get", "/api/v1/mailboxes/{organisation}/messages", get("/mailboxes/" + GMP
                        + "/messages?cursor=not-a-cursor", GMP)),
                new Call("get", "/api/v1/dead-letters", get("/dead-letters", GMP)),
                new Call("post", "/api/v1/dead-letters/{messageId}/replay", api.post("/dead-letters/"
                        + "00000000-0000-4000-8000-000000000000/replay", GMP, null, new byte[0], Optional.empty())),
                new Call("get", "/api/v1/decisions", get("/decisions?exchangeId=" + exchangeId, KENT)),
                new Call("get", "/api/v1/decisions", get("/decisions", KENT)),
                new Call("get", "/api/v1/schemas/received/{schema}", get("/schemas/received/locator-access.schema.json",
                        GMP)),
                new Call("get", "/api/v1/audit/tree-head", api.get("/audit/tree-head", null, Optional.empty())));
        for (String schema : List.of("placement-notice", "exclusion-notice", "missing-episode",
                "return-interview-outcome", "custody-handover-request")) {
            assertDescribed("get", "/api/v1/schemas/" + schema + ".schema.json",
                    get("/schemas/" + schema + ".schema.json", GMP));
        }
        assertDescribed("get", "/api/v1/schemas/missing-episode-export.csv-metadata.json",
                get("/schemas/missing-episode-export.csv-metadata.json", GMP));
        List<String> undescribed = new ArrayList<>();
        for (Call call : calls) {
            try {
                assertDescribed(call.method(), call.path(), call.answer());
            } catch (AssertionError e) {
                undescribed.add(call.method() + " " + call.path() + " " + call.answer().statusCode() + ": "
                        + e.getMessage());
            }
        }
        assertThat(undescribed).as("answers the document does not describe").isEmpty();
        assertThat(calls.stream().filter(c -> c.path().startsWith("/api/v1/exchanges/{exchangeId}/deliveries")
                || c.path().startsWith("/api/v1/dead-letters")).map(c -> c.answer().statusCode()).toList())
                .as("the sender sees its copies, another partner nothing; the certificate-only mode has no operators")
                .containsExactly(200, 404, 403, 403);
        assertThat(calls.stream().map(c -> c.answer().statusCode()).collect(Collectors.toSet()))
                .as("the walk met answers and refusals of every kind")
                .contains(200, 202, 400, 401, 403, 404);
    }

    private record Call(String method, String path, HttpResponse<String> answer) {
    }

    private static HttpResponse<String> postJson(String path, String organisation, String json) {
        return api.postJson(path, organisation, json, Optional.empty());
    }

    /** The answer's status and media type are described for the operation, and its body validates. */
    private static void assertDescribed(String method, String path, HttpResponse<String> answer) throws Exception {
        String status = String.valueOf(answer.statusCode());
        JsonNode response = document.path("paths").path(path).path(method).path("responses").path(status);
        assertThat(response.isMissingNode()).as(method + " " + path + " describes " + status).isFalse();
        String pointer = "/paths/" + escape(path) + "/" + method + "/responses/" + status;
        if (response.has("$ref")) {
            pointer = response.get("$ref").asText().substring(1);
            response = document.at(pointer);
        }
        if (answer.statusCode() == 204) {
            assertThat(response.has("content")).as(method + " " + path + " 204 has no content").isFalse();
            return;
        }
        String mediaType = ApiClient.contentType(answer).split(";")[0].trim();
        assertThat(response.path("content").has(mediaType)).as(method + " " + path + " " + status + " is "
                + mediaType).isTrue();
        if (answer.statusCode() == 503 || answer.statusCode() == 429) {
            assertThat(answer.headers().firstValue("Retry-After")).isPresent();
        }
        if (!mediaType.endsWith("json")) {
            return; // text, YAML, PEM: described by media type
        }
        String schemaPointer = pointer + "/content/" + escape(mediaType) + "/schema";
        Set<ValidationMessage> errors = schemaAt(schemaPointer).validate(ApiClient.JSON.readTree(answer.body()));
        assertThat(errors).as(method + " " + path + " " + status + ": " + answer.body()).isEmpty();
    }

    /**
     * The schema at a JSON pointer of the document, its {@code #/components} references resolved in the document
     * and its relative references ({@code schemas/...}) in the schemas the gateway ships and serves there.
     */
    private static JsonSchema schemaAt(String pointer) {
        ObjectNode root = document.deepCopy();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$id", "https://gateway.test" + DOCUMENT_PATH);
        root.put("$ref", "#" + pointer);
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
                .schemaMappers(mappers -> mappers.mapPrefix("https://gateway.test/api/v1/schemas/",
                        "classpath:schemas/")));
        return factory.getSchema(root, SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
    }

    private static String escape(String pointerToken) {
        return pointerToken.replace("~", "~0").replace("/", "~1");
    }

    private static void collectReferences(JsonNode node, Set<String> external) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual() && !ref.asText().startsWith("#")) {
                external.add(ref.asText());
            }
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                collectReferences(it.next(), external);
            }
        } else if (node.isArray()) {
            node.forEach(child -> collectReferences(child, external));
        }
    }

    private static HttpResponse<String> get(String path, String organisation) {
        return api.get(path, organisation, Optional.empty());
    }
}
