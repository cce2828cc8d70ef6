package org.bridgeway.audit.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.bridgeway.audit.AuditEvent;
import org.bridgeway.audit.AuditEventType;
import org.bridgeway.audit.key.SigningKey;
import org.bridgeway.audit.log.MerkleAuditLog;
import org.bridgeway.audit.note.InvalidSignatureException;
import org.bridgeway.audit.note.NoteKey;
import org.bridgeway.audit.store.JdbcAuditStore;
import org.bridgeway.audit.witness.Cosigner;
import org.bridgeway.audit.witness.WitnessClient;
import org.bridgeway.audit.witness.WitnessServer;
import org.bridgeway.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log submits its heads to a witness that speaks c2sp.org/tlog-witness (here the verifier's, over loopback
 * HTTP), with consistency proofs from its own tree, and keeps each cosignature beside its head, where verifiers
 * check it.
 */
class WitnessCollectionTest {
    private static final String ORIGIN = "bridgeway/local-authority:886";

    @TempDir
    Path dir;

    private final SigningKey gatewayKey = SigningKey.generate();
    private Database database;
    private MerkleAuditLog log;
    private final SigningKey witnessKey = SigningKey.generate();
    private WitnessServer witness;
    private WitnessClient client;

    @BeforeEach
    void open() throws Exception {
        database = Database.embedded(dir.resolve("db"));
        JdbcAuditStore store = new JdbcAuditStore(database.dataSource());
        log = new MerkleAuditLog(store, new TreeHeadSigner(store, gatewayKey, ORIGIN, Clock.systemUTC(),
                Duration.ofHours(1)), Clock.systemUTC());
        Cosigner cosigner = new Cosigner(new NoteKey(ORIGIN, gatewayKey.publicKey()), "witness.police-kent",
                witnessKey, dir.resolve("witness.checkpoint"), Clock.systemUTC());
        witness = WitnessServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), cosigner);
        client = new WitnessClient(witness.submissionPrefix(), cosigner.witness(), HttpClient.newHttpClient());
    }

    @AfterEach
    void close() throws Exception {
        witness.close();
        log.close();
        database.close();
    }

    private void append(int count) {
        for (int i = 0; i < count; i++) {
            log.append(new AuditEvent(AuditEventType.RECEIVED, "exchange-" + i, "local-authority:886", null,
                    Map.of("payloadDigest", "cd".repeat(32))));
        }
        log.headIncluding(log.size() - 1);
    }

    @Test
    void eachNewHeadIsCosignedWithAProofFromTheHeadTheWitnessHoldsAndKeptBesideIt() throws Exception {
        append(5);
        assertThat(log.signer().collectCosignature(client)).isEqualTo(5);
        assertThat(log.latestHead().note().verifyCosignature(client.witness())).isNotNull();

        append(8);
        assertThat(log.signer().collectCosignature(client)).isEqualTo(13);
        assertThat(log.latestHead().note().verifyCosignature(client.witness())).isNotNull();

        assertThat(log.verify().valid()).as(log.verify().problem()).isTrue();
    }

    @Test
    void theGatewaysSubmissionsCosignOnlyWhenTheLogHasGrownAndResumeWhenTheWitnessComesBack() throws Exception {
        WitnessEndpoint endpoint = WitnessEndpoint.of(witness.submissionPrefix().toString(),
                client.witness().verifierKey(NoteKey.COSIGNATURE_V1));
        try (WitnessSubmissions submissions = WitnessSubmissions.start(log.signer(), List.of(endpoint),
                Duration.ofHours(1))) {
            assertThat(submissions.submit()).as("an empty log has no head to cosign").isZero();

            append(3);
            assertThat(submissions.submit()).isEqualTo(1);
            assertThat(log.latestHead().note().verifyCosignature(client.witness())).isNotNull();
            assertThat(submissions.submit()).as("the same head is not submitted twice").isZero();

            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    witness.submissionPrefix().getPort());
            witness.close();
            append(2);
            assertThat(submissions.submit()).as("a witness that is down is asked again later").isZero();
            assertThatThrownBy(() -> log.latestHead().note().verifyCosignature(client.witness()))
                    .as("the new head has no cosignature yet").isInstanceOf(InvalidSignatureException.class);

            witness = WitnessServer.start(address, new Cosigner(new NoteKey(ORIGIN, gatewayKey.publicKey()),
                    "witness.police-kent", witnessKey, dir.resolve("witness.checkpoint"), Clock.systemUTC()));
            assertThat(submissions.submit()).isEqualTo(1);
            assertThat(log.latestHead().size()).isEqualTo(5);
            assertThat(log.latestHead().note().verifyCosignature(client.witness())).isNotNull();
        }
        assertThat(log.verify().valid()).as(log.verify().problem()).isTrue();
    }

    @Test
    void aWitnessIsNamedByItsVerifierKeyAndAForgedOneIsRefused() {
        NoteKey key = client.witness();
        String vkey = key.verifierKey(NoteKey.COSIGNATURE_V1);

        NoteKey read = WitnessEndpoint.of("https://witness.example/", vkey).key();
        assertThat(read.name()).isEqualTo(key.name());
        assertThat(read.publicKey()).isEqualTo(key.publicKey());
        assertThatThrownBy(() -> WitnessEndpoint.of("https://witness.example/", "other." + vkey))
                .hasMessageContaining("hash does not match");
        assertThatThrownBy(() -> WitnessEndpoint.of("https://witness.example/", key.verifierKey(NoteKey.ED25519)))
                .hasMessageContaining("algorithm");
        assertThatThrownBy(() -> WitnessEndpoint.of("ftp://witness.example/", vkey))
                .hasMessageContaining("http(s)");
    }
}
