package org.bridgeway.audit.witness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.bridgeway.audit.key.SigningKey;
import org.bridgeway.audit.note.Checkpoint;
import org.bridgeway.audit.note.NoteKey;
import org.bridgeway.audit.note.NoteSignature;
import org.bridgeway.audit.note.SignedCheckpoint;
import org.bridgeway.audit.verify.CheckpointRefusedException;
import org.bridgeway.audit.verify.LogCheckpoints;

/**
 * A witness, as a partner agency runs it: fetches the gateway's latest signed tree head, checks it is a head of the
 * log it witnesses (the log's origin, signed by the gateway's key) and consistent with the last head this witness
 * saw (kept in a state file), then countersigns it (c2sp.org/tlog-cosignature) and hands the cosignature to the
 * gateway. A head that is not an extension of what the witness saw before — a fork, a rewrite, a rollback — is
 * refused and the state is left as it was. The rule itself, and the state, are the {@link Cosigner}'s; the head is
 * recorded before the cosignature is handed over.
 */
public final class Witness {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RESPONSE_CHARS = 64 * 1024;

    private final URI gateway;
    private final Cosigner cosigner;
    private final HttpClient http;
    /** The witness's bearer token, when the gateway checks tokens; asked for on every request (tokens expire). */
    private final Supplier<String> bearerToken;

    /** @param log the log witnessed: its origin and the gateway's public key */
    public Witness(URI gateway, NoteKey log, String name, SigningKey signingKey, Path state, Clock clock) {
        this(gateway, log, name, signingKey, state, clock,
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    /**
     * A witness talking to the gateway through {@code http}: over mutual TLS, a client with the witness's
     * partner certificate and the gateway's CA in its SSL context.
     */
    public Witness(URI gateway, NoteKey log, String name, SigningKey signingKey, Path state, Clock clock,
                   HttpClient http) {
        this(gateway, new Cosigner(log, name, signingKey, state, clock), http, null);
    }

    private Witness(URI gateway, Cosigner cosigner, HttpClient http, Supplier<String> bearerToken) {
        this.gateway = gateway;
        this.cosigner = cosigner;
        this.http = http;
        this.bearerToken = bearerToken;
    }

    /**
     * The same witness sending {@code Authorization: Bearer <token>} with every request, for a gateway that checks
     * certificate-bound tokens: the token must be bound to the certificate of {@code http}'s SSL context.
     */
    public Witness withBearerToken(Supplier<String> token) {
        return new Witness(gateway, cosigner, http, token);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(gateway.resolve(path)).timeout(Duration.ofSeconds(10));
        return bearerToken == null ? builder : builder.header("Authorization", "Bearer " + bearerToken.get());
    }

    /** Why the witness would not countersign. */
    public static final class Refusal extends Exception {
        public Refusal(String message) {
            super(message);
        }
    }

    /** What was countersigned, and the head seen before it (size -1 on a first run). */
    public record Outcome(long previousSize, Checkpoint cosigned) {
    }

    public Outcome run() throws Refusal, IOException, InterruptedException {
        SignedCheckpoint latest = verified(get("/api/v1/audit/checkpoint"), "the gateway's latest head");
        long previousSize = -1;
        long oldSize = 0;
        List<byte[]> proof = List.of();
        try {
            Optional<SignedCheckpoint> previous = cosigner.latest();
            if (previous.isPresent()) {
                Checkpoint before = previous.get().checkpoint();
                Checkpoint now = latest.checkpoint();
                if (now.size() < before.size()) {
                    throw new Refusal("the log shrank from " + before.size() + " to " + now.size()
                            + " entries: it was truncated or rolled back");
                }
                JsonNode answer = JSON.readTree(get("/api/v1/audit/proof/consistency?first=" + before.size()
                        + "&second=" + now.size()));
                proof = new ArrayList<>();
                for (JsonNode p : answer.path("consistencyProof")) {
                    proof.add(Base64.getDecoder().decode(p.asText()));
                }
                previousSize = before.size();
                oldSize = before.size();
            }
            NoteSignature cosignature = cosigner.add(oldSize, proof, latest);
            NoteKey witnessKey = cosigner.witness();
            post("/api/v1/audit/cosignatures", Map.of("treeSize", latest.checkpoint().size(),
                    "witness", witnessKey.name(),
                    "publicKey", Base64.getEncoder().encodeToString(witnessKey.publicKey()),
                    "cosignature", cosignature.line().strip()));
        } catch (Cosigner.Refused e) {
            throw new Refusal(e.getMessage());
        }
        return new Outcome(previousSize, latest.checkpoint());
    }

    private SignedCheckpoint verified(String text, String what) throws Refusal {
        try {
            return LogCheckpoints.open(text, cosigner.log());
        } catch (CheckpointRefusedException e) {
            throw new Refusal(what + " " + e.getMessage());
        }
    }

    private String get(String path) throws IOException, InterruptedException, Refusal {
        HttpResponse<String> response = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            throw new Refusal("GET " + path + " answered " + response.statusCode());
        }
        if (response.body().length() > MAX_RESPONSE_CHARS) {
            throw new Refusal("GET " + path + " answered more than " + MAX_RESPONSE_CHARS + " characters");
        }
        return response.body();
    }

    private void post(String path, Map<String, Object> body) throws IOException, InterruptedException, Refusal {
        HttpResponse<String> response = http.send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 201) {
            throw new Refusal("the gateway did not take the cosignature: " + response.statusCode() + " "
                    + response.body());
        }
    }
}
