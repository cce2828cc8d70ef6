package org.bridgeway.audit.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.bridgeway.audit.key.SigningKey;
import org.bridgeway.audit.note.Checkpoint;
import org.bridgeway.audit.note.NoteKey;
import org.bridgeway.audit.note.NoteSignature;
import org.bridgeway.audit.note.SignedCheckpoint;
import org.bridgeway.audit.tree.MemoryLog;
import org.bridgeway.audit.tree.MerkleHash;
import org.bridgeway.audit.tree.MerkleTree;
import org.bridgeway.audit.verify.Cosignatures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The witness over loopback HTTP, as c2sp.org/tlog-witness has it: the log submits {@code add-checkpoint} with a
 * consistency proof from the size the witness holds and gets the cosignature back; every refusal the protocol names
 * is answered with its status. The specification's own example bodies (test resources, byte for byte, signed by keys
 * nobody here holds) check the format, and what a witness and a client do with a log and keys they do not know.
 */
class WitnessServerTest {
    private static final String ORIGIN = "bridgeway/local-authority:886";
    private static final Instant NOW = Instant.parse("2026-03-02T10:15:30Z");

    @TempDir
    Path dir;

    private final SigningKey gatewayKey = SigningKey.generate();
    private final NoteKey log = new NoteKey(ORIGIN, gatewayKey.publicKey());
    private final SigningKey witnessKey = SigningKey.generate();
    private final MemoryLog entries = new MemoryLog();
    private final HttpClient http = HttpClient.newHttpClient();
    private Path state;
    private Cosigner cosigner;
    private WitnessServer server;

