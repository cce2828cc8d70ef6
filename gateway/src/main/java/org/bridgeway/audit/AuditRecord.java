package org.bridgeway.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An appended audit entry as stored: its index (the leaf's position in the tree), when it was recorded, its
 * canonical JSON and its leaf hash, SHA-256(0x00 || JSON) in hex.
 */
public record AuditRecord(long seq, String recordedAt, String entryJson, String leafHash) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A top-level field of the entry ("type", "actor", "subject", "exchangeId"), or null. */
    public String field(String name) {
        try {
            JsonNode value = JSON.readTree(entryJson).get(name);
            return value == null || value.isNull() ? null : value.asText();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit entry " + seq + " is not JSON", e);
        }
    }
}
