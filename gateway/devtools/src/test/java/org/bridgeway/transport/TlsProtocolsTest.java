package org.bridgeway.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The protocols the API speaks: TLS 1.3 when the client offers it, TLS 1.2 for a client that offers only 1.2,
 * nothing older and no plain HTTP on the TLS port. The JDK client will not even offer TLS 1.0 or 1.1, so those
 * ClientHellos are written by hand.
 */
class TlsProtocolsTest {
    private static final int ALERT = 0x15;
    private static final int HANDSHAKE = 0x16;
    private static final int PROTOCOL_VERSION = 70;

    @TempDir
    static Path data;
    private static GatewayFixture fixture;

    @BeforeAll
    static void start() {
        fixture = GatewayFixture.start(new GatewayConfigs().lenient(data));
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void tls13IsPreferred() throws Exception {
        SSLSession session = checkpoint(TestPki.httpClient("police:kent")).sslSession().orElseThrow();
        assertThat(session.getProtocol()).isEqualTo("TLSv1.3");
    }

    @Test
    void aClientOfferingOnlyTls12GetsTls12WithForwardSecrecyAndAead() throws Exception {
        SSLParameters only12 = new SSLParameters();
        only12.setProtocols(new String[] {"TLSv1.2"});
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(TestPki.client("police:kent")).sslParameters(only12).build();
        SSLSession session = checkpoint(client).sslSession().orElseThrow();
        assertThat(session.getProtocol()).isEqualTo("TLSv1.2");
        assertThat(session.getCipherSuite()).startsWith("TLS_ECDHE_").containsAnyOf("_GCM_", "_CHACHA20_POLY1305_");
    }

    @Test
    void tls11AndTls10AreRefusedWithAnAlert() throws IOException {
        for (int minor : new int[] {0x02, 0x01}) {
            byte[] answer = exchange(clientHello(minor));
            assertThat(answer).as("TLS 1.%d", minor - 1).isNotEmpty();
            assertThat(answer[0] & 0xff).as("TLS 1.%d: an alert, not a ServerHello", minor - 1).isEqualTo(ALERT);
            assertThat(answer).hasSizeGreaterThanOrEqualTo(7);
            assertThat(answer[6] & 0xff).as("alert description").isEqualTo(PROTOCOL_VERSION);
        }
    }

    @Test
    void plainHttpIsNotServedOnTheTlsPort() throws IOException {
        byte[] answer = exchange(("GET /api/v1/audit/checkpoint HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotContain("HTTP/1.1 200").doesNotContain("checkpoint");
    }

    private static HttpResponse<String> checkpoint(HttpClient client) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create(fixture.apiBase() + "/audit/checkpoint")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response;
    }

    /** Sends the bytes and returns what the server answers before it closes the connection (or 5 s pass). */
    private static byte[] exchange(byte[] request) throws IOException {
        int port = Integer.parseInt(fixture.apiBase().replaceAll("^https://127\\.0\\.0\\.1:(\\d+)/.*$", "$1"));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            try {
                for (int n; (n = in.read(buffer)) > 0 && answer.size() < 64 * 1024; ) {
                    answer.write(buffer, 0, n);
                }
            } catch (IOException closedOrTimedOut) {
                // what arrived before is the answer
            }
            return answer.toByteArray();
        }
    }

    /** A TLS 1.{minor-1} ClientHello with ECDHE suites, the P-256 group and uncompressed points. */
    private static byte[] clientHello(int minor) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0x03);
        body.write(minor);
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        body.writeBytes(random);
        body.write(0); // no session id
        int[] suites = {0xc009, 0xc013, 0xc00a, 0xc014, 0x002f, 0x0035};
        writeShort(body, suites.length * 2);
        for (int suite : suites) {
            writeShort(body, suite);
        }
        body.write(1);
        body.write(0); // null compression
        byte[] extensions = {
            0x00, 0x0a, 0x00, 0x04, 0x00, 0x02, 0x00, 0x17, // supported_groups: secp256r1
            0x00, 0x0b, 0x00, 0x02, 0x01, 0x00               // ec_point_formats: uncompressed
        };
        writeShort(body, extensions.length);
        body.writeBytes(extensions);
        byte[] hello = body.toByteArray();

        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(HANDSHAKE);
        record.write(0x03);
        record.write(0x01);
        writeShort(record, hello.length + 4);
        record.write(0x01); // ClientHello
        record.write(0);
        writeShort(record, hello.length);
        record.writeBytes(hello);
        return record.toByteArray();
    }

    private static void writeShort(ByteArrayOutputStream out, int value) {
        out.write((value >> 8) & 0xff);
        out.write(value & 0xff);
    }
}
