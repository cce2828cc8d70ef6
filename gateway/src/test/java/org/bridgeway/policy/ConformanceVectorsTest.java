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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every engine-neutral vector in {@code policies/conformance/*.json} against the embedded decision point loaded
 * from {@code policies/agreements/}. The format is described in {@code policies/conformance/README.md}.
 *
 * <p>When the environment variable {@value #OPA_URL_ENV} names an OPA server loaded with {@code policies/} (e.g.
 * {@code http://127.0.0.1:8181}), every vector is also run against an {@link OpaDecisionPoint} with the same
 * expectations, and the two engines must agree on allow, agreement id and version, the permitted and withheld field
 * sets and the lawful basis. Otherwise those tests are not created (one line says so).
 */
class ConformanceVectorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> EXPECTED_KEYS = Set.of("allow", "agreementId", "agreementVersion",
            "permittedFields", "withheldFields", "lawfulBasis", "retention", "obligationsInclude", "reasonsContain");

    /** The environment variable naming the OPA server to hold to the same vectors. */
    static final String OPA_URL_ENV = "BRIDGEWAY_OPA_URL";

    private static EmbeddedDecisionPoint pdp;
    private static OpaDecisionPoint opa;

    @BeforeAll
    static void load() {
        pdp = new EmbeddedDecisionPoint(PolicyRoot.agreements());
        String url = System.getenv(OPA_URL_ENV);
        if (url == null || url.isBlank()) {
            System.out.println("ConformanceVectorsTest: OPA parity skipped because no OPA URL is set ("
                    + OPA_URL_ENV + ")");
        } else {
            opa = new OpaDecisionPoint(url.strip(), OpaSettings.defaults());
            System.out.println("ConformanceVectorsTest: OPA parity against " + opa.baseUri());
        }
    }

    @AfterAll
    static void closeOpa() {
        if (opa != null) {
            opa.close();
        }
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
        SoftAssertions soft = new SoftAssertions();
        check(soft, vector, input, d, pdp.revision());
        soft.assertAll();
    }

    /**
     * The same vectors against OPA, created only when an OPA URL is set: without one there is nothing to run
     * (and nothing reported as skipped); {@link #load()} prints one line saying so.
     */
    @TestFactory
    Stream<DynamicTest> opaParity() throws IOException {
        if (opa == null) {
            return Stream.empty();
        }
        Stream<DynamicTest> revision = Stream.of(DynamicTest.dynamicTest("OPA serves a policy revision", () ->
                assertThat(opa.revision()).as("revision at " + OpaDecisionPoint.REVISION_PATH)
                        .isNotEqualTo(OpaDecisionPoint.UNKNOWN_REVISION)));
        Stream<DynamicTest> vectors = vectors().map(a -> DynamicTest.dynamicTest("OPA " + a.get()[0],
                () -> vectorOnOpaAgreesWithEmbedded((JsonNode) a.get()[1])));
        return Stream.concat(revision, vectors);
    }

    private void vectorOnOpaAgreesWithEmbedded(JsonNode vector) {
        PolicyInput input = PolicyInput.fromJson(vector.get("input"));
        PolicyDecision o = opa.decide(input);
        PolicyDecision d = pdp.decide(input);
        String both = "\nOPA: " + o.toJson().toPrettyString() + "\nembedded: " + d.toJson().toPrettyString();

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(o.reasons()).as("OPA answered (not a fail-closed denial)" + both)
                .noneMatch(r -> r.contains("(fail closed)"));
        check(soft, vector, input, o, opa.revision());
        soft.assertThat(o.allow()).as("allow agrees" + both).isEqualTo(d.allow());
        soft.assertThat(o.agreementId()).as("agreementId agrees").isEqualTo(d.agreementId());
        soft.assertThat(o.agreementVersion()).as("agreementVersion agrees").isEqualTo(d.agreementVersion());
        soft.assertThat(new HashSet<>(o.permittedFields())).as("permitted fields agree" + both)
                .isEqualTo(new HashSet<>(d.permittedFields()));
        soft.assertThat(new HashSet<>(o.withheldFields())).as("withheld fields agree" + both)
                .isEqualTo(new HashSet<>(d.withheldFields()));
        soft.assertThat(o.lawfulBasis()).as("lawful basis agrees" + both).isEqualTo(d.lawfulBasis());
        soft.assertAll();
    }

    /** The expectations of {@code vector} and the invariants every engine keeps, for decision {@code d}. */
    private static void check(SoftAssertions soft, JsonNode vector, PolicyInput input, PolicyDecision d,
                              String engineRevision) {
        JsonNode e = vector.get("expected");
        String actual = d.toJson().toPrettyString();

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
        soft.assertThat(d.policyRevision()).as("policyRevision").isEqualTo(engineRevision);
        soft.assertThat(d.reasons()).as("reasons").isNotEmpty();
        List<String> union = new ArrayList<>(d.permittedFields());
        union.addAll(d.withheldFields());
        soft.assertThat(union).as("permitted + withheld = present").containsExactlyInAnyOrderElementsOf(
                new HashSet<>(input.fields()));
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
