package org.bridgeway.audit.timestamp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.function.UnaryOperator;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bridgeway.audit.timestamp.ScriptedTsa.Answer;
import org.bridgeway.audit.timestamp.TimestampUnavailableException.Reason;
import org.bridgeway.dev.tsa.DevelopmentTimestampAuthority;
import org.bridgeway.dev.tsa.TokenIssuer;
import org.bridgeway.dev.tsa.TsaCredential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingSupplier;

/**
 * The client against the development TSA and against scripted ones that misbehave: it returns a token only when
 * every check passes, and otherwise names what was wrong.
 */
class Rfc3161ClientTest {
    private static final byte[] HEAD = TestTokens.sha256("tree head 1001");
    private static final Duration SHORT = Duration.ofMillis(500);

    private static DevelopmentTimestampAuthority tsa;
    private static TokenIssuer scriptedIssuer;

    @BeforeAll
    static void start() {
        tsa = DevelopmentTimestampAuthority.start();
        scriptedIssuer = new TokenIssuer(TsaCredential.generate());
    }

    @AfterAll
    static void stop() {
        tsa.close();
    }

    private static Rfc3161Client clientOf(URI url) {
        return new Rfc3161Client(url, scriptedIssuer.credential().certificate(), SHORT, SHORT);
    }

