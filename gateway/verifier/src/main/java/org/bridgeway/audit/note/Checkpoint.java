package org.bridgeway.audit.note;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Objects;
import org.bridgeway.audit.tree.MerkleHash;

/**
 * A tree head in the C2SP checkpoint format (c2sp.org/tlog-checkpoint): the log's origin line, the tree size in
 * decimal, the root hash in base64, then one extension line {@code issued <ISO-8601 instant>} carrying the time the
 * gateway signed it. The body is what signatures cover, byte for byte, ending with a newline.
 */
public record Checkpoint(String origin, long size, byte[] rootHash, Instant issuedAt) {
    private static final String ISSUED = "issued ";

    public Checkpoint {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(issuedAt, "issuedAt");
        if (origin.isBlank() || origin.contains("\n")) {
            throw new IllegalArgumentException("a checkpoint origin is one non-empty line");
        }
        if (size < 0) {
            throw new IllegalArgumentException("a tree size is never negative");
        }
        if (rootHash == null || rootHash.length != MerkleHash.SIZE) {
            throw new IllegalArgumentException("a root hash is 32 bytes");
        }
        rootHash = rootHash.clone();
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    public String body() {
        return origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(rootHash) + "\n"
                + ISSUED + issuedAt + "\n";
    }

    public byte[] bodyBytes() {
        return body().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads a checkpoint body strictly: every line present and well formed, nothing after it. */
    public static Checkpoint parse(String body) throws MalformedNoteException {
        if (body == null || !body.endsWith("\n")) {
            throw new MalformedNoteException("a checkpoint body ends with a newline");
        }
        String[] lines = body.substring(0, body.length() - 1).split("\n", -1);
        if (lines.length != 4) {
            throw new MalformedNoteException("a checkpoint has 4 lines (origin, size, root hash, issued), not "
                    + lines.length);
        }
        if (lines[0].isBlank()) {
            throw new MalformedNoteException("the checkpoint origin line is empty");
        }
        long size;
        if (!lines[1].matches("0|[1-9][0-9]{0,18}")) {
            throw new MalformedNoteException("the tree size is not a decimal number without leading zeros");
        }
        try {
            size = Long.parseLong(lines[1]);
        } catch (NumberFormatException e) {
            throw new MalformedNoteException("the tree size is out of range");
        }
        byte[] root;
        try {
            root = Base64.getDecoder().decode(lines[2]);
        } catch (IllegalArgumentException e) {
            throw new MalformedNoteException("the root hash is not base64");
        }
        if (root.length != MerkleHash.SIZE) {
            throw new MalformedNoteException("the root hash is not 32 bytes");
        }
        if (!lines[3].startsWith(ISSUED)) {
            throw new MalformedNoteException("the fourth line is not 'issued <instant>'");
        }
        try {
            return new Checkpoint(lines[0], size, root, Instant.parse(lines[3].substring(ISSUED.length())));
        } catch (DateTimeParseException e) {
            throw new MalformedNoteException("the issued time is not an ISO-8601 instant");
        }
    }
}
