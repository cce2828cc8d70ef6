package org.bridgeway.adapters.custody;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.bridgeway.adapters.missing.MissingGolden;
import org.bridgeway.model.Organisation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published request schema ({@code gateway/src/main/resources/schemas/custody-handover-request.schema.json}) and
 * the request reader accept and refuse the same documents, for every rule the schema can express. Rules only the
 * reader can check (the age at charge, times against each other and the clock) are marked: the schema accepts those.
 */
class CustodySchemaAgreementTest {
    static final Path SAMPLE = CustodyGoldenTest.CASES.resolve("request-accepted")
            .resolve("1-secure-with-justification.request.json");
    static final Instant NOW = Instant.parse("2026-12-04T02:30:00Z");
    static JsonSchema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("../gateway/src/main/resources/schemas")
                .resolve("custody-handover-request.schema.json"))) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in,
                    SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
        }
    }

    record Case(Consumer<ObjectNode> edit, boolean valid, boolean schemaCanTell) {
        @Override
        public String toString() {
            return valid ? "valid" : "invalid";
        }
    }

    static Stream<Arguments> requests() {
        Map<String, Case> c = new LinkedHashMap<>();
        c.put("the sample", new Case(d -> { }, true, true));
        c.put("non-secure without a justification", new Case(d -> {
            group(d, "transfer").put("accommodationType", "NON_SECURE").remove("secureJustification");
        }, true, true));
        c.put("the least a force sends", new Case(d -> {
            group(d, "custody").retain(List.of("reference", "suite", "contactOfficer"));
            group(d, "child").retain(List.of("givenName", "familyName", "dateOfBirth"));
            d.remove("arrest");
        }, true, true));
        c.put("unknown member", new Case(d -> d.put("extra", 1), false, true));
        c.put("a decline field", new Case(d -> group(d, "handover").put("redirectTo", "352"), false, true));
        c.put("no suite authority", new Case(d -> group(d, "handover").remove("suiteAuthority"), false, true));
        c.put("no date of birth", new Case(d -> group(d, "child").remove("dateOfBirth"), false, true));
        c.put("no bail grounds", new Case(d -> group(d, "charge").remove("bailRefusalReason"), false, true));
        c.put("empty bail grounds", new Case(d -> group(d, "charge").putArray("bailRefusalReason"), false, true));
        c.put("unknown bail ground", new Case(d -> group(d, "charge").putArray("bailRefusalReason")
                .add("BAD_ATTITUDE"), false, true));
        c.put("unknown accommodation", new Case(d -> group(d, "transfer").put("accommodationType", "CELL"), false,
                true));
        c.put("looked after as text", new Case(d -> group(d, "child").put("lookedAfter", "yes"), false, true));
        c.put("a reference with spaces", new Case(d -> group(d, "custody").put("reference", "KNT 26 1"), false,
                true));
        c.put("a date-time without offset", new Case(d -> group(d, "charge").put("time", "2026-12-04T01:20:00"),
                false, true));
        c.put("no court sitting", new Case(d -> group(d, "transfer").remove("courtSittingAt"), false, true));
        // the reader's rules beyond the schema
        c.put("an adult at charge", new Case(d -> group(d, "child").put("dateOfBirth", "2008-01-01"), false, false));
        c.put("secure without a justification", new Case(d -> group(d, "transfer").remove("secureJustification"),
                false, false));
        c.put("a court sitting before the charge", new Case(d -> group(d, "transfer").put("courtSittingAt",
                "2026-12-03T10:00:00Z"), false, false));
        return c.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void schemaAndReaderAgree(String name, Case c) throws IOException {
        ObjectNode document = (ObjectNode) MissingGolden.JSON.readTree(SAMPLE.toFile());
        c.edit().accept(document);
        byte[] body = MissingGolden.JSON.writeValueAsBytes(document);

        boolean readerAccepts = new CustodyHandoverJsonReader().readRequest(body, Organisation.parseId("police:kent"),
                NOW, MissingGolden.exchangeIds()) instanceof org.bridgeway.adapters.missing.MissingReadResult.Accepted;
        boolean schemaAccepts = schema.validate(MissingGolden.JSON.readTree(body)).isEmpty();

        assertThat(readerAccepts).as("the reader").isEqualTo(c.valid());
        assertThat(schemaAccepts).as("the schema").isEqualTo(c.valid() || !c.schemaCanTell());
    }

    private static ObjectNode group(ObjectNode document, String name) {
        return (ObjectNode) document.get(name);
    }
}
