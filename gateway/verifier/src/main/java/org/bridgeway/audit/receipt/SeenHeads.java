package org.bridgeway.audit.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bridgeway.audit.note.MalformedNoteException;
import org.bridgeway.audit.note.SignedCheckpoint;

/**
 * The tree heads a party holds as evidence of what the log said: a witness's state file (one signed checkpoint), a
 * receipt, or a document of receipts ({@code {"receipts": [...]}}), whose checkpoints are the heads. Only read here;
 * {@link org.bridgeway.audit.verify.AuditLogVerifier#verify(List)} checks their signatures and holds the log to them.
 */
public final class SeenHeads {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_BYTES = 16L * 1024 * 1024;

    private SeenHeads() {
    }

    public static List<SignedCheckpoint> read(Path file) throws IOException, MalformedNoteException {
        if (Files.size(file) > MAX_BYTES) {
            throw new IOException("larger than " + MAX_BYTES + " bytes");
        }
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    public static List<SignedCheckpoint> parse(String text) throws MalformedNoteException {
        if (!text.stripLeading().startsWith("{")) {
            return List.of(SignedCheckpoint.parse(text));
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw new MalformedNoteException("neither a signed checkpoint nor receipt JSON");
        }
        List<SignedCheckpoint> heads = new ArrayList<>();
        for (JsonNode receipt : root.has("receipts") ? root.get("receipts") : List.of(root)) {
            JsonNode checkpoint = receipt.get("checkpoint");
            if (checkpoint == null || !checkpoint.isTextual()) {
                throw new MalformedNoteException("a receipt without a checkpoint");
            }
            heads.add(SignedCheckpoint.parse(checkpoint.textValue()));
        }
        return heads;
    }
}
