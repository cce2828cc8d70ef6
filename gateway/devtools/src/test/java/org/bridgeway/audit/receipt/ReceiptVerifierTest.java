package org.bridgeway.audit.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bridgeway.audit.AuditEvent;
import org.bridgeway.audit.AuditEventType;
import org.bridgeway.audit.key.SigningKey;
import org.bridgeway.audit.log.MerkleAuditLog;
import org.bridgeway.audit.note.Checkpoint;
import org.bridgeway.audit.note.NoteKey;
import org.bridgeway.audit.note.SignedCheckpoint;
import org.bridgeway.audit.sign.TreeHeadSigner;
import org.bridgeway.audit.store.JdbcAuditStore;
import org.bridgeway.audit.timestamp.Rfc3161Client;
import org.bridgeway.dev.tsa.DevelopmentTimestampAuthority;
import org.bridgeway.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Receipts checked offline with the gateway's key only, and every way of faking one refused with the reason. */
class ReceiptVerifierTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORIGIN = "bridgeway/local-authority:886";

    @TempDir
    Path dir;

    private final SigningKey key = SigningKey.generate();
    private final NoteKey logKey = new NoteKey(ORIGIN, key.publicKey());
    private DevelopmentTimestampAuthority tsa;
    private Database database;
    private MerkleAuditLog log;

    @BeforeEach
    void open() {
        tsa = DevelopmentTimestampAuthority.start();
        database = Database.embedded(dir.resolve("db"));
        JdbcAuditStore store = new JdbcAuditStore(database.dataSource());
        log = new MerkleAuditLog(store, new TreeHeadSigner(store, key, ORIGIN, Clock.systemUTC(), Duration.ofHours(1),
                Optional.of(new Rfc3161Client(tsa.url(), tsa.certificate()))), Clock.systemUTC());
        for (int i = 0; i < 21; i++) {
            log.append(new AuditEvent(AuditEventType.RECEIVED, "exchange-" + i, "local-authority:886", null,
                    Map.of("payloadDigest", "cd".repeat(32))));
        }
    }

    @AfterEach
    void close() throws Exception {
        log.close();
        database.close();
        tsa.close();
    }

    private ObjectNode receipt(long index) {
        Receipt receipt = new Receipts(log).of(log.entries(index, index + 1)).get(0);
        return JSON.valueToTree(receipt);
    }

    private List<ReceiptVerifier.Checked> check(ObjectNode receipt) throws InvalidReceiptException {
        return ReceiptVerifier.verifyDocument(receipt.toString(), logKey);
    }

    @Test
    void aReceiptVerifiesWithTheGatewayKeyAndItsTimestampWithTheAuthoritysCertificate() throws Exception {
        ObjectNode receipt = receipt(13);
        assertThat(check(receipt)).singleElement().satisfies(c -> {
            assertThat(c.index()).isEqualTo(13);
            assertThat(c.treeSize()).isEqualTo(21);
            assertThat(c.origin()).isEqualTo(ORIGIN);
        });
        log.signer().timestampPending();
        ObjectNode timestamped = receipt(13);
        assertThat(timestamped.path("timestampToken").isTextual()).isTrue();
        assertThat(ReceiptVerifier.verifyDocument(timestamped.toString(), logKey, Optional.of(tsa.certificate())))
                .singleElement().satisfies(c -> assertThat(c.timestamped()).isPresent());
        try (DevelopmentTimestampAuthority other = DevelopmentTimestampAuthority.start()) {
            assertThatThrownBy(() -> ReceiptVerifier.verifyDocument(timestamped.toString(), logKey,
                    Optional.of(other.certificate()))).hasMessageContaining("timestamp token does not verify");
        }
    }

    @Test
    void anEditedEntryIsRefused() {
        ObjectNode receipt = receipt(4);
        receipt.put("entry", receipt.path("entry").asText().replace("exchange-4", "exchange-5"));
        assertThatThrownBy(() -> check(receipt)).isInstanceOf(InvalidReceiptException.class)
                .hasMessageContaining("does not match its leaf hash");
    }

    @Test
    void anotherKeyIsRefused() {
        ObjectNode receipt = receipt(4);
        assertThatThrownBy(() -> ReceiptVerifier.verifyDocument(receipt.toString(),
                new NoteKey(ORIGIN, SigningKey.generate().publicKey())))
                .isInstanceOf(InvalidReceiptException.class).hasMessageContaining("not signed by the gateway's key");
    }

    @Test
    void aHeadOfAnotherLogIsRefusedEvenUnderTheGatewaysKey() throws Exception {
        ObjectNode receipt = receipt(4);
        // the same tree and proof, under a head the same key signed for another of the operator's logs
        Checkpoint genuine = SignedCheckpoint.parse(receipt.path("checkpoint").asText()).checkpoint();
        NoteKey otherLog = new NoteKey("bridgeway/police:essex", key.publicKey());
        receipt.put("checkpoint", SignedCheckpoint.sign(new Checkpoint(otherLog.name(), genuine.size(),
                genuine.rootHash(), genuine.issuedAt()), otherLog, key::sign).text());
        assertThat(ReceiptVerifier.verifyDocument(receipt.toString(), otherLog)).singleElement()
                .satisfies(c -> assertThat(c.origin()).isEqualTo(otherLog.name()));
        assertThatThrownBy(() -> check(receipt)).isInstanceOf(InvalidReceiptException.class)
                .hasMessage("the tree head names the log bridgeway/police:essex, not " + ORIGIN);
    }

    @Test
    void aReceiptForAnotherTreeIsRefused() {
        ObjectNode receipt = receipt(4);
        // the same entry and proof, presented with a genuine head of a later, larger tree
        log.append(new AuditEvent(AuditEventType.RECEIVED, "exchange-x", "local-authority:886", null, Map.of()));
        receipt.put("checkpoint", log.signHeadNow().note().text());
        assertThatThrownBy(() -> check(receipt)).isInstanceOf(InvalidReceiptException.class)
                .hasMessageContaining("inclusion proof fails");
    }

    @Test
    void aMovedIndexIsRefused() {
        ObjectNode receipt = receipt(4);
        receipt.put("index", 5);
        assertThatThrownBy(() -> check(receipt)).hasMessageContaining("does not name index 5");
    }

    @Test
    void missingFieldsMalformedProofsAndUnknownFormatsFail() {
        for (String field : List.of("format", "index", "leafHash", "entry", "checkpoint", "inclusionProof")) {
            ObjectNode receipt = receipt(4);
            receipt.remove(field);
            assertThatThrownBy(() -> check(receipt)).as(field).isInstanceOf(InvalidReceiptException.class)
                    .hasMessageContaining(field.equals("inclusionProof") ? "inclusion proof is missing" : "'" + field + "'");
        }
        ObjectNode future = receipt(4);
        future.put("format", "bridgeway-audit-receipt/v2");
        assertThatThrownBy(() -> check(future)).hasMessageContaining("format");

        ObjectNode notBase64 = receipt(4);
        ((ArrayNode) notBase64.path("inclusionProof")).set(0, JSON.getNodeFactory().textNode("%%%"));
        assertThatThrownBy(() -> check(notBase64)).hasMessageContaining("not base64");

        ObjectNode shortHash = receipt(4);
        ((ArrayNode) shortHash.path("inclusionProof")).set(0, JSON.getNodeFactory().textNode("AAAA"));
        assertThatThrownBy(() -> check(shortHash)).hasMessageContaining("not a 32-byte");

        ObjectNode truncated = receipt(4);
        ((ArrayNode) truncated.path("inclusionProof")).remove(0);
        assertThatThrownBy(() -> check(truncated)).hasMessageContaining("inclusion proof fails");

        ObjectNode badHead = receipt(4);
        badHead.put("checkpoint", badHead.path("checkpoint").asText().replace("\n\n", "\n"));
        assertThatThrownBy(() -> check(badHead)).hasMessageContaining("tree head is malformed");

        assertThatThrownBy(() -> ReceiptVerifier.verifyDocument("[1,2]", logKey)).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> ReceiptVerifier.verifyDocument("{\"receipts\":[]}", logKey))
                .hasMessageContaining("non-empty");
    }
}
