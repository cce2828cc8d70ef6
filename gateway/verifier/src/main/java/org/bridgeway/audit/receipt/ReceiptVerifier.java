package org.bridgeway.audit.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.bridgeway.audit.note.Checkpoint;
import org.bridgeway.audit.note.NoteKey;
import org.bridgeway.audit.note.SignedCheckpoint;
import org.bridgeway.audit.timestamp.InvalidTimestampException;
import org.bridgeway.audit.tree.InvalidProofException;
import org.bridgeway.audit.tree.MerkleHash;
import org.bridgeway.audit.tree.ProofVerifier;
import org.bridgeway.audit.verify.CheckpointRefusedException;
import org.bridgeway.audit.verify.HeadTimestamps;
import org.bridgeway.audit.verify.LogCheckpoints;

/**
 * Checks a receipt offline with only the log's key: the gateway's public key (from its certificate) named by the
 * log's origin. Fails closed: a missing or mistyped field, an unknown format, a malformed proof or head, a head of
 * another log or a signature by any other key is a failure.
 */
public final class ReceiptVerifier {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RECEIPT_CHARS = 256 * 1024;

    private ReceiptVerifier() {
    }

    /** What a checked receipt proves: entry {@code index} is in the log named {@code origin} at {@code treeSize}. */
    public record Checked(String origin, long index, long treeSize, String entry, Optional<java.time.Instant> timestamped) {
    }

    /** Checks a receipt, or every receipt of a {@code {"receipts": [...]}} document. */
    public static List<Checked> verifyDocument(String json, NoteKey log) throws InvalidReceiptException {
        return verifyDocument(json, log, Optional.empty());
    }

    /**
     * As {@link #verifyDocument(String, NoteKey)}; with a time-stamping authority's certificate, a receipt's
     * timestamp token must also verify over its tree head (a receipt without one is still a valid receipt).
     */
    public static List<Checked> verifyDocument(String json, NoteKey log, Optional<X509Certificate> tsa)
            throws InvalidReceiptException {
        if (json.length() > MAX_RECEIPT_CHARS) {
            throw new InvalidReceiptException("a receipt document is at most " + MAX_RECEIPT_CHARS + " characters");
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new InvalidReceiptException("the receipt is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidReceiptException("the receipt is not a JSON object");
        }
        List<Checked> checked = new ArrayList<>();
        if (root.has("receipts")) {
            JsonNode all = root.get("receipts");
            if (!all.isArray() || all.isEmpty()) {
                throw new InvalidReceiptException("'receipts' is not a non-empty array");
            }
            for (int i = 0; i < all.size(); i++) {
                try {
                    checked.add(verify(all.get(i), log, tsa));
                } catch (InvalidReceiptException e) {
                    throw new InvalidReceiptException("receipt " + i + ": " + e.getMessage());
                }
            }
        } else {
            checked.add(verify(root, log, tsa));
        }
        return checked;
    }

    static Checked verify(JsonNode receipt, NoteKey log, Optional<X509Certificate> tsa)
            throws InvalidReceiptException {
        if (!Receipt.FORMAT.equals(text(receipt, "format"))) {
            throw new InvalidReceiptException("the format is not " + Receipt.FORMAT);
        }
        long index = number(receipt, "index");
        String entry = text(receipt, "entry");
        String leafHash = text(receipt, "leafHash");
        byte[] leaf = MerkleHash.leaf(entry.getBytes(StandardCharsets.UTF_8));
        if (!MerkleHash.hex(leaf).equals(leafHash)) {
            throw new InvalidReceiptException("the entry does not match its leaf hash");
        }
        try {
            JsonNode body = JSON.readTree(entry);
            if (body == null || !body.path("seq").canConvertToLong() || body.get("seq").asLong() != index) {
                throw new InvalidReceiptException("the entry does not name index " + index);
            }
        } catch (IOException e) {
            throw new InvalidReceiptException("the entry is not JSON");
        }
        SignedCheckpoint head;
        try {
            head = LogCheckpoints.open(text(receipt, "checkpoint"), log);
        } catch (CheckpointRefusedException e) {
            throw new InvalidReceiptException("the tree head " + e.getMessage());
        }
        Checkpoint checkpoint = head.checkpoint();
        JsonNode proofNode = receipt.get("inclusionProof");
        if (proofNode == null || !proofNode.isArray()) {
            throw new InvalidReceiptException("the inclusion proof is missing");
        }
        List<byte[]> proof = new ArrayList<>();
        for (JsonNode p : proofNode) {
            try {
                proof.add(Base64.getDecoder().decode(p.textValue() == null ? "?" : p.textValue()));
            } catch (IllegalArgumentException e) {
                throw new InvalidReceiptException("an inclusion proof element is not base64");
            }
        }
        try {
            ProofVerifier.checkInclusion(leaf, index, checkpoint.size(), proof, checkpoint.rootHash());
        } catch (InvalidProofException e) {
            throw new InvalidReceiptException("the inclusion proof fails: " + e.getMessage());
        }
        JsonNode token = receipt.get("timestampToken");
        Optional<java.time.Instant> timestamped = Optional.empty();
        if (token != null && !token.isNull() && tsa.isPresent()) {
            try {
                timestamped = Optional.of(HeadTimestamps.verify(token.asText(), checkpoint, tsa.get()));
            } catch (InvalidTimestampException | IllegalArgumentException e) {
                throw new InvalidReceiptException("the timestamp token does not verify: " + e.getMessage());
            }
        }
        return new Checked(checkpoint.origin(), index, checkpoint.size(), entry, timestamped);
    }

    private static String text(JsonNode node, String field) throws InvalidReceiptException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new InvalidReceiptException("the field '" + field + "' is missing or not a string");
        }
        return value.textValue();
    }

    private static long number(JsonNode node, String field) throws InvalidReceiptException {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
            throw new InvalidReceiptException("the field '" + field + "' is missing or not a non-negative integer");
        }
        return value.asLong();
    }
}
