package org.bridgeway.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.bridgeway.testing.GatewayFixture;

/** The project's sample notices as the demo systems submit them over the API. */
final class SampleSubmissions {
    private SampleSubmissions() {
    }

    /** The sample placement, Kent's, with its own source reference so each is a new notice. */
    static String kentPlacement(String sourceReference) {
        try {
            ObjectNode doc = (ObjectNode) ApiClient.JSON.readTree(Files.readString(GatewayFixture.samples()
                    .resolve("placements").resolve("01-emergency-placement-manchester.json"), StandardCharsets.UTF_8));
            doc.put("sourceReference", sourceReference);
            return ApiClient.JSON.writeValueAsString(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample suspension, sent by the demo school (school:118000). */
    static String schoolExclusion() {
        try {
            return Files.readString(GatewayFixture.samples().resolve("exclusions").resolve("03-suspension.json"))
                    .replace("\"113456\"", "\"118000\"");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
