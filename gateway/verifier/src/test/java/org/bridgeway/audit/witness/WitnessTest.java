package org.bridgeway.audit.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.bridgeway.audit.key.SigningKey;
import org.bridgeway.audit.note.Checkpoint;
import org.bridgeway.audit.note.NoteKey;
import org.bridgeway.audit.note.SignedCheckpoint;
import org.bridgeway.audit.tree.MerkleHash;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The witness holds the gateway to the one log it witnesses: a head the gateway's key signed for another log is
 * refused, whether the gateway serves it now or it is the head the witness kept, and nothing is cosigned. The
 * gateway is a loopback stand-in serving the audit API's checkpoint and cosignature endpoints.
 */
class WitnessTest {
    private static final String ORIGIN = "bridgeway/local-authority:886";
    private static final String OTHER = "bridgeway/police:essex";

    @TempDir
    Path dir;

    private final SigningKey gatewayKey = SigningKey.generate();
    private final NoteKey log = new NoteKey(ORIGIN, gatewayKey.publicKey());
    private final AtomicInteger cosignaturesTaken = new AtomicInteger();
    private volatile String served;
    private HttpServer gateway;

    @BeforeEach
    void startGateway() throws Exception {
        gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        gateway.createContext("/api/v1/audit/checkpoint", exchange -> {
            byte[] body = served.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        gateway.createContext("/api/v1/audit/cosignatures", exchange -> {
            cosignaturesTaken.incrementAndGet();
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
        });
        gateway.start();
    }

    @AfterEach
    void stopGateway() {
        gateway.stop(0);
    }

    private Witness witness(Path state) {
        return new Witness(URI.create("http://127.0.0.1:" + gateway.getAddress().getPort() + "/"), log,
                "witness.police-kent", SigningKey.generate(), state, Clock.systemUTC());
    }

    private String head(String origin, long size) {
        Checkpoint checkpoint = new Checkpoint(origin, size, MerkleHash.leaf(new byte[] {(byte) size}), Instant.now());
        return SignedCheckpoint.sign(checkpoint, new NoteKey(origin, gatewayKey.publicKey()), gatewayKey::sign).text();
    }

    @Test
    void aHeadOfTheWitnessedLogIsCosigned() throws Exception {
        served = head(ORIGIN, 1);
        Path state = dir.resolve("witness.checkpoint");

        Witness.Outcome outcome = witness(state).run();

        assertThat(outcome.cosigned().origin()).isEqualTo(ORIGIN);
        assertThat(cosignaturesTaken).hasValue(1);
        assertThat(Files.readString(state)).startsWith(ORIGIN + "\n1\n");
    }

    @Test
    void aHeadTheGatewaysKeySignedForAnotherLogIsRefused() {
        served = head(OTHER, 1);
        Path state = dir.resolve("witness.checkpoint");

        assertThatThrownBy(() -> witness(state).run()).isInstanceOf(Witness.Refusal.class)
                .hasMessage("the gateway's latest head names the log " + OTHER + ", not " + ORIGIN);
        assertThat(cosignaturesTaken).hasValue(0);
        assertThat(state).doesNotExist();
    }

    @Test
    void aKeptHeadOfAnotherLogIsRefusedAndKept() throws Exception {
        served = head(ORIGIN, 2);
        Path state = dir.resolve("witness.checkpoint");
        String kept = head(OTHER, 1);
        Files.writeString(state, kept);

        assertThatThrownBy(() -> witness(state).run()).isInstanceOf(Witness.Refusal.class)
                .hasMessage("the head in " + state + " names the log " + OTHER + ", not " + ORIGIN);
        assertThat(cosignaturesTaken).hasValue(0);
        assertThat(Files.readString(state)).isEqualTo(kept);
    }
}
