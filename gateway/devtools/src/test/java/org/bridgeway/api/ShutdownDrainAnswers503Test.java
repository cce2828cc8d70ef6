package org.bridgeway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.TlsGatewayFixture;
import org.bridgeway.testing.TestPki;
import org.bridgeway.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing the gateway (what SIGTERM does) while a notice is in flight: from the moment the drain starts, every new
 * request on the listening port — on a new connection or one kept alive from before — is answered 503
 * problem+json with {@code Retry-After} and {@code Connection: close}, never a 404 as the routes go nor a reset;
 * the notice in flight is answered 202; only then does the listener close.
 */
class ShutdownDrainAnswers503Test {
    private static final String KENT = "local-authority:886";

    @TempDir
    Path data;

    @Test
    void newRequestsGet503WhileTheNoticeInFlightFinishesAndOnlyThenTheListenerCloses() throws Exception {
        GatewayFixture fixture = TlsGatewayFixture.startWithHttp(data);
        HttpClient kent = TestPki.httpClient(KENT);
        String base = fixture.apiBase();
        CompletableFuture<Void> closing = null;
        try {
            // a connection kept alive from before the drain
            assertThat(kent.send(get(base + "/audit/certificate"), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(200);
            HttpResponse<String> inFlightAnswer;
            try (Connection blocker = holdSequencer(fixture)) {
                // the notice's audit append waits for the sequencer row: it stays in flight
                CompletableFuture<HttpResponse<String>> inFlight = kent.sendAsync(placement(base, "drain/in-flight"),
                        HttpResponse.BodyHandlers.ofString());
                Thread.sleep(1000);
                assertThat(inFlight).isNotDone();

                closing = CompletableFuture.runAsync(fixture::close);
                List<HttpResponse<String>> answers = new ArrayList<>();
                HttpResponse<String> last = null;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while ((last == null || last.statusCode() != 503) && System.nanoTime() < deadline) {
                    // an endpoint that needs no database: the sequencer row is held
                    last = kent.send(get(base + "/audit/certificate"), HttpResponse.BodyHandlers.ofString());
                    answers.add(last);
                }
                assertThat(answers).extracting(HttpResponse::statusCode).allMatch(s -> s == 200 || s == 503);
                drainAnswer(last);
                // on a new connection too, and for the endpoint that once answered 404 as its route was removed
                drainAnswer(TestPki.httpClient(KENT).send(placement(base, "drain/new"),
                        HttpResponse.BodyHandlers.ofString()));
                drainAnswer(kent.send(placement(base, "drain/kept-alive"), HttpResponse.BodyHandlers.ofString()));
                assertThat(closing).as("the listener waits for the notice in flight").isNotDone();

                blocker.commit(); // the notice's audit append goes ahead
                inFlightAnswer = inFlight.get(60, TimeUnit.SECONDS);
            }
            assertThat(inFlightAnswer.statusCode()).as(inFlightAnswer.body()).isEqualTo(202);
            closing.get(60, TimeUnit.SECONDS);
            try {
                HttpResponse<String> after = TestPki.httpClient(KENT).send(get(base + "/audit/tree-head"),
                        HttpResponse.BodyHandlers.ofString());
                throw new AssertionError("answered after close: " + after.statusCode());
            } catch (ConnectException expected) {
                // the port is closed now: refused, not reset mid-request
            }
        } finally {
            if (closing == null) {
                fixture.close();
            } else {
                closing.get(60, TimeUnit.SECONDS);
            }
        }
    }

    private static void drainAnswer(HttpResponse<String> r) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(ApiClient.contentType(r)).startsWith("application/problem+json");
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        assertThat(r.headers().firstValue("Connection")).hasValue("close");
        assertThat(ApiClient.json(r).path("unavailable").asText()).isEqualTo("gateway");
        assertThat(ApiClient.json(r).path("instance").asText())
                .isEqualTo("urn:bridgeway:request:" + r.headers().firstValue("X-Request-Id").orElseThrow());
    }

    /** Another gateway's open append transaction: the sequencer row stays locked until it ends. */
    private static Connection holdSequencer(GatewayFixture fixture) throws Exception {
        Connection c = fixture.gateway().dataSource().getConnection();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT tree_size FROM audit_tree_state WHERE id = 1 FOR UPDATE")) {
            ps.executeQuery().close();
        }
        return c;
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + TestTokens.serviceAccount(KENT).orElseThrow()).GET().build();
    }

    private static HttpRequest placement(String base, String sourceReference) {
        String body = SampleSubmissions.kentPlacement(sourceReference);
        return HttpRequest.newBuilder(URI.create(base + "/placements")).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestTokens.serviceAccount(KENT).orElseThrow())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
