package org.bridgeway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.bridgeway.adapters.json.JsonNoticeRenderer;
import org.bridgeway.api.OpenApiDocument;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.ExchangeType;
import org.bridgeway.model.HandoverDeadlineEvent;
import org.bridgeway.model.HandoverDeadlineNotice;
import org.bridgeway.model.LocatorAccessNotice;
import org.bridgeway.model.MinimisedNotice;
import org.bridgeway.model.Notice;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.PoliceForceCode;
import org.bridgeway.model.ReturnInterviewTaskNotice;
import org.bridgeway.model.TaskEvent;
import org.bridgeway.testing.GatewayFixture;
import org.junit.jupiter.api.Test;

/**
 * What recipients receive in Bridgeway's JSON is what the published schemas say
 * ({@code GET /api/v1/schemas/received/{exchange-type}.schema.json}): every exchange type has a schema; the real
 * renderer's output for every notice of the adapters' golden cases (and the render golden files as they are)
 * validates against its exchange type's schema; and each type's whole catalogue, every field permitted at once,
 * renders into a document its schema accepts, so a field added to a catalogue without its schema fails here. The
 * notices the gateway raises itself (return interview task events, locator access, custody handover deadlines) are
 * built as their producers build them.
 */
class ReceivedJsonSchemasTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ADAPTER_CASES = GatewayFixture.projectRoot().resolve("adapters/src/test/resources");
    private static final Organisation GATEWAY_RECIPIENT = Organisation.parseId("police:greater-manchester");
    private static final Instant ISSUED = Instant.parse("2026-12-04T01:30:00Z");

    private final JsonNoticeRenderer renderer = new JsonNoticeRenderer();

    @Test
    void everyExchangeTypeHasAPublishedSchemaOfItsJson() {
        for (ExchangeType type : ExchangeType.values()) {
            JsonNode schema = read(OpenApiDocument.receivedSchema(type));
            assertThat(schema.path("$schema").asText()).as(type.slug())
                    .isEqualTo("https://json-schema.org/draft/2020-12/schema");
            assertThat(schema.at("/properties/exchangeType/const").asText()).as(type.slug()).isEqualTo(type.slug());
        }
    }

    @Test
    void everyRenderingOfTheGoldenCasesValidatesAgainstItsExchangeTypesSchema() throws IOException {
        Map<ExchangeType, Integer> validated = new EnumMap<>(ExchangeType.class);
        List<String> failures = new ArrayList<>();
        for (GoldenNotice golden : goldenNotices()) {
            MinimisedNotice notice = new MinimisedNotice(golden.exchangeId(), golden.type(), golden.sender(),
                    GATEWAY_RECIPIENT, golden.fields(), ISSUED);
            check(golden.type(), renderer.render(notice), golden.source(), failures);
            validated.merge(golden.type(), 1, Integer::sum);
        }
        try (Stream<Path> rendered = Files.list(ADAPTER_CASES.resolve("render/json"))) {
            for (Path file : rendered.sorted().toList()) {
                byte[] body = Files.readAllBytes(file);
                ExchangeType type = ExchangeType.fromSlug(read(body).path("exchangeType").asText()).orElseThrow();
                check(type, body, file.getFileName().toString(), failures);
                validated.merge(type, 1, Integer::sum);
            }
        }
        for (Notice raised : raisedByTheGateway()) {
            check(raised.exchangeType(), renderer.render(new MinimisedNotice(raised.exchangeId(),
                    raised.exchangeType(), raised.sender(), GATEWAY_RECIPIENT, raised.fields(), ISSUED)),
                    raised.exchangeType().slug(), failures);
            validated.merge(raised.exchangeType(), 1, Integer::sum);
        }
        assertThat(failures).as("renderings their schema refuses").isEmpty();
        assertThat(validated.keySet()).as("every exchange type has real renderings checked")
                .containsExactlyInAnyOrder(ExchangeType.values());
    }

    @Test
    void everyFieldOfEachCatalogueIsInItsSchemaAndNothingElseIs() {
        List<String> failures = new ArrayList<>();
        for (ExchangeType type : ExchangeType.values()) {
            Map<String, String> every = new LinkedHashMap<>();
            type.fields().forEach(field -> every.put(field, "X1"));
            check(type, renderer.render(new MinimisedNotice("EX-all", type, GATEWAY_RECIPIENT, GATEWAY_RECIPIENT,
                    every, ISSUED)), type.slug() + " (whole catalogue)", failures);
            // a name no catalogue has is refused: the schema is the list of what may arrive, not only a shape
            assertThat(schema(type).validate(read(renderer.render(new MinimisedNotice("EX-odd", type,
                    GATEWAY_RECIPIENT, GATEWAY_RECIPIENT, Map.of("child.favouriteColour", "blue"), ISSUED)))))
                    .as(type.slug() + " refuses a field outside its catalogue").isNotEmpty();
        }
        assertThat(failures).as("catalogue fields their schema refuses").isEmpty();
    }

    private void check(ExchangeType type, byte[] rendered, String source, List<String> failures) {
        Set<ValidationMessage> errors = schema(type).validate(read(rendered));
        if (!errors.isEmpty()) {
            failures.add(type.slug() + " from " + source + ": " + errors);
        }
    }

    private static JsonSchema schema(ExchangeType type) {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(
                new java.io.ByteArrayInputStream(OpenApiDocument.receivedSchema(type)),
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
    }

    private record GoldenNotice(String source, ExchangeType type, String exchangeId, Organisation sender,
                                Map<String, String> fields) {
    }

    /** Every notice the adapters' golden cases expect, with the exchange type of its case folder. */
    private static List<GoldenNotice> goldenNotices() throws IOException {
        List<GoldenNotice> notices = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ADAPTER_CASES)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith("expected.json")).sorted().toList()) {
                Optional<ExchangeType> type = caseType(ADAPTER_CASES.relativize(file));
                if (type.isPresent()) {
                    collect(read(Files.readAllBytes(file)), file.getFileName().toString(), type.get(), notices);
                }
            }
        }
        return notices;
    }

    private static Optional<ExchangeType> caseType(Path relative) {
        String folder = relative.getName(0).toString();
        return switch (folder) {
            case "ssda903" -> Optional.of(ExchangeType.PLACEMENT_NOTIFICATION);
            case "exclusions" -> Optional.of(ExchangeType.EXCLUSION_NOTICE);
            case "custody" -> Optional.of(ExchangeType.CUSTODY_HANDOVER);
            case "missing" -> Optional.of(relative.getName(1).toString().equals("return-interview-outcomes")
                    ? ExchangeType.RETURN_INTERVIEW_OUTCOME : ExchangeType.MISSING_EPISODE);
            default -> Optional.empty();
        };
    }

    private static void collect(JsonNode node, String source, ExchangeType type, List<GoldenNotice> out) {
        if (node.isObject() && node.path("fields").isObject() && node.has("sender")) {
            Map<String, String> fields = new LinkedHashMap<>();
            node.path("fields").fields().forEachRemaining(f -> fields.put(f.getKey(), f.getValue().asText()));
            out.add(new GoldenNotice(source, type, node.path("exchangeId").asText("EX-golden"),
                    Organisation.parseId(node.path("sender").asText()), fields));
            return;
        }
        node.elements().forEachRemaining(child -> collect(child, source, type, out));
    }

    /** The notices the gateway raises itself, built as PipelineTaskNotices, LocatorAccessRelay and the handover
     * deadline notices build them (synthetic values). */
    private static List<Notice> raisedByTheGateway() {
        Organisation kent = Organisation.parseId("local-authority:886");
        Organisation force = Organisation.parseId("police:kent");
        return List.of(
                new ReturnInterviewTaskNotice("EX-task", "rhi-task:RHI-1|OVERDUE", kent,
                        "RHI-0195f3a2-8000-7000-8000-000000000001", TaskEvent.OVERDUE,
                        Instant.parse("2026-03-06T09:15:00Z"), kent, new DfeLaCode("886"),
                        Optional.of("Kent children's services missing lead, 01632 960886"),
                        "ME-0195f3a2-8000-7000-8000-000000000002", Optional.of("GMP-26-004512"),
                        Optional.of(new PoliceForceCode("greater-manchester")),
                        Instant.parse("2026-03-03T09:15:00Z"), Optional.of("KT40211")),
                new LocatorAccessNotice("EX-access", "locator-access|LQ-1", force, "LQ-1",
                        Instant.parse("2026-12-03T01:30:00Z"), "Kent Police", "sgt.example", "CUSTODY_PACE_TRANSFER",
                        "CR/0042/26", "LX-1", "KCC/CP/1001", "CHILD_PROTECTION_PLAN", LocalDate.parse("2026-02-01"),
                        new DfeLaCode("886"), Optional.of(new DfeLaCode("352"))),
                new HandoverDeadlineNotice("EX-deadline", "handover-deadline:CH-1|ANSWER_OVERDUE", force,
                        "CH-0195f3a2-8000-7000-8000-000000000003", HandoverDeadlineEvent.ANSWER_OVERDUE,
                        Optional.empty(), Instant.parse("2026-12-04T02:30:00Z"), new PoliceForceCode("kent"),
                        "KNT/26/0417", new DfeLaCode("886"), Optional.of(new DfeLaCode("352")),
                        Optional.of("Kent (886): EDT manager, 01632 960886"),
                        "Nobody has accepted the transfer by the answer deadline."));
    }

    private static JsonNode read(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
