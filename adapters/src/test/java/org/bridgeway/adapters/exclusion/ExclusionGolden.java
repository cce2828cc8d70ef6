package org.bridgeway.adapters.exclusion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.bridgeway.model.ExclusionNotice;
import org.bridgeway.model.FieldViolation;

/**
 * Writes reader results as the JSON the golden files hold, and compares. Run the tests with
 * {@code -Dbridgeway.golden.update=true} to rewrite the expected files after a deliberate change, then review
 * the diff.
 */
final class ExclusionGolden {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final Path SAMPLES = Path.of("../samples/exclusions");
    static final Path EXPECTED = Path.of("src/test/resources/exclusions");

    private ExclusionGolden() {
    }

    /** Exchange ids ex-0001, ex-0002, ... */
    static Supplier<String> exchangeIds() {
        int[] next = {0};
        return () -> String.format("ex-%04d", ++next[0]);
    }

    static byte[] sample(String name) {
        try {
            return Files.readAllBytes(SAMPLES.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode toJson(ExclusionXmlResult result) {
        ObjectNode root = JSON.createObjectNode();
        root.put("refused", result.refused());
        root.put("records", result.records());
        notices(root.putArray("notices"), result.notices());
        ArrayNode errors = root.putArray("errors");
        for (ReadError e : result.errors()) {
            ObjectNode o = errors.addObject();
            o.put("document", e.document());
            o.put("record", e.record());
            o.put("line", e.line());
            o.put("field", e.field());
            o.put("rule", e.rule());
            o.put("message", e.message());
        }
        return root;
    }

    static ObjectNode toJson(ExclusionJsonResult result) {
        ObjectNode root = JSON.createObjectNode();
        if (result instanceof ExclusionJsonResult.Accepted accepted) {
            notices(root.putArray("notices"), List.of(accepted.notice()));
        } else {
            ArrayNode violations = root.putArray("violations");
            for (FieldViolation v : ((ExclusionJsonResult.Refused) result).violations()) {
                violations.addObject().put("field", v.field()).put("rule", v.rule()).put("message", v.message());
            }
        }
        return root;
    }

    private static void notices(ArrayNode out, List<ExclusionNotice> notices) {
        for (ExclusionNotice n : notices) {
            ObjectNode o = out.addObject();
            o.put("exchangeId", n.exchangeId());
            o.put("sender", n.sender().id());
            o.put("idempotencyKey", n.idempotencyKey());
            ObjectNode fields = o.putObject("fields");
            n.fields().forEach(fields::put);
        }
    }

    static void assertGolden(String name, JsonNode actual) {
        Path file = EXPECTED.resolve(name);
        try {
            if (Boolean.getBoolean("bridgeway.golden.update")) {
                Files.writeString(file, JSON.writeValueAsString(actual) + "\n");
            }
            assertThat(file).as("golden file " + file).exists();
            assertThat(actual.toPrettyString()).isEqualTo(JSON.readTree(file.toFile()).toPrettyString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
