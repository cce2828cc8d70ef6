package org.bridgeway.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every engine-neutral vector in {@code policies/conformance/*.json} against the embedded decision point loaded
 * from {@code policies/agreements/}. The format is described in {@code policies/conformance/README.md}.
 */
class ConformanceVectorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> EXPECTED_KEYS = Set.of("allow", "agreementId", "agreementVersion",
            "permittedFields", "withheldFields", "lawfulBasis", "retention", "obligationsInclude", "reasonsContain");

    private static EmbeddedDecisionPoint pdp;

    @BeforeAll
    static void load() {
        pdp = new EmbeddedDecisionPoint(PolicyRoot.agreements());
    }

    static Stream<Arguments> vectors() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(PolicyRoot.policies().resolve("conformance"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode root = JSON.readTree(file.toFile());
                List<JsonNode> vs = new ArrayList<>();
                if (root.isArray()) {
                    root.forEach(vs::add);
                } else {
                    vs.add(root);
                }
                for (JsonNode v : vs) {
                    out.add(Arguments.of(file.getFileName() + " " + v.path("id").asText(), v));
                }
            }
        }
        return out.stream();
    }

    @Test
    void thereAreEnoughVectorsAndTheirIdsAreUnique() throws IOException {
        List<String> ids = vectors().map(a -> ((JsonNode) a.get()[1]).path("id").asText()).toList();
        assertThat(ids).hasSizeGreaterThanOrEqualTo(60).doesNotHaveDuplicates().doesNotContain("");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void vector(String name, JsonNode vector) {
        assertThat(vector.path("description").asText()).as("description").isNotBlank();
        PolicyInput input = PolicyInput.fromJson(vector.get("input"));
        assertThat(PolicyInput.fromJson(input.toJson())).as("input round trip").isEqualTo(input);
        PolicyDecision d = pdp.decide(input);
        JsonNode e = vector.get("expected");
        String actual = d.toJson().toPrettyString();

        SoftAssertions soft = new SoftAssertions();
        e.fieldNames().forEachRemaining(k -> soft.assertThat(EXPECTED_KEYS).as("known expectation key").contains(k));
        soft.assertThat(d.allow()).as("allow\n" + actual).isEqualTo(e.get("allow").asBoolean());
        if (e.has("agreementId")) {
            soft.assertThat(d.agreementId()).as("agreementId").isEqualTo(textOrNull(e.get("agreementId")));
        }
        if (e.has("agreementVersion")) {
            soft.assertThat(d.agreementVersion()).as("agreementVersion")
                    .isEqualTo(textOrNull(e.get("agreementVersion")));
        }
        if (e.has("permittedFields")) {
            soft.assertThat(d.permittedFields()).as("permittedFields\n" + actual)
                    .containsExactlyInAnyOrderElementsOf(strings(e.get("permittedFields")));
        }
        if (e.has("withheldFields")) {
            soft.assertThat(d.withheldFields()).as("withheldFields\n" + actual)
                    .containsExactlyInAnyOrderElementsOf(strings(e.get("withheldFields")));
        }
        if (e.has("lawfulBasis")) {
            JsonNode lb = e.get("lawfulBasis");
            if (lb.isNull()) {
                soft.assertThat(d.lawfulBasis()).as("lawfulBasis").isNull();
            } else if (d.lawfulBasis() == null) {
                soft.fail("lawfulBasis expected but absent\n" + actual);
            } else {
                JsonNode got = d.lawfulBasis().toJson();
                lb.fieldNames().forEachRemaining(k -> soft.assertThat(textOrNull(got.get(k)))
                        .as("lawfulBasis." + k).isEqualTo(textOrNull(lb.get(k))));
            }
        }
        if (e.has("retention")) {
            soft.assertThat(d.retention()).as("retention").isEqualTo(textOrNull(e.get("retention")));
        }
        if (e.has("obligationsInclude")) {
            soft.assertThat(d.obligations()).as("obligations").containsAll(strings(e.get("obligationsInclude")));
        }
        for (String s : strings(e.path("reasonsContain"))) {
            soft.assertThat(d.reasons()).as("a reason containing \"" + s + "\"\n" + actual)
                    .anyMatch(r -> r.contains(s));
        }
        // invariants every engine keeps
        soft.assertThat(d.policyRevision()).as("policyRevision").isEqualTo(pdp.revision());
        soft.assertThat(d.reasons()).as("reasons").isNotEmpty();
        List<String> union = new ArrayList<>(d.permittedFields());
        union.addAll(d.withheldFields());
        soft.assertThat(union).as("permitted + withheld = present").containsExactlyInAnyOrderElementsOf(
                new HashSet<>(input.fields()));
        soft.assertAll();
    }

    private static String textOrNull(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n == null || n.isMissingNode() || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            fail("expected an array, got " + n);
        }
        n.forEach(x -> out.add(x.asText()));
        return out;
    }
}
