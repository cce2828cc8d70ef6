package org.bridgeway.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpaBundleTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path tmp;

    private static Path rego() {
        return PolicyRoot.policies().resolve("rego");
    }

    @Test
    void bundleHasTheManifestTheRegoAndTheData() throws IOException {
        Path out = OpaBundle.write(PolicyRoot.agreements(), rego(), tmp.resolve("bundle"));

        assertThat(out.resolve(".manifest")).isRegularFile();
        assertThat(out.resolve("bridgeway/share.rego")).isRegularFile()
                .hasSameTextualContentAs(rego().resolve("bridgeway/share.rego"));
        assertThat(out.resolve("bridgeway/data.json")).isRegularFile();
        assertThat(out.resolve("bridgeway/share_test.rego")).as("tests stay out of the bundle").doesNotExist();
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> out.relativize(p).toString().replace('\\', '/')))
                    .containsExactlyInAnyOrder(".manifest", "bridgeway/share.rego", "bridgeway/data.json");
        }
    }

    @Test
    void dataHoldsTheAgreementsAsWrittenInFileNameOrderAndTheEmbeddedRevision() throws IOException {
        Path out = OpaBundle.write(PolicyRoot.agreements(), rego(), tmp.resolve("bundle"));
        String revision = new EmbeddedDecisionPoint(PolicyRoot.agreements()).revision();

        JsonNode data = JSON.readTree(out.resolve("bridgeway/data.json").toFile());
        List<JsonNode> expected = new ArrayList<>();
        try (Stream<Path> s = Files.list(PolicyRoot.agreements())) {
            for (Path f : s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                expected.add(YAML.readTree(Files.readString(f, StandardCharsets.UTF_8)));
            }
        }
        assertThat(expected).hasSizeGreaterThanOrEqualTo(2);
        assertThat(data.get("agreements")).containsExactlyElementsOf(expected);
        assertThat(data.get("revision").asText()).isEqualTo(revision).startsWith("sha256:");

        JsonNode manifest = JSON.readTree(out.resolve(".manifest").toFile());
        assertThat(manifest.get("revision").asText()).isEqualTo(revision);
        assertThat(manifest.get("roots")).hasSize(1);
        assertThat(manifest.get("roots").get(0).asText()).isEqualTo("bridgeway");
        assertThat(data.fieldNames()).toIterable().containsExactly("agreements", "revision");
    }

    @Test
    void rewritingReplacesTheOldBundle() throws IOException {
        Path out = tmp.resolve("bundle");
        Files.createDirectories(out.resolve("bridgeway"));
        Files.writeString(out.resolve("bridgeway/stale.rego"), "package bridgeway.stale\n");
        Files.writeString(out.resolve("keep.txt"), "not ours\n");
        OpaBundle.write(PolicyRoot.agreements(), rego(), out);
        assertThat(out.resolve("bridgeway/stale.rego")).doesNotExist();
        assertThat(out.resolve("keep.txt")).exists();
        assertThat(out.resolve("bridgeway/data.json")).exists();
    }

    @Test
    void theRecipientEntriesCarryTheRelationsTheRegoSelectsBy() throws IOException {
        Path out = OpaBundle.write(PolicyRoot.agreements(), rego(), tmp.resolve("bundle"));
        JsonNode data = JSON.readTree(out.resolve("bridgeway/data.json").toFile());
        List<String> served = new ArrayList<>();
        for (JsonNode a : data.get("agreements")) {
            if (a.get("id").asText().equals("ISA-ME-2026")) {
                a.get("parties").get("recipients").forEach(r -> r.path("relations")
                        .forEach(x -> served.add(r.get("role").asText() + " as " + x.asText())));
            }
        }
        assertThat(served).containsExactly("police as handling-force", "police as area-force", "police as home-force",
                "local-authority as responsible-authority", "local-authority as host-authority",
                "health as child-health-team", "school as child-school");
        assertThat(Files.readString(out.resolve("bridgeway/share.rego"))).contains("serves(r) if {");
    }

    @Test
    void aBrokenAgreementSetIsRefusedAsTheEmbeddedEngineRefusesItAndNothingIsWritten() throws IOException {
        Path policies = Files.createDirectories(tmp.resolve("policies"));
        Files.copy(PolicyRoot.schema(), policies.resolve(EmbeddedDecisionPoint.SCHEMA_FILE));
        Path agreements = Files.createDirectories(policies.resolve("agreements"));
        try (Stream<Path> s = Files.list(PolicyRoot.agreements())) {
            for (Path f : s.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Files.copy(f, agreements.resolve(f.getFileName()));
            }
        }
        Path pn = agreements.resolve("placement-notification.yaml");
        Files.writeString(pn, Files.readString(pn).replace("validUntil: \"2028-03-31\"", "validUntil: \"2020-03-31\""));

        String embedded = messageOf(() -> new EmbeddedDecisionPoint(agreements));
        Path out = tmp.resolve("bundle");
        assertThatThrownBy(() -> OpaBundle.write(agreements, rego(), out))
                .isInstanceOf(PolicyLoadException.class)
                .hasMessage(embedded)
                .hasMessageContaining("placement-notification.yaml")
                .hasMessageContaining("$.validFrom");
        assertThat(out).doesNotExist();
    }

    @Test
    void aMissingRegoPolicyIsRefused() {
        assertThatThrownBy(() -> OpaBundle.write(PolicyRoot.agreements(), tmp.resolve("no-rego"),
                tmp.resolve("bundle")))
                .isInstanceOf(PolicyLoadException.class)
                .hasMessageContaining("share.rego");
    }

    private static String messageOf(Runnable r) {
        try {
            r.run();
        } catch (PolicyLoadException e) {
            return e.getMessage();
        }
        throw new AssertionError("the embedded engine accepted the broken set");
    }
}
