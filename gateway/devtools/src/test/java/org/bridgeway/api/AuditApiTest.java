package org.bridgeway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bridgeway.audit.key.AuditCertificate;
import org.bridgeway.audit.key.SigningKey;
import org.bridgeway.audit.TreeHead;
import org.bridgeway.audit.note.Checkpoint;
import org.bridgeway.audit.note.NoteKey;
import org.bridgeway.audit.note.SignedCheckpoint;
import org.bridgeway.audit.receipt.ReceiptVerifier;
import org.bridgeway.audit.tree.MerkleHash;
import org.bridgeway.audit.tree.ProofVerifier;
import org.bridgeway.audit.witness.Witness;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.TlsGatewayFixture;
import org.bridgeway.testing.TestPki;
import org.bridgeway.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log over HTTP, checked the way a partner would: receipts for the sender and for each recipient, signed
 * heads, inclusion and consistency proofs, verified with only the gateway's certificate; and a witness.
 */
class AuditApiTest {
    private static final String KENT = "local-authority:886";
    private static final String GMP = "police:greater-manchester";
    private static final String ESSEX = "police:essex";

    @TempDir
    Path data;
    @TempDir
    Path witnessHome;

    private GatewayFixture fixture;
    private ApiClient api;
    private String exchangeId;
    private byte[] gatewayKey;
    /** The log the partner checks against: the gateway's key, named by the operator's origin. */
    private NoteKey log;

    @BeforeEach
    void startAndSubmit() throws Exception {
        fixture = TlsGatewayFixture.startWithHttp(data);
        api = new ApiClient(fixture.apiBase());
        exchangeId = submitSample();
        HttpResponse<String> pem = api.get("/audit/certificate", KENT);
        assertThat(pem.statusCode()).isEqualTo(200);
        assertThat(pem.body()).isEqualTo(Files.readString(data.resolve("keys").resolve(AuditCertificate.FILE)));
        gatewayKey = AuditCertificate.ed25519Key(AuditCertificate.read(pem.body()));
        log = new NoteKey("bridgeway/" + KENT, gatewayKey);
    }

    private String submitSample() throws Exception {
        String body = Files.readString(GatewayFixture.samples().resolve("placements")
                .resolve("01-emergency-placement-manchester.json"), StandardCharsets.UTF_8);
        HttpResponse<String> submitted = api.postJson("/placements", KENT, body.replace("placement-3\"", "placement-" + System.nanoTime() + "\""));
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        return ApiClient.json(submitted).path("exchangeId").asText();
    }

