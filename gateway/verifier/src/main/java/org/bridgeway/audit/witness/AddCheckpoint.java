package org.bridgeway.audit.witness;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.bridgeway.audit.tree.MerkleHash;

/**
 * The body of a c2sp.org/tlog-witness {@code add-checkpoint} request, read and written exactly: a line
 * {@code old <size>}, at most {@value #MAX_PROOF_LINES} lines of one base64 hash each (the RFC 6962 consistency
 * proof from that size), an empty line, then the signed checkpoint note. Every line ends in a newline.
 *
 * @param signedNote the checkpoint as a signed note, as sent; opened (origin, signature) by whoever receives it
 */
public record AddCheckpoint(long oldSize, List<byte[]> proof, String signedNote) {
    public static final int MAX_PROOF_LINES = 63;
    /** Enough for the old size, a full proof and the largest signed note that is read at all. */
    public static final int MAX_BODY_BYTES = 32 * 1024;

    public AddCheckpoint {
        if (oldSize < 0) {
            throw new IllegalArgumentException("a tree size is never negative");
        }
        proof = List.copyOf(proof);
        if (proof.size() > MAX_PROOF_LINES) {
            throw new IllegalArgumentException("at most " + MAX_PROOF_LINES + " consistency proof lines");
        }
        Objects.requireNonNull(signedNote, "signedNote");
    }

    /** A request body that is not an {@code add-checkpoint} body; answered 400. */
    public static final class MalformedRequestException extends Exception {
        public MalformedRequestException(String message) {
            super(message);
        }
    }

    public String text() {
        StringBuilder body = new StringBuilder("old ").append(oldSize).append('\n');
        proof.forEach(hash -> body.append(Base64.getEncoder().encodeToString(hash)).append('\n'));
        return body.append('\n').append(signedNote).toString();
    }

    public byte[] bytes() {
        return text().getBytes(StandardCharsets.UTF_8);
    }

    /** The checkpoint's origin line: which log the request is for, before anything is checked. */
    public String origin() {
        int end = signedNote.indexOf('\n');
        return end < 0 ? signedNote : signedNote.substring(0, end);
    }

    public static AddCheckpoint parse(byte[] body) throws MalformedRequestException {
        if (body.length > MAX_BODY_BYTES) {
            throw new MalformedRequestException("the body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedRequestException("the body is not UTF-8");
        }
        int lineEnd = text.indexOf('\n');
        if (lineEnd < 0) {
            throw new MalformedRequestException("the body has no old size line");
        }
        String oldLine = text.substring(0, lineEnd);
        if (!oldLine.matches("old (0|[1-9][0-9]{0,18})")) {
            throw new MalformedRequestException("the first line is not 'old <size>' in decimal without leading zeros");
        }
        long oldSize;
        try {
            oldSize = Long.parseLong(oldLine.substring(4));
        } catch (NumberFormatException e) {
            throw new MalformedRequestException("the old size is out of range");
        }
        List<byte[]> proof = new ArrayList<>();
        int start = lineEnd + 1;
        while (true) {
            lineEnd = text.indexOf('\n', start);
            if (lineEnd < 0) {
                throw new MalformedRequestException("the body has no empty line before the checkpoint");
            }
            String line = text.substring(start, lineEnd);
            start = lineEnd + 1;
            if (line.isEmpty()) {
                break;
            }
            if (proof.size() == MAX_PROOF_LINES) {
                throw new MalformedRequestException("more than " + MAX_PROOF_LINES + " consistency proof lines");
            }
            proof.add(hash(line));
        }
        String note = text.substring(start);
        if (note.isEmpty()) {
            throw new MalformedRequestException("the body has no checkpoint");
        }
        return new AddCheckpoint(oldSize, proof, note);
    }

    private static byte[] hash(String line) throws MalformedRequestException {
        byte[] hash;
        try {
            hash = Base64.getDecoder().decode(line);
        } catch (IllegalArgumentException e) {
            throw new MalformedRequestException("a consistency proof line is not base64");
        }
        if (hash.length != MerkleHash.SIZE) {
            throw new MalformedRequestException("a consistency proof line is not a 32-byte hash");
        }
        return hash;
    }
}
