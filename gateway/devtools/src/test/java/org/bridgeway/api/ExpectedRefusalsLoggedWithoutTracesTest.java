package org.bridgeway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLSocket;
import org.bridgeway.testing.CapturedLogs;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.TlsGatewayFixture;
import org.bridgeway.testing.TestPki;
import org.bridgeway.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Refusals the gateway expects — a client hanging up in the middle of its upload — are logged as one INFO line: never at WARN or ERROR, never with a stack trace (a
 * library's DEBUG detail aside).
 */
class ExpectedRefusalsLoggedWithoutTracesTest {
    private static final String KENT = "local-authority:886";
    private static final String[] LOGGERS = {"org.bridgeway", "org.apache.camel", "io.vertx"};

    @TempDir
    Path data;

    private GatewayFixture fixture;
    private byte[] body;

    @BeforeEach
    void start() throws Exception {
        fixture = TlsGatewayFixture.startWithHttp(data);
        body = Files.readAllBytes(GatewayFixture.samples().resolve("placements")
                .resolve("01-emergency-placement-manchester.json"));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void aClientHangingUpMidUploadIsNotLoggedAsAnError() throws Exception {
        try (CapturedLogs logs = CapturedLogs.atDebug(LOGGERS)) {
            hangUpMidUpload("/placements", "application/json");
            hangUpMidUpload("/ssda903/returns", "application/zip");
            Thread.sleep(1500); // the server notices the closed connection on its own time
            assertThat(logs.warningsAndTraces()).isEmpty();
            assertThat(logs.lines()).filteredOn(l -> l.contains("the client closed the connection")).hasSize(2);
        }
        // and the gateway serves the next request as ever
        HttpResponse<String> next = new ApiClient(fixture.apiBase()).post("/placements", KENT, "application/json",
                body);
        assertThat(next.statusCode()).as(next.body()).isEqualTo(202);
    }

    /** Announces a body of 1 MB, sends a tenth of it, and closes the connection. */
    private void hangUpMidUpload(String path, String contentType) throws Exception {
        URI base = URI.create(fixture.apiBase());
        try (SSLSocket socket = (SSLSocket) TestPki.client(KENT).getSocketFactory()
                .createSocket(base.getHost(), base.getPort())) {
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + base.getPath() + path + " HTTP/1.1\r\n"
                    + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                    + "Content-Type: " + contentType + "\r\n"
                    + "Authorization: Bearer " + TestTokens.serviceAccount(KENT).orElseThrow() + "\r\n"
                    + "Content-Length: 1000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[100_000]);
            out.flush();
            Thread.sleep(300);
        }
    }
}
