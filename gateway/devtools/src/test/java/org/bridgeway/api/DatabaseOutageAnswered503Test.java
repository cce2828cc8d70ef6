package org.bridgeway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.TlsGatewayFixture;
import org.bridgeway.testing.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database taken away under a running gateway — H2 switched to exclusive mode by another session (its own
 * connections closed, new ones refused), or PostgreSQL refusing the gateway's database and terminating its
 * sessions — and given back: over mutual TLS, every endpoint that needs the database answers 503 problem+json
 * with {@code Retry-After} naming the database (or the audit or decision log kept in it), no endpoint answers 500
 * or an empty body, and once the database is back every endpoint serves again without a restart.
 */
class DatabaseOutageAnswered503Test {
    private static final String KENT = "local-authority:886";
    private static final String GMP = "police:greater-manchester";
    private static final String SCHOOL = "school:118000";
    /** The authority the sample placement is in, one of its recipients. */
    private static final String HOST_AUTHORITY = "local-authority:352";
    /** What an answer may name as unavailable: the database, or the logs kept in it. */
    private static final Set<String> STORED = Set.of("database", "audit-log", "decision-log");

    @TempDir
    Path data;

    private GatewayFixture fixture;
    private final ExecutorService callers = Executors.newFixedThreadPool(12);

    /** One endpoint as its rightful caller would call it. */
    private record Call(String name, boolean needsDatabase, Function<ApiClient, HttpResponse<String>> send) {
    }

