package org.bridgeway.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.bridgeway.audit.tree.MerkleHash;

/**
 * The audit log as it stands at the end, read through {@code GET /api/v1/audit/entries} as an auditor reads it, and
 * what the suite needs of it: the DISCLOSED entries (message id, exchange, recipient), every recipient named, and
 * the Merkle root at any size, computed here from the entries themselves (RFC 9162 §2.1.1, leaf hashes recomputed
 * from the entry bytes) rather than taken from the gateway.
 */
final class FinalLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 1000;

    private final List<JsonNode> entries;
    private final List<byte[]> leaves;

    /** A DISCLOSED entry: which message went to whom in which exchange. */
    record Disclosed(String messageId, String exchangeId, String recipient) {
    }

    private FinalLog(List<JsonNode> entries, List<byte[]> leaves) {
        this.entries = entries;
        this.leaves = leaves;
    }

    static FinalLog read(ApiClients api, String auditor, Duration patience) {
        List<JsonNode> entries = new ArrayList<>();
        List<byte[]> leaves = new ArrayList<>();
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            JsonNode page = page(api, auditor, entries.size(), deadline);
            JsonNode list = page.path("entries");
            if (list.isEmpty()) {
                return new FinalLog(entries, leaves);
            }
            for (JsonNode record : list) {
                if (record.path("seq").asLong() != entries.size()) {
                    throw new IllegalStateException("the log has a gap: entry " + record.path("seq").asLong()
                            + " where " + entries.size() + " was expected");
                }
                String entry = record.path("entryJson").asText();
                leaves.add(MerkleHash.leaf(entry.getBytes(StandardCharsets.UTF_8)));
                try {
                    entries.add(JSON.readTree(entry));
                } catch (IOException e) {
                    throw new IllegalStateException("audit entry " + entries.size() + " is not JSON", e);
                }
            }
        }
    }

    private static JsonNode page(ApiClients api, String auditor, long start, long deadline) {
        String path = "/audit/entries?start=" + start + "&end=" + (start + PAGE);
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = api.get(auditor, path);
                if (response.statusCode() == 200) {
                    return JSON.readTree(response.body());
                }
                last = new IllegalStateException("GET " + path + " answered " + response.statusCode());
            } catch (IOException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted reading the audit log", e);
            }
            Pause.of(Duration.ofMillis(500));
        }
        throw new IllegalStateException("cannot read the final audit log", last);
    }

    long size() {
        return entries.size();
    }

    List<Disclosed> disclosed() {
        List<Disclosed> out = new ArrayList<>();
        for (JsonNode e : entries) {
            if ("DISCLOSED".equals(e.path("type").asText())) {
                out.add(new Disclosed(e.path("details").path("messageId").asText(), e.path("exchangeId").asText(),
                        e.path("subject").asText()));
            }
        }
        return out;
    }

    /**
     * For each exchange that disclosed anything, every other exchange of the same notice (same idempotency key, from
     * the RECEIVED entries) that disclosed anything too: a notice the gateway processed under several exchange ids.
     */
    Map<String, Set<String>> otherDisclosingExchanges() {
        Set<String> disclosing = new HashSet<>();
        disclosed().forEach(d -> disclosing.add(d.exchangeId()));
        Map<String, Set<String>> byKey = new HashMap<>();
        for (JsonNode e : entries) {
            String exchange = e.path("exchangeId").asText();
            if ("RECEIVED".equals(e.path("type").asText()) && disclosing.contains(exchange)) {
                byKey.computeIfAbsent(e.path("details").path("idempotencyKey").asText(), k -> new HashSet<>())
                        .add(exchange);
            }
        }
        Map<String, Set<String>> others = new HashMap<>();
        for (Set<String> exchanges : byKey.values()) {
            for (String exchange : exchanges) {
                Set<String> rest = new HashSet<>(exchanges);
                rest.remove(exchange);
                others.put(exchange, rest);
            }
        }
        return others;
    }

    /** Every organisation the log names as a recipient: in RECEIVED entries' recipient lists and as subjects. */
    Set<String> recipients() {
        Set<String> out = new TreeSet<>();
        for (JsonNode e : entries) {
            if ("RECEIVED".equals(e.path("type").asText())) {
                e.path("details").path("recipients").forEach(r -> out.add(r.asText()));
            }
            if ("DISCLOSED".equals(e.path("type").asText())) {
                out.add(e.path("subject").asText());
            }
        }
        return out;
    }

    /** The root hash (base64) of the log's first {@code n} entries, for each n asked that the log has. */
    Map<Long, String> rootsAt(Collection<Long> sizes) {
        Set<Long> wanted = new HashSet<>(sizes);
        Map<Long, String> roots = new HashMap<>();
        // the compact range: the perfect subtrees covering [0, i), largest first, as (size, hash)
        Deque<long[]> sizesStack = new ArrayDeque<>();
        Deque<byte[]> hashStack = new ArrayDeque<>();
        for (int i = 0; i <= leaves.size(); i++) {
            if (wanted.contains((long) i)) {
                roots.put((long) i, Base64.getEncoder().encodeToString(root(hashStack)));
            }
            if (i == leaves.size()) {
                break;
            }
            byte[] hash = leaves.get(i);
            long size = 1;
            while (!sizesStack.isEmpty() && sizesStack.peek()[0] == size) {
                sizesStack.pop();
                hash = MerkleHash.node(hashStack.pop(), hash);
                size *= 2;
            }
            sizesStack.push(new long[] {size});
            hashStack.push(hash);
        }
        return roots;
    }

    /** RFC 9162's root of a compact range: the smallest subtrees hashed in first, right to left. */
    private static byte[] root(Deque<byte[]> stack) {
        if (stack.isEmpty()) {
            return MerkleHash.emptyTree();
        }
        byte[] hash = null;
        for (byte[] subtree : stack) { // from the top of the stack: the rightmost, smallest subtree first
            hash = hash == null ? subtree : MerkleHash.node(subtree, hash);
        }
        return hash;
    }
}