    @BeforeEach
    void start() throws IOException {
        for (int i = 0; i < 9; i++) {
            entries.append(("entry " + i).getBytes(StandardCharsets.UTF_8));
        }
        state = dir.resolve("witness.key.checkpoint");
        cosigner = new Cosigner(log, "witness.police-kent", witnessKey, state, Clock.fixed(NOW, ZoneOffset.UTC));
        server = WitnessServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), cosigner);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private SignedCheckpoint head(long size) {
        return head(size, new MerkleTree(entries).root(size), gatewayKey);
    }

    private static SignedCheckpoint head(long size, byte[] root, SigningKey key) {
        Checkpoint checkpoint = new Checkpoint(ORIGIN, size, root, NOW.minusSeconds(60).plusSeconds(size));
        return SignedCheckpoint.sign(checkpoint, new NoteKey(ORIGIN, key.publicKey()), key::sign);
    }

    private List<byte[]> proof(long from, long to) {
        return new MerkleTree(entries).consistencyProof(from, to);
    }

    private HttpResponse<String> post(byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.submissionPrefix() + "/add-checkpoint"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> add(long old, List<byte[]> proof, SignedCheckpoint head) throws Exception {
        return post(new AddCheckpoint(old, proof, head.text()).bytes());
    }

    private static byte[] example(String name) throws IOException {
        try (InputStream in = WitnessServerTest.class.getResourceAsStream("/c2sp/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void theSpecificationsExampleRequestIsReadAndWrittenByteForByte() throws Exception {
        byte[] body = example("tlog-witness-add-checkpoint-request.txt");

        AddCheckpoint request = AddCheckpoint.parse(body);

        assertThat(request.oldSize()).isEqualTo(20852014);
        assertThat(request.proof()).hasSize(4).allSatisfy(hash -> assertThat(hash).hasSize(32));
        assertThat(Base64.getEncoder().encodeToString(request.proof().get(3)))
                .isEqualTo("/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=");
        assertThat(request.origin()).isEqualTo("example.com/behind-the-sofa");
        assertThat(request.signedNote()).startsWith("example.com/behind-the-sofa\n20852163\n")
                .endsWith("m9Q=\n");
        assertThat(request.bytes()).isEqualTo(body);
    }

    @Test
    void theSpecificationsExampleForALogThisWitnessDoesNotWitnessIsNotFound() throws Exception {
        HttpResponse<String> answer = post(example("tlog-witness-add-checkpoint-request.txt"));

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(state).doesNotExist();
    }

    @Test
    void theSpecificationsExampleResponseIsReadAndCosignaturesByUnknownKeysAreIgnored() throws Exception {
        String response = new String(example("tlog-witness-add-checkpoint-response.txt"), StandardCharsets.UTF_8);
        List<NoteSignature> lines = new ArrayList<>();
        for (String line : response.lines().toList()) {
            lines.add(NoteSignature.parse(line));
        }
        assertThat(lines).extracting(NoteSignature::name)
                .containsExactly("witness.example/w1", "witness.example/w1", "witness.example/w2");
        assertThat(lines).allSatisfy(line -> assertThat(line.payload()).hasSize(4 + 8 + 64));

        SignedCheckpoint head = head(3);
        WitnessClient client = new WitnessClient(server.submissionPrefix(), cosigner.witness(), http);
        assertThatThrownBy(() -> client.cosignatureIn(response, head))
                .isInstanceOf(WitnessClient.RefusedException.class)
                .hasMessageStartingWith("the witness answered no cosignature by its key");

        NoteSignature ours = cosigner.add(0, List.of(), head);
        assertThat(client.cosignatureIn(response + ours.line(), head).line()).isEqualTo(ours.line());
    }

    @Test
    void theLogGetsACosignatureForEachHeadThatExtendsTheLastOne() throws Exception {
        HttpResponse<String> first = add(0, List.of(), head(3));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        NoteSignature cosignature = NoteSignature.parse(first.body().strip());
        assertThat(first.body()).endsWith("\n").hasLineCount(1);
        assertThat(Cosignatures.check(head(3).checkpoint(), cosigner.witness(), cosignature))
                .isEqualTo(NOW);
        assertThat(Files.readString(state)).startsWith(ORIGIN + "\n3\n");

        HttpResponse<String> second = add(3, proof(3, 7), head(7));
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        Cosignatures.check(head(7).checkpoint(), cosigner.witness(), NoteSignature.parse(second.body().strip()));
        assertThat(Files.readString(state)).startsWith(ORIGIN + "\n7\n");
    }

    @Test
    void anOldSizeOtherThanTheOneHeldIsAConflictThatSaysTheSizeHeld() throws Exception {
        add(0, List.of(), head(3));

        HttpResponse<String> answer = add(0, List.of(), head(7));

        assertThat(answer.statusCode()).isEqualTo(409);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("text/x.tlog.size");
        assertThat(answer.body()).isEqualTo("3\n");
    }

    @Test
    void aProofThatDoesNotVerifyIsUnprocessableAndNothingIsRecorded() throws Exception {
        add(0, List.of(), head(3));
        String kept = Files.readString(state);
        List<byte[]> wrong = new ArrayList<>(proof(3, 7));
        Collections.reverse(wrong);

        assertThat(add(3, wrong, head(7)).statusCode()).isEqualTo(422);
        assertThat(add(3, List.of(), head(7)).statusCode()).isEqualTo(422);
        assertThat(Files.readString(state)).isEqualTo(kept);
    }

    @Test
    void aHeadOfTheSizeHeldWithAnotherRootIsAConflict() throws Exception {
        add(0, List.of(), head(7));

        HttpResponse<String> answer = add(7, List.of(), head(7, MerkleHash.leaf(new byte[] {1}), gatewayKey));

        assertThat(answer.statusCode()).isEqualTo(409);
        assertThat(answer.headers().firstValue("Content-Type")).isNotEqualTo("text/x.tlog.size");
        assertThat(answer.body()).contains("forked");
    }

    @Test
    void anOldSizeAboveTheHeadsIsABadRequest() throws Exception {
        assertThat(add(9, List.of(), head(7)).statusCode()).isEqualTo(400);
    }

    @Test
    void aHeadNoSignatureOfWhichIsTheLogsIsForbidden() throws Exception {
        SignedCheckpoint forged = head(3, new MerkleTree(entries).root(3), SigningKey.generate());

        assertThat(add(0, List.of(), forged).statusCode()).isEqualTo(403);
        assertThat(state).doesNotExist();
    }

    @Test
    void malformedRequestsAreBadRequestsAndOnlyPostIsAnswered() throws Exception {
        String note = head(3).text();
        assertThat(post(("old 0\n" + note).getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(400);
        assertThat(post(("old 00\n\n" + note).getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(400);
        assertThat(post(("old 0\nnot base64!\n\n" + note).getBytes(StandardCharsets.UTF_8)).statusCode())
                .isEqualTo(400);
        String tooLong = (Base64.getEncoder().encodeToString(new byte[32]) + "\n").repeat(64);
        assertThat(post(("old 1\n" + tooLong + "\n" + note).getBytes(StandardCharsets.UTF_8)).statusCode())
                .isEqualTo(400);
        assertThat(post(("old 0\n\n" + note.replace("\n3\n", "\n03\n")).getBytes(StandardCharsets.UTF_8))
                .statusCode()).isEqualTo(400);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(server.submissionPrefix() + "/add-checkpoint")).GET()
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
        assertThat(state).doesNotExist();
    }

    @Test
    void theClientLearnsTheSizeTheWitnessHoldsAndSubmitsAgainWithAProofFromIt() throws Exception {
        add(0, List.of(), head(3));
        WitnessClient client = new WitnessClient(server.submissionPrefix(), cosigner.witness(), http);

        NoteSignature cosignature = client.cosign(head(7), 0, this::proof);

        Cosignatures.check(head(7).checkpoint(), cosigner.witness(), cosignature);
        assertThat(Files.readString(state)).startsWith(ORIGIN + "\n7\n");
    }

    @Test
    void theClientReportsARefusalWithTheWitnesssAnswer() throws Exception {
        add(0, List.of(), head(7));
        WitnessClient client = new WitnessClient(server.submissionPrefix(), cosigner.witness(), http);
        SignedCheckpoint fork = head(7, MerkleHash.leaf(new byte[] {1}), gatewayKey);

        assertThatThrownBy(() -> client.cosign(fork, 7, this::proof))
                .isInstanceOf(WitnessClient.RefusedException.class)
                .satisfies(e -> assertThat(((WitnessClient.RefusedException) e).status()).isEqualTo(409))
                .hasMessageContaining("forked");
    }
}