    @AfterEach
    void stop() {
        callers.shutdownNow();
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void h2TakenAwayIsAnswered503EverywhereAndTheGatewayServesAgainWhenItIsBack() throws Exception {
        fixture = TlsGatewayFixture.startWithHttp(data);
        ApiClient api = new ApiClient(fixture.apiBase());
        List<Call> calls = calls(api);
        // another session takes the database for itself: H2 closes every other session and refuses new ones
        String url = "jdbc:h2:file:" + fixture.gateway().config().embeddedDatabaseDirectory().resolve("bridgeway")
                .toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
        try (Connection exclusive = DriverManager.getConnection(url, "bridgeway", "");
             Statement s = exclusive.createStatement()) {
            s.execute("SET EXCLUSIVE 2");
            answeredUnavailableWhileDown(api, calls, "outage/h2");
            s.execute("SET EXCLUSIVE 0");
        }
        servesAgain(api, calls, "after/h2");
    }

    @Test
    void postgresTakenAwayIsAnswered503EverywhereAndTheGatewayServesAgainWhenItIsBack() throws Exception {
        PostgresServer.TestDatabase database = PostgresServer.newDatabase();
        fixture = GatewayFixture.start(TlsGatewayFixture.withTokens(TlsGatewayFixture.withTlsApi(
                GatewayFixture.config(data, database))));
        ApiClient api = new ApiClient(fixture.apiBase());
        List<Call> calls = calls(api);
        PostgresServer.takeAway(database);
        try {
            answeredUnavailableWhileDown(api, calls, "outage/pg");
        } finally {
            PostgresServer.giveBack(database);
        }
        servesAgain(api, calls, "after/pg");
    }

    /** All calls at once (a pool waits for a connection before it gives up); every answer checked. */
    private void answeredUnavailableWhileDown(ApiClient api, List<Call> calls, String reference) {
        Map<Call, CompletableFuture<HttpResponse<String>>> answers = new LinkedHashMap<>();
        for (Call call : calls) {
            answers.put(call, CompletableFuture.supplyAsync(() -> call.send().apply(api), callers));
        }
        answers.put(placement(reference), CompletableFuture.supplyAsync(
                () -> placement(reference).send().apply(api), callers));
        List<String> wrong = new ArrayList<>();
        answers.forEach((call, future) -> {
            HttpResponse<String> r = future.join();
            String seen = call.name() + " answered " + r.statusCode() + " " + ApiClient.contentType(r) + " "
                    + r.headers().firstValue("Retry-After").orElse("(no Retry-After)") + " " + r.body();
            boolean unavailable = r.statusCode() == 503
                    && ApiClient.contentType(r).startsWith("application/problem+json")
                    && r.headers().firstValue("Retry-After").isPresent()
                    && STORED.contains(ApiClient.json(r).path("unavailable").asText());
            boolean served = r.statusCode() < 300;
            if (call.needsDatabase() ? !unavailable : !(unavailable || served)) {
                wrong.add(seen);
            }
            System.out.println("while the database is away: " + seen);
        });
        assertThat(wrong).as("answers while the database is away").isEmpty();
    }

    private void servesAgain(ApiClient api, List<Call> calls, String reference) {
        HttpResponse<String> submitted = placement(reference).send().apply(api);
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        for (Call call : calls) {
            HttpResponse<String> r = call.send().apply(api);
            assertThat(r.statusCode()).as(call.name() + ": " + r.body()).isBetween(200, 299);
        }
    }

    /** Every endpoint with what it needs in place: an exchange, and its messages waiting in two mailboxes. */
    private List<Call> calls(ApiClient api) {
        HttpResponse<String> first = placement("before").send().apply(api);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        String exchangeId = ApiClient.json(first).path("exchangeId").asText();
        // a signed head over the first entries, so that an inclusion proof of entry 0 can be asked for
        await().atMost(Duration.ofSeconds(30)).until(() -> ApiClient.json(api.get("/audit/tree-head", KENT))
                .path("treeSize").asLong() > 0);
        String toAcknowledge = firstMessage(api, GMP);
        String toRead = firstMessage(api, HOST_AUTHORITY);
        String auditor = "local-authority-886";
        var auditorToken = ApiClient.person(auditor, "sam.whitfield");
        List<Call> calls = new ArrayList<>();
        calls.add(new Call("POST /exclusions", true, a -> a.postJson("/exclusions", SCHOOL,
                SampleSubmissions.schoolExclusion())));
        calls.add(new Call("POST ack", true, a -> a.post("/mailboxes/" + GMP + "/messages/" + toAcknowledge
                + "/ack", GMP, null, new byte[0])));
        calls.add(new Call("GET /audit/entries", true, a -> a.get("/audit/entries?start=0&end=1", auditor,
                auditorToken)));
        calls.add(new Call("GET /audit/proof/inclusion", true, a -> a.get("/audit/proof/inclusion?index=0", KENT)));
        calls.add(new Call("GET /exchanges/{id}/receipts", true, a -> a.get("/exchanges/" + exchangeId
                + "/receipts", KENT)));
        calls.add(new Call("GET /decisions", true, a -> a.get("/decisions?exchangeId=" + exchangeId, auditor,
                auditorToken)));
        // these may be served from memory or the broker while the database is away: 2xx or 503, never 500
        calls.add(new Call("GET /audit/checkpoint", false, a -> a.get("/audit/checkpoint", KENT)));
        calls.add(new Call("GET /audit/tree-head", false, a -> a.get("/audit/tree-head", KENT)));
        calls.add(new Call("GET /audit/certificate", false, a -> a.get("/audit/certificate", KENT)));
        calls.add(new Call("GET mailbox", false, a -> a.get("/mailboxes/" + GMP + "/messages", GMP)));
        calls.add(new Call("GET message", false, a -> a.get("/mailboxes/" + HOST_AUTHORITY + "/messages/" + toRead,
                HOST_AUTHORITY)));
        calls.add(new Call("GET schema", false, a -> a.get("/schemas/placement-notice.schema.json", KENT)));
        return calls;
    }

    private static String firstMessage(ApiClient api, String mailbox) {
        HttpResponse<String> list = api.get("/mailboxes/" + mailbox + "/messages", mailbox);
        JsonNode first = ApiClient.json(list).path("messages").path(0).path("messageId");
        assertThat(first.isTextual()).as(list.body()).isTrue();
        return first.asText();
    }

    /** Kent's sample placement under its own source reference, so each is a new notice. */
    private static Call placement(String sourceReference) {
        return new Call("POST /placements " + sourceReference, true, a -> a.postJson("/placements", KENT,
                SampleSubmissions.kentPlacement(sourceReference)));
    }


}
