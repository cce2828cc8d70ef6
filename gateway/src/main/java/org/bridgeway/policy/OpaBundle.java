package org.bridgeway.policy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.bridgeway.store.Folders;

/**
 * Writes an OPA bundle directory for the information sharing agreements, so that an OPA server answers the same
 * questions as {@link EmbeddedDecisionPoint} with the Rego of {@code policies/rego/}:
 *
 * <pre>
 * out/
 *   .manifest                {"revision": "sha256:...", "roots": ["bridgeway"]}
 *   bridgeway/share.rego     package bridgeway.share (copied from policies/rego/bridgeway/share.rego)
 *   bridgeway/data.json      {"agreements": [agreement, ...], "revision": "sha256:..."}  = data.bridgeway
 * </pre>
 *
 * The agreements are the YAML documents as JSON, in file-name order, exactly as written; the revision is the
 * {@link EmbeddedDecisionPoint#revision()} of the same set, so both engines report the same policy revision. The set
 * is validated by loading it into an {@link EmbeddedDecisionPoint} first: a set that engine refuses is refused here
 * with the same {@link PolicyLoadException}, and nothing is written. Run it with
 * {@code opa run --server --addr :8181 --bundle out}.
 */
public final class OpaBundle {

    /** The bundle root, the Rego package prefix and the data path: {@code data.bridgeway}. */
    public static final String ROOT = "bridgeway";

    private static final ObjectMapper YAML = new ObjectMapper(
            new YAMLFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private OpaBundle() {
    }

    /**
     * Writes the bundle for the agreements in {@code agreementsDir} (validated against
     * {@value EmbeddedDecisionPoint#SCHEMA_FILE} beside it) and the Rego policies under {@code regoDir} (every
     * {@code *.rego} except {@code *_test.rego}, keeping its path below {@code regoDir}) into {@code out}, replacing
     * any bundle already there.
     *
     * @return {@code out}
     * @throws PolicyLoadException when the agreements cannot be loaded, or {@code regoDir} has no
     *                             {@code bridgeway/share.rego}
     * @throws UncheckedIOException when the bundle cannot be written
     */
    public static Path write(Path agreementsDir, Path regoDir, Path out) {
        EmbeddedDecisionPoint pdp = new EmbeddedDecisionPoint(agreementsDir);
        String revision = pdp.revision();
        List<Path> regoFiles = regoFiles(regoDir);

        ObjectNode data = JsonNodeFactory.instance.objectNode();
        ArrayNode agreements = data.putArray("agreements");
        for (Path file : agreementFiles(agreementsDir)) {
            agreements.add(readYaml(file));
        }
        data.put("revision", revision);

        ObjectNode manifest = JsonNodeFactory.instance.objectNode();
        manifest.put("revision", revision);
        manifest.putArray("roots").add(ROOT);

        try {
            Files.createDirectories(out);
            Folders.deleteTree(out.resolve(ROOT));
            Files.deleteIfExists(out.resolve(".manifest"));
            for (Path rego : regoFiles) {
                Path target = out.resolve(regoDir.relativize(rego).toString());
                Files.createDirectories(target.getParent());
                Files.copy(rego, target);
            }
            Path dataDir = Files.createDirectories(out.resolve(ROOT));
            Files.writeString(dataDir.resolve("data.json"), JSON.writeValueAsString(data) + "\n",
                    StandardCharsets.UTF_8);
            Files.writeString(out.resolve(".manifest"), JSON.writeValueAsString(manifest) + "\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the OPA bundle to " + out + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** The agreement files in the order {@link EmbeddedDecisionPoint} reads them: {@code *.yaml} by file name. */
    private static List<Path> agreementFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".yaml") && Files.isRegularFile(p))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new PolicyLoadException(dir, null, "cannot list the agreements: " + e.getMessage(), e);
        }
    }

    private static JsonNode readYaml(Path file) {
        try {
            return YAML.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw new PolicyLoadException(file, "$", "not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new PolicyLoadException(file, null, "cannot read: " + e.getMessage(), e);
        }
    }

    private static List<Path> regoFiles(Path regoDir) {
        Path share = regoDir.resolve(ROOT).resolve("share.rego");
        if (!Files.isRegularFile(share)) {
            throw new PolicyLoadException(share, null, "the Rego policy " + ROOT + "/share.rego is missing");
        }
        try (Stream<Path> s = Files.walk(regoDir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".rego"))
                    .filter(p -> !p.getFileName().toString().endsWith("_test.rego"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new PolicyLoadException(regoDir, null, "cannot list the Rego policies: " + e.getMessage(), e);
        }
    }
}
