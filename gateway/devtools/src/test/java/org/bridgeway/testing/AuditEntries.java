package org.bridgeway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.bridgeway.audit.AuditLog;
import org.bridgeway.audit.AuditRecord;

/** Reads a gateway's audit entries as JSON, for tests of what was audited (some entries are written in the background). */
public final class AuditEntries {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditEntries() {
    }

    /** Every entry of the given type, in order. */
    public static List<JsonNode> ofType(AuditLog log, String type) {
        List<JsonNode> out = new ArrayList<>();
        long size = log.size();
        for (long from = 0; from < size; from += 1000) {
            for (AuditRecord r : log.entries(from, Math.min(size, from + 1000))) {
                JsonNode entry = read(r.entryJson());
                if (type.equals(entry.path("type").asText())) {
                    out.add(entry);
                }
            }
        }
        return out;
    }

    /** The first entry of the type matching, waiting for the background writer up to 20 s. */
    public static JsonNode await(AuditLog log, String type, Predicate<JsonNode> matching) {
        List<JsonNode> found = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            found.clear();
            ofType(log, type).stream().filter(matching).findFirst().ifPresent(found::add);
            return !found.isEmpty();
        });
        return found.get(0);
    }

    /** The first AUTHENTICATION_FAILED entry with this reason code. */
    public static JsonNode awaitRefusal(AuditLog log, String reason) {
        return await(log, "AUTHENTICATION_FAILED", e -> reason.equals(e.path("details").path("reason").asText()));
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
