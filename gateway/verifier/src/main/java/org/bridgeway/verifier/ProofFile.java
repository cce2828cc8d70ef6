package org.bridgeway.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;

/**
 * A proof given on the command line: the gateway's API answer as saved (JSON holding the base64 hashes under
 * {@code inclusionProof} or {@code consistencyProof}, with the sizes it is for), or plain text, one base64 hash a line.
 */
record ProofFile(JsonNode json, List<byte[]> hashes) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_BYTES = 64 * 1024;

    /** @throws IOException if the file cannot be read or is not a proof, saying why */
    static ProofFile read(Path file, String field) throws IOException {
        if (Files.size(file) > MAX_BYTES) {
            throw new IOException(file + " is larger than any proof (" + MAX_BYTES + " bytes)");
        }
        String text = Files.readString(file);
        return parse(text, field, file.toString());
    }

    static ProofFile parse(String text, String field, String where) throws IOException {
        List<String> lines = new ArrayList<>();
        JsonNode json = null;
        if (text.stripLeading().startsWith("{")) {
            json = JSON.readTree(text);
            JsonNode array = json.get(field);
            if (array == null || !array.isArray()) {
                throw new IOException(where + " has no '" + field + "' array");
            }
            array.forEach(hash -> lines.add(hash.asText()));
        } else {
            text.lines().map(String::strip).filter(line -> !line.isEmpty()).forEach(lines::add);
        }
        List<byte[]> hashes = new ArrayList<>();
        for (String line : lines) {
            try {
                hashes.add(Base64.getDecoder().decode(line));
            } catch (IllegalArgumentException e) {
                throw new IOException(where + " holds a proof element that is not base64");
            }
        }
        return new ProofFile(json, hashes);
    }

    /** A number the API answer states beside the proof (an index, a size), if it is a JSON answer that has it. */
    OptionalLong number(String name) {
        JsonNode value = json == null ? null : json.get(name);
        return value != null && value.canConvertToLong() ? OptionalLong.of(value.asLong()) : OptionalLong.empty();
    }
}