    /** Kent's auditor, through Kent's system: the audit log's entries are the auditor's view. */
    private static java.util.Optional<String> auditor() {
        return ApiClient.person(KENT, "sam.whitfield");
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void theSenderGetsAReceiptForEveryEntryOfItsExchangeThatVerifiesWithTheCertificateOnly() throws Exception {
        HttpResponse<String> response = api.get("/exchanges/" + exchangeId + "/receipts", KENT);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<ReceiptVerifier.Checked> checked = ReceiptVerifier.verifyDocument(response.body(), log);
        List<String> types = checked.stream().map(c -> field(c.entry(), "type")).toList();
        assertThat(types).contains("RECEIVED", "DECISION_ALLOW", "DISCLOSED");
        assertThat(checked).allSatisfy(c -> {
            assertThat(field(c.entry(), "exchangeId")).isEqualTo(exchangeId);
            assertThat(c.origin()).isEqualTo("bridgeway/" + KENT);
        });
        assertThat(checked.stream().map(c -> field(c.entry(), "subject")).distinct().toList())
                .as("the sender sees every recipient").hasSizeGreaterThan(1);
    }

    @Test
    void aRecipientGetsReceiptsOnlyForWhatConcernsItAndAStrangerGetsNothing() throws Exception {
        HttpResponse<String> response = api.get("/exchanges/" + exchangeId + "/receipts", GMP);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<ReceiptVerifier.Checked> checked = ReceiptVerifier.verifyDocument(response.body(), log);
        assertThat(checked).isNotEmpty().allSatisfy(c -> assertThat(field(c.entry(), "subject")).isEqualTo(GMP));
        assertThat(checked.stream().map(c -> field(c.entry(), "type")).toList()).contains("DISCLOSED");

        HttpResponse<String> stranger = api.get("/exchanges/" + exchangeId + "/receipts", ESSEX);
        assertThat(stranger.statusCode()).isEqualTo(404);
        assertThat(api.get("/exchanges/" + exchangeId + "/receipts", null).statusCode()).isEqualTo(401);
    }

    @Test
    void proofsServedVerifyAgainstTheSignedHead() throws Exception {
        TreeHead first = fixture.gateway().auditLog().latestHead();
        submitSample();
        fixture.gateway().auditLog().headIncluding(fixture.gateway().auditLog().size() - 1);

        HttpResponse<String> checkpoint = api.get("/audit/checkpoint", KENT);
        assertThat(ApiClient.contentType(checkpoint)).startsWith("text/plain");
        SignedCheckpoint head = SignedCheckpoint.parse(checkpoint.body());
        head.verifyLogSignature(new NoteKey(head.checkpoint().origin(), gatewayKey));
        long size = head.checkpoint().size();
        assertThat(size).isEqualTo(fixture.gateway().auditLog().size());
        JsonNode json = ApiClient.json(api.get("/audit/tree-head", KENT));
        assertThat(json.path("treeSize").asLong()).isEqualTo(size);
        assertThat(json.path("checkpoint").asText()).isEqualTo(checkpoint.body());

        JsonNode entries = ApiClient.json(api.get("/audit/entries?start=0&end=" + size, KENT, auditor()))
                .path("entries");
        assertThat(entries).hasSize((int) size);
        for (JsonNode entry : entries) {
            long index = entry.path("seq").asLong();
            byte[] leaf = MerkleHash.leaf(entry.path("entryJson").asText().getBytes(StandardCharsets.UTF_8));
            assertThat(MerkleHash.hex(leaf)).isEqualTo(entry.path("leafHash").asText());
            JsonNode byIndex = ApiClient.json(api.get("/audit/proof/inclusion?index=" + index + "&treeSize=" + size, KENT));
            ProofVerifier.checkInclusion(leaf, index, size, hashes(byIndex.path("inclusionProof")), head.checkpoint().rootHash());
            JsonNode byHash = ApiClient.json(api.get("/audit/proof/inclusion?leafHash=" + MerkleHash.hex(leaf)
                    + "&treeSize=" + size, KENT));
            assertThat(byHash.path("index").asLong()).isEqualTo(index);
        }
        JsonNode consistency = ApiClient.json(api.get("/audit/proof/consistency?first=" + first.size() + "&second=" + size, KENT));
        ProofVerifier.checkConsistency(first.size(), size, first.note().checkpoint().rootHash(),
                head.checkpoint().rootHash(), hashes(consistency.path("consistencyProof")));

        HttpResponse<String> bad = api.get("/audit/proof/inclusion?index=-1", KENT);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("'index' is not a non-negative integer");
        assertThat(api.get("/audit/proof/inclusion?index=" + size + "&treeSize=" + size, KENT).statusCode()).isEqualTo(400);
        assertThat(api.get("/audit/proof/consistency?first=5&second=" + (size + 100), KENT).statusCode()).isEqualTo(400);
        assertThat(api.get("/audit/entries?start=0&end=5000", KENT, auditor()).statusCode()).isEqualTo(400);
    }

    @Test
    void aWitnessCosignsConsistentHeadsAndRefusesAFork() throws Exception {
        Path key = witnessHome.resolve("witness.key");
        Path state = witnessHome.resolve("witness.checkpoint");
        Witness witness = new Witness(URI.create(fixture.apiBase().replace("/api/v1", "/")), log,
                "witness.police-kent", SigningKey.loadOrCreateFile(key), state, Clock.systemUTC(),
                TestPki.httpClient("police:kent")).withBearerToken(() -> TestTokens.serviceAccount("police:kent")
                .orElseThrow());
        fixture.gateway().auditLog().headIncluding(fixture.gateway().auditLog().size() - 1);
        Witness.Outcome first = witness.run();
        assertThat(first.previousSize()).isEqualTo(-1);

        submitSample();
        fixture.gateway().auditLog().headIncluding(fixture.gateway().auditLog().size() - 1);
        Witness.Outcome second = witness.run();
        assertThat(second.previousSize()).isEqualTo(first.cosigned().size());
        assertThat(second.cosigned().size()).isGreaterThan(first.cosigned().size());

        SignedCheckpoint served = SignedCheckpoint.parse(api.get("/audit/checkpoint", KENT).body());
        NoteKey witnessKey = new NoteKey("witness.police-kent", SigningKey.loadOrCreateFile(key).publicKey());
        assertThat(served.verifyCosignature(witnessKey)).isNotNull();
        assertThat(fixture.gateway().auditLog().verify().valid()).isTrue();

        // the witness is shown a head the gateway's key signed over another history of the same log
        SigningKey gatewaySigningKey = SigningKey.loadOrCreate(data.resolve("keys"));
        Checkpoint seen = second.cosigned();
        byte[] otherRoot = MerkleHash.leaf("another history".getBytes(StandardCharsets.UTF_8));
        Checkpoint forked = new Checkpoint(seen.origin(), seen.size() - 1, otherRoot, seen.issuedAt());
        Files.writeString(state, SignedCheckpoint.sign(forked, new NoteKey(seen.origin(), gatewayKey),
                gatewaySigningKey::sign).text());
        assertThatThrownBy(witness::run).isInstanceOf(Witness.Refusal.class)
                .hasMessageContaining("not consistent").hasMessageContaining("forked or rewritten");
        assertThat(Files.readString(state)).contains(Base64.getEncoder().encodeToString(otherRoot));
    }

    private static List<byte[]> hashes(JsonNode array) {
        List<byte[]> out = new ArrayList<>();
        array.forEach(n -> out.add(Base64.getDecoder().decode(n.asText())));
        return out;
    }

    private static String field(String entryJson, String name) {
        try {
            return ApiClient.JSON.readTree(entryJson).path(name).asText();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
