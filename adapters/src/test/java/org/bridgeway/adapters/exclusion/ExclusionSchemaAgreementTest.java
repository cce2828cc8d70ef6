package org.bridgeway.adapters.exclusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bridgeway.adapters.exclusion.ExclusionJsonReaderTest.variant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.bridgeway.model.TestUpns;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published JSON Schema ({@code gateway/src/main/resources/schemas/exclusion-notice.schema.json}) and the JSON
 * reader accept and refuse the same documents, for every rule the schema can express. Rules only the reader can
 * check (the UPN check letter, days against sessions, start after birth) are marked: the schema accepts those.
 */
class ExclusionSchemaAgreementTest {
    static final Path SCHEMA = Path.of("../gateway/src/main/resources/schemas/exclusion-notice.schema.json");
    static JsonSchema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        try (InputStream in = Files.newInputStream(SCHEMA)) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in,
                    SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
        }
    }

    /** name, edit of the sample, whether the notice is valid, whether the schema can tell. */
    static Stream<Arguments> variants() {
        Map<String, Case> cases = new java.util.LinkedHashMap<>();
        cases.put("the sample", new Case(doc -> { }, true, true));
        cases.put("no school name, local id or days", new Case(doc -> {
            school(doc).remove("name");
            child(doc).remove("localId");
            exclusion(doc).remove("days");
        }, true, true));
        cases.put("a permanent exclusion", new Case(doc -> exclusion(doc).put("category", "PERM").without(
                java.util.List.of("sessions", "days")), true, true));
        cases.put("a lunchtime exclusion without length", new Case(doc -> exclusion(doc).put("category", "LNCH")
                .without(java.util.List.of("sessions", "days")), true, true));
        cases.put("FIXD", new Case(doc -> exclusion(doc).put("category", "FIXD"), true, true));
        cases.put("a temporary UPN", new Case(doc -> child(doc).put("upn", TestUpns.withCheckLetter("87840012003A")),
                true, true));
        cases.put("unknown member", new Case(doc -> doc.put("extra", 1), false, true));
        cases.put("unknown child member", new Case(doc -> child(doc).put("nhsNumber", "9990000018"), false, true));
        cases.put("no UPN", new Case(doc -> child(doc).remove("upn"), false, true));
        cases.put("placeholder UPN", new Case(doc -> child(doc).put("upn", "UN2"), false, true));
        cases.put("UPN with an I", new Case(doc -> child(doc).put("upn", "I878400119001"), false, true));
        cases.put("school URN of 5 digits", new Case(doc -> school(doc).put("urn", "11345"), false, true));
        cases.put("empty given name", new Case(doc -> child(doc).put("givenName", ""), false, true));
        cases.put("local id with a space", new Case(doc -> child(doc).put("localId", "has space"), false, true));
        cases.put("date of birth not a date", new Case(doc -> child(doc).put("dateOfBirth", "2011-02-30"), false, true));
        cases.put("start date dd/mm/yyyy", new Case(doc -> exclusion(doc).put("startDate", "03/11/2025"), false, true));
        cases.put("unknown category", new Case(doc -> exclusion(doc).put("category", "EXPL"), false, true));
        cases.put("suspension without sessions", new Case(doc -> exclusion(doc).without(java.util.List.of("sessions",
                "days")), false, true));
        cases.put("permanent with sessions", new Case(doc -> exclusion(doc).put("category", "PERM").remove("days"),
                false, true));
        cases.put("91 sessions", new Case(doc -> exclusion(doc).put("sessions", 91).remove("days"), false, true));
        cases.put("sessions as text", new Case(doc -> exclusion(doc).put("sessions", "4"), false, true));
        cases.put("a quarter day", new Case(doc -> exclusion(doc).put("days", 1.25).put("sessions", 3), false, true));
        cases.put("no reasons", new Case(doc -> exclusion(doc).putArray("reasons"), false, true));
        cases.put("four reasons", new Case(doc -> exclusion(doc).putArray("reasons").add("PA").add("VA").add("DR")
                .add("OW"), false, true));
        cases.put("a reason twice", new Case(doc -> exclusion(doc).putArray("reasons").add("PA").add("PA"), false,
                true));
        cases.put("unknown reason", new Case(doc -> exclusion(doc).putArray("reasons").add("XX"), false, true));
        cases.put("wrong UPN check letter (reader only)", new Case(doc -> child(doc).put("upn",
                TestUpns.withWrongCheckLetter("878400119001")), false, false));
        cases.put("days disagree with sessions (reader only)", new Case(doc -> exclusion(doc).put("days", 3), false,
                false));
        cases.put("start before birth (reader only)", new Case(doc -> exclusion(doc).put("startDate", "2010-09-06"),
                false, false));
        return cases.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void schemaAndReaderAgree(String name, Case c) throws IOException {
        byte[] body = variant(c.edit());
        boolean readerAccepts = new ExclusionJsonReader().read(body, () -> "bx-1")
                instanceof ExclusionJsonResult.Accepted;
        boolean schemaAccepts = schema.validate(ExclusionGolden.JSON.readTree(body)).isEmpty();
        assertThat(readerAccepts).as("reader accepts").isEqualTo(c.valid());
        assertThat(schemaAccepts).as("schema accepts").isEqualTo(c.valid() || !c.schemaCanTell());
    }

    record Case(Consumer<ObjectNode> edit, boolean valid, boolean schemaCanTell) {
        @Override
        public String toString() {
            return valid ? "valid" : "invalid";
        }
    }

    private static ObjectNode school(ObjectNode doc) {
        return (ObjectNode) doc.get("school");
    }

    private static ObjectNode child(ObjectNode doc) {
        return (ObjectNode) doc.get("child");
    }

    private static ObjectNode exclusion(ObjectNode doc) {
        return (ObjectNode) doc.get("exclusion");
    }
}
