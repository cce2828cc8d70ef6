package org.bridgeway.audit.witness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bridgeway.audit.note.InvalidSignatureException;
import org.bridgeway.audit.note.MalformedNoteException;
import org.bridgeway.audit.note.NoteKey;
import org.bridgeway.audit.note.NoteSignature;
import org.bridgeway.audit.note.SignedCheckpoint;
import org.bridgeway.audit.verify.Cosignatures;

/**
 * The log's side of the C2SP witness protocol (c2sp.org/tlog-witness): submits a signed head to one witness with
 * {@code add-checkpoint} and returns the witness's cosignature, checked against the witness's key. Lines by other
 * keys in the answer are ignored, as the protocol says. When the witness holds another size than the log thought
 * (409), the head is submitted once more with a consistency proof from the size the witness holds.
 */
public final class WitnessClient {
    private static final int MAX_ANSWER_BYTES = 16 * 1024;

    private final URI addCheckpoint;
    private final NoteKey witness;
    private final HttpClient http;

    /**
     * @param submissionPrefix the witness's submission prefix; requests go to {@code <prefix>/add-checkpoint}
     * @param witness          the witness's name and public key, as its cosignatures name it
     */
    public WitnessClient(URI submissionPrefix, NoteKey witness, HttpClient http) {
        String prefix = submissionPrefix.toString();
        this.addCheckpoint = URI.create((prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix)
                + WitnessServer.PATH);
        this.witness = Objects.requireNonNull(witness, "witness");
        this.http = Objects.requireNonNull(http, "http");
    }

    public NoteKey witness() {
        return witness;
    }

    /** Consistency proofs the log can give: RFC 6962 hashes from the tree of {@code from} entries to {@code to}. */
    @FunctionalInterface
    public interface Proofs {
        List<byte[]> consistency(long from, long to);
    }

    /** The witness would not cosign; {@link #status()} is its HTTP answer and the message its body. */
    public static final class RefusedException extends Exception {
        private final int status;

        public RefusedException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /**
     * Asks the witness to cosign {@code head}, saying it extends the head of {@code knownSize} the witness holds
     * (0: none, or the log does not know).
     */
    public NoteSignature cosign(SignedCheckpoint head, long knownSize, Proofs proofs)
            throws RefusedException, IOException, InterruptedException {
        HttpResponse<byte[]> answer = submit(head, knownSize, proofs);
        if (answer.statusCode() == 409 && isSize(answer)) {
            long held = heldSize(answer);
            if (held == knownSize || held > head.checkpoint().size()) {
                throw new RefusedException(409, "the witness holds a head of size " + held
                        + ", which the head of size " + head.checkpoint().size() + " cannot extend");
            }
            answer = submit(head, held, proofs);
        }
        if (answer.statusCode() != 200) {
            throw new RefusedException(answer.statusCode(), "the witness answered " + answer.statusCode() + ": "
                    + text(answer).strip());
        }
        return cosignatureIn(text(answer), head);
    }

    private HttpResponse<byte[]> submit(SignedCheckpoint head, long oldSize, Proofs proofs)
            throws IOException, InterruptedException {
        long size = head.checkpoint().size();
        List<byte[]> proof = oldSize == 0 || oldSize == size ? List.of() : proofs.consistency(oldSize, size);
        AddCheckpoint request = new AddCheckpoint(oldSize, proof, head.text());
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(addCheckpoint)
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.bytes())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.body().length > MAX_ANSWER_BYTES) {
            throw new IOException("the witness answered more than " + MAX_ANSWER_BYTES + " bytes");
        }
        return response;
    }

    private static boolean isSize(HttpResponse<byte[]> answer) {
        return answer.headers().firstValue("Content-Type")
                .map(type -> type.strip().startsWith(WitnessServer.SIZE_CONTENT_TYPE)).orElse(false);
    }

    private static long heldSize(HttpResponse<byte[]> answer) throws RefusedException {
        String body = text(answer);
        if (!body.matches("(0|[1-9][0-9]{0,18})\n")) {
            throw new RefusedException(409, "the witness's size answer is not a decimal line");
        }
        return Long.parseLong(body.strip());
    }

    /** The witness's cosignature among the answer's lines; lines by any other key are ignored. */
    NoteSignature cosignatureIn(String body, SignedCheckpoint head) throws RefusedException {
        List<String> problems = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            NoteSignature signature;
            try {
                signature = NoteSignature.parse(line);
            } catch (MalformedNoteException e) {
                throw new RefusedException(200, "the witness answered a line that is not a signature: "
                        + e.getMessage());
            }
            if (!signature.name().equals(witness.name())) {
                continue;
            }
            try {
                Cosignatures.check(head.checkpoint(), witness, signature);
                return signature;
            } catch (InvalidSignatureException e) {
                problems.add(e.getMessage());
            }
        }
        throw new RefusedException(200, "the witness answered no cosignature by its key "
                + (problems.isEmpty() ? "" : "that verifies (" + String.join("; ", problems) + ")"));
    }

    private static String text(HttpResponse<byte[]> answer) {
        return new String(answer.body(), StandardCharsets.UTF_8);
    }
}
