package org.bridgeway.api;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.bridgeway.intake.PlacementJsonIntake;
import org.bridgeway.model.ExchangeType;

/**
 * The API's own description and the schemas of what recipients receive, as published: {@code GET
 * /api/v1/openapi.yaml} is the one file {@value #DOCUMENT} byte for byte (nothing is merged in at run time, so what
 * the contract test checks is what partners get), {@code /openapi.json} the same document as JSON, and {@code GET
 * /api/v1/schemas/received/{exchange-type}.schema.json} the JSON Schema of an exchange type's JSON rendering.
 */
public final class OpenApiDocument {
    /** The document, on the classpath. */
    public static final String DOCUMENT = "/openapi/bridgeway.yaml";
    /** Where the received schemas live on the classpath: the folder of the other published schemas. */
    public static final String RECEIVED_SCHEMAS = "/schemas/received/";
    public static final String RECEIVED_SUFFIX = ".schema.json";
    /** Only the exchange types' schemas are served: a path parameter never names another resource. */
    private static final Set<String> RECEIVED = Arrays.stream(ExchangeType.values())
            .map(t -> t.slug() + RECEIVED_SUFFIX).collect(Collectors.toUnmodifiableSet());

    private final byte[] yaml;
    private final byte[] json;

    public OpenApiDocument() {
        this.yaml = PlacementJsonIntake.resource(DOCUMENT);
        try {
            this.json = JsonMapper.builder().build().writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(new YAMLMapper().readTree(yaml));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the OpenAPI document " + DOCUMENT + " is not readable YAML", e);
        }
    }

    public void yaml(Exchange exchange) {
        ApiResponses.bytes(exchange, 200, "application/yaml", yaml);
    }

    public void json(Exchange exchange) {
        ApiResponses.bytes(exchange, 200, "application/json", json);
    }

    public void receivedSchema(Exchange exchange) {
        String name = exchange.getMessage().getHeader("schema", String.class);
        if (name == null || !RECEIVED.contains(name)) {
            ApiResponses.problem(exchange, 404, "Not found", "no received schema of that name; names are "
                    + "{exchange-type}" + RECEIVED_SUFFIX, null);
            return;
        }
        ApiResponses.bytes(exchange, 200, "application/schema+json",
                PlacementJsonIntake.resource(RECEIVED_SCHEMAS + name));
    }

    /** The received schema of an exchange type, as served. */
    public static byte[] receivedSchema(ExchangeType type) {
        return PlacementJsonIntake.resource(RECEIVED_SCHEMAS + type.slug() + RECEIVED_SUFFIX);
    }
}