    /** A TSA that signs genuinely with {@link #scriptedIssuer}, but for the request {@code forge} makes of the query. */
    private static ScriptedTsa forging(UnaryOperator<TimeStampRequest> forge) throws IOException {
        return new ScriptedTsa(query -> {
            try {
                return Answer.reply(scriptedIssuer.respond(forge.apply(new TimeStampRequest(query))).getEncoded());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static TimestampUnavailableException failure(ThrowingSupplier<?> call) {
        try {
            Object unexpected = call.get();
            throw new AssertionError("expected TimestampUnavailableException, got " + unexpected);
        } catch (TimestampUnavailableException e) {
            return e;
        } catch (Throwable t) {
            throw new AssertionError("expected TimestampUnavailableException", t);
        }
    }

    @Test
    void issuesATokenThatVerifiesOffline() throws Exception {
        Rfc3161Client client = new Rfc3161Client(tsa.url(), tsa.certificate());
        Instant before = Instant.now();

        TimestampToken token = client.timestamp(HEAD);

        assertThat(token.genTime()).isBetween(before.minusMillis(1), Instant.now().plusMillis(1));
        assertThat(TimestampTokens.verify(token.der(), HEAD, tsa.certificate())).isEqualTo(token.genTime());
        assertThat(Base64.getDecoder().decode(token.base64())).isEqualTo(token.der());
        assertThat(client.timestamp(HEAD).serialNumber()).isGreaterThan(token.serialNumber());
    }

    @Test
    void aTokenFromAnotherAuthorityIsRefused() {
        try (DevelopmentTimestampAuthority other = DevelopmentTimestampAuthority.start()) {
            Rfc3161Client trustsFirst = new Rfc3161Client(other.url(), tsa.certificate());

            TimestampUnavailableException e = failure(() -> trustsFirst.timestamp(HEAD));

            assertThat(e.reason()).isEqualTo(Reason.BAD_RESPONSE);
            assertThat(e.getMessage()).contains("WRONG_SIGNER").contains("signed by another certificate");
        }
    }

    @Test
    void anOutageFailsQuicklyWithTheHttpStatus() {
        Rfc3161Client client = new Rfc3161Client(tsa.url(), tsa.certificate(), Duration.ofSeconds(5),
                Duration.ofSeconds(5));
        tsa.setAvailable(false);
        try {
            long start = System.nanoTime();
            TimestampUnavailableException e = failure(() -> client.timestamp(HEAD));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(e.reason()).isEqualTo(Reason.HTTP_STATUS);
            assertThat(e.getMessage()).contains("HTTP 503");
            assertThat(took).isLessThan(Duration.ofSeconds(2)); // the answer, not a timeout, ended the wait
        } finally {
            tsa.setAvailable(true);
        }
        assertThat(client.timestamp(HEAD).der()).isNotEmpty();
    }

    @Test
    void aClosedPortIsUnreachableWithinTheTimeout() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Rfc3161Client client = clientOf(URI.create("http://127.0.0.1:" + closedPort + "/tsa"));
        long start = System.nanoTime();

        TimestampUnavailableException e = failure(() -> client.timestamp(HEAD));

        assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
        assertThat(e.getMessage()).contains(":" + closedPort);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(SHORT.plus(SHORT).plusMillis(500));
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws IOException {
        // The kernel completes the handshake into the backlog; nothing ever reads the query or answers.
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Rfc3161Client client = clientOf(URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/tsa"));
            long start = System.nanoTime();

            TimestampUnavailableException e = failure(() -> client.timestamp(HEAD));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(e.reason()).isEqualTo(Reason.TIMED_OUT);
            assertThat(took).isGreaterThanOrEqualTo(SHORT).isLessThan(SHORT.plus(SHORT).plusMillis(500));
        }
    }

    @Test
    void anAnswerWhoseBodyStallsTimesOut() throws Exception {
        // Headers arrive at once, so only the client's overall deadline, not the request timeout, can end this.
        try (ServerSocket stalling = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (Socket socket = stalling.accept()) {
                    socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: " + Rfc3161Media.REPLY
                            + "\r\nContent-Length: 1000\r\n\r\n0123456789").getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    Thread.sleep(10_000);
                } catch (IOException | InterruptedException ignored) {
                    // the test is over
                }
            });
            server.setDaemon(true);
            server.start();
            Rfc3161Client client = clientOf(URI.create("http://127.0.0.1:" + stalling.getLocalPort() + "/tsa"));
            long start = System.nanoTime();

            TimestampUnavailableException e = failure(() -> client.timestamp(HEAD));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(e.reason()).isEqualTo(Reason.TIMED_OUT);
            assertThat(took).isLessThan(SHORT.plus(SHORT).plusMillis(500));
            server.interrupt();
        }
    }

    @Test
    void anHonestRelayIsAccepted() throws IOException {
        // Control for the forging tests below: the same set-up, without forgery, yields a verified token.
        try (ScriptedTsa relay = forging(request -> request)) {
            TimestampToken token = clientOf(relay.url()).timestamp(HEAD);

            assertThat(token.serialNumber()).isPositive();
        }
    }

    @Test
    void aTokenWithAnotherNonceIsRefused() throws IOException {
        try (ScriptedTsa replaying = forging(request -> TestTokens.request(TSPAlgorithms.SHA256,
                request.getMessageImprintDigest(), request.getNonce().add(BigInteger.ONE)))) {
            TimestampUnavailableException e = failure(() -> clientOf(replaying.url()).timestamp(HEAD));

            assertThat(e.reason()).isEqualTo(Reason.BAD_RESPONSE);
            assertThat(e.getMessage()).contains("not the nonce sent");
        }
    }

    @Test
    void aTokenForAnotherImprintIsRefused() throws IOException {
        try (ScriptedTsa substituting = forging(request -> TestTokens.request(TSPAlgorithms.SHA256,
                TestTokens.sha256("another head"), request.getNonce()))) {
            TimestampUnavailableException e = failure(() -> clientOf(substituting.url()).timestamp(HEAD));

            assertThat(e.reason()).isEqualTo(Reason.BAD_RESPONSE);
            assertThat(e.getMessage()).contains("not the imprint sent");
        }
    }

    @Test
    void aRefusalNamesStatusAndFailureInfo() throws IOException {
        // The forged SHA-1 request makes the genuine issuer refuse, as a real TSA refuses an unsupported hash.
        try (ScriptedTsa refusing = forging(request -> TestTokens.request(TSPAlgorithms.SHA1,
                TestTokens.digest("SHA-1", "x"), request.getNonce()))) {
            TimestampUnavailableException e = failure(() -> clientOf(refusing.url()).timestamp(HEAD));

            assertThat(e.reason()).isEqualTo(Reason.REFUSED);
            assertThat(e.getMessage()).contains("rejection (2)").contains("badAlg");
        }
    }

    @Test
    void aGarbageAnswerIsRefused() throws IOException {
        try (ScriptedTsa garbage = new ScriptedTsa(query -> Answer.reply("<html>hello</html>".getBytes()))) {
            TimestampUnavailableException e = failure(() -> clientOf(garbage.url()).timestamp(HEAD));

            assertThat(e.reason()).isEqualTo(Reason.BAD_RESPONSE);
            assertThat(e.getMessage()).contains("not a TimeStampResp");
        }
    }

    @Test
    void anOversizedAnswerIsRefusedWithoutReadingItAll() throws IOException {
        byte[] huge = new byte[Rfc3161Client.MAX_RESPONSE_BYTES + 1];
        try (ScriptedTsa flooding = new ScriptedTsa(query -> Answer.reply(huge))) {
            TimestampUnavailableException e = failure(() -> clientOf(flooding.url()).timestamp(HEAD));

            assertThat(e.reason()).isEqualTo(Reason.BAD_RESPONSE);
            assertThat(e.getMessage()).contains("exceeds " + Rfc3161Client.MAX_RESPONSE_BYTES + " bytes");
        }
    }

    @Test
    void anAnswerOfAnotherContentTypeIsRefused() throws IOException {
        try (ScriptedTsa mislabelled = new ScriptedTsa(query -> new Answer(200, "text/html",
                scriptedIssuer.respond(query)))) {
            TimestampUnavailableException e = failure(() -> clientOf(mislabelled.url()).timestamp(HEAD));

            assertThat(e.reason()).isEqualTo(Reason.BAD_RESPONSE);
            assertThat(e.getMessage()).contains("Content-Type text/html");
        }
    }

    @Test
    void anImprintThatIsNotSha256SizedIsACallerError() {
        Rfc3161Client client = new Rfc3161Client(tsa.url(), tsa.certificate());

        assertThatThrownBy(() -> client.timestamp(new byte[20])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyHttpUrlsAreAccepted() {
        assertThatThrownBy(() -> new Rfc3161Client(URI.create("ftp://127.0.0.1/tsa"), tsa.certificate()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
