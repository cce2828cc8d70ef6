package org.bridgeway.directory;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.BiFunction;
import org.bridgeway.policy.PolicyLoadException;

/**
 * One YAML file of the directory, read and checked against its JSON schema (the file beside it): the first problem
 * is a {@link PolicyLoadException} naming the file, the JSON path of the field and, through {@code entryName}, the
 * entry it lies in (an authority's DfE number and name), so that whoever maintains the file finds it at once.
 */
final class DirectoryFile {
    private static final ObjectMapper YAML = new ObjectMapper(
            new YAMLFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));
    private static final ObjectMapper JSON = new ObjectMapper();

    private DirectoryFile() {
    }

    /**
     * The file's tree once it matches {@code schemaFile}.
     *
     * @param entryName what to call the entry of the file's tree a JSON path lies in ("authority 886 (Kent)"), when it lies in one
     */
    static JsonNode read(Path file, Path schemaFile, BiFunction<JsonNode, String, Optional<String>> entryName) {
        JsonNode tree;
        try {
            tree = YAML.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw new PolicyLoadException(file, "$", "not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        } catch (IOException e) {
            throw new PolicyLoadException(file, null, "cannot read: " + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new PolicyLoadException(file, "$", "must be a YAML mapping");
        }
        Optional<ValidationMessage> first = schema(schemaFile).validate(tree).stream()
                .min(Comparator.comparing(DirectoryFile::fieldOf).thenComparing(ValidationMessage::getMessage));
        if (first.isPresent()) {
            String field = fieldOf(first.get());
            throw new PolicyLoadException(file, field, entryName.apply(tree, field).map(e -> e + ": ").orElse("")
                    + "does not match " + schemaFile.getFileName() + ": " + describe(first.get()));
        }
        return tree;
    }

    private static JsonSchema schema(Path schemaFile) {
        try {
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_PATH)
                    .formatAssertionsEnabled(true).build();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(JSON.readTree(schemaFile.toFile()), config);
        } catch (IOException | RuntimeException e) {
            throw new PolicyLoadException(schemaFile, null, "cannot read the schema: " + e.getMessage(), e);
        }
    }

    /** The JSON path of the field a message is about: for a missing or unknown property, the property itself. */
    private static String fieldOf(ValidationMessage m) {
        String at = m.getInstanceLocation().toString();
        return m.getProperty() != null && ("required".equals(m.getType()) || "additionalProperties".equals(m.getType()))
                ? at + "." + m.getProperty() : at;
    }

    private static String describe(ValidationMessage m) {
        String text = m.getMessage();
        String at = m.getInstanceLocation().toString() + ": ";
        return text.startsWith(at) ? text.substring(at.length()) : text;
    }
}
