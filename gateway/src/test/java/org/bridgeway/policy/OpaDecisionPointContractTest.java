package org.bridgeway.policy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.bridgeway.testing.AdjustableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link OpaDecisionPoint} against a loopback stub that answers as OPA's REST Data API documents:
 * {@code POST /v1/data/<path>} with {@code {"input": ...}} answers 200 {@code {"result": ...}}, 200 {@code {}} when
 * the document is undefined, 400 {@code {"code":"invalid_parameter",...}}, 500 {@code {"code":"internal_error",...}};
 * {@code GET /v1/data/<path>} reads a document.
 */
class OpaDecisionPointContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BAD_INPUT =
            "{\"code\":\"invalid_parameter\",\"message\":\"body contains malformed input document\"}";
    private static final String INTERNAL =
            "{\"code\":\"internal_error\",\"message\":\"eval_conflict_error: functions must not produce multiple outputs\"}";

    private static EmbeddedDecisionPoint embedded;
    private static PolicyInput allowInput;
    private static PolicyDecision allowDecision;
    private static PolicyInput denyInput;

    private Stub stub;
    private AdjustableClock clock;
    private final List<OpaDecisionPoint> clients = new ArrayList<>();

    @BeforeAll
    static void loadPolicies() throws IOException {
        embedded = new EmbeddedDecisionPoint(PolicyRoot.agreements());
        allowInput = vectorInput("pn-police-full-notice");
        allowDecision = embedded.decide(allowInput);
        assertThat(allowDecision.allow()).as("the vector is an allow").isTrue();
        denyInput = vectors().map(v -> PolicyInput.fromJson(v.get("input")))
                .filter(in -> !embedded.decide(in).allow()).findFirst().orElseThrow();
    }

    @BeforeEach
    void start() throws IOException {
        stub = new Stub();
        clock = new AdjustableClock(Instant.parse("2025-06-01T09:00:00Z"));
    }

    @AfterEach
    void stop() {
        clients.forEach(OpaDecisionPoint::close);
        stub.close();
    }

    private static OpaSettings fast() {
        return new OpaSettings(Duration.ofMillis(500), Duration.ofSeconds(2), 3, Duration.ofMillis(1), 100,
                Duration.ofSeconds(30));
    }

    private OpaDecisionPoint client(OpaSettings settings) {
        OpaDecisionPoint c = new OpaDecisionPoint(stub.url(), settings, clock);
        clients.add(c);
        return c;
    }

    private static String result(PolicyDecision d) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.set("result", d.toJson());
        return n.toString();
    }

    // ------------------------------------------------------------------------------------------------ answers

    @Test
    void aRealAllowResultIsTheSameDecision() throws IOException {
        stub.then(200, result(allowDecision));

        PolicyDecision d = client(fast()).decide(allowInput);

        assertThat(d).isEqualTo(allowDecision);
        assertThat(stub.requests).hasSize(1);
        Request r = stub.requests.get(0);
        assertThat(r.method).isEqualTo("POST");
        assertThat(r.path).isEqualTo("/v1/data/bridgeway/share/decision");
        assertThat(r.contentType).startsWith("application/json");
        ObjectNode expected = JsonNodeFactory.instance.objectNode();
        expected.set("input", allowInput.toJson());
        assertThat(JSON.readTree(r.body)).isEqualTo(expected);
    }

    @Test
    void aRealDenyResultIsPassedThroughWithItsReasons() {
        PolicyDecision deny = embedded.decide(denyInput);
        stub.then(200, result(deny));

        PolicyDecision d = client(fast()).decide(denyInput);

        assertThat(d).isEqualTo(deny);
    }

    @Test
    void fieldsComeBackInInputOrderWhateverOrderOpaUses() {
        ObjectNode shuffled = allowDecision.toJson();
        List<String> permitted = new ArrayList<>(allowDecision.permittedFields());
        java.util.Collections.reverse(permitted);
        shuffled.remove("permittedFields");
        permitted.forEach(shuffled.putArray("permittedFields")::add);
        stub.then(200, "{\"result\":" + shuffled + "}");

        assertThat(client(fast()).decide(allowInput)).isEqualTo(allowDecision);
    }

    @Test
    void undefinedIsADenialFailClosed() {
        stub.then(200, "{}");

        PolicyDecision d = client(fast()).decide(allowInput);

        assertFailClosed(d, "policy engine returned no decision (undefined)");
        assertThat(stub.requests).hasSize(1);
    }

    @Test
    void badRequestIsADenialWithoutRetry() {
        stub.always(400, BAD_INPUT);

        PolicyDecision d = client(fast()).decide(allowInput);

        assertFailClosed(d, "policy engine rejected the request: HTTP 400 invalid_parameter");
        assertThat(stub.requests).hasSize(1);
    }

    @Test
    void serverErrorsAreRetriedUntilAnAnswer() {
        stub.then(500, INTERNAL).then(500, INTERNAL).then(200, result(allowDecision));

        PolicyDecision d = client(fast()).decide(allowInput);

        assertThat(d).isEqualTo(allowDecision);
        assertThat(stub.requests).hasSize(3);
    }

    @Test
    void serverErrorsOnEveryAttemptAreADenialAfterMaxAttempts() {
        stub.always(500, INTERNAL);

        PolicyDecision d = client(fast()).decide(allowInput);

        assertFailClosed(d, "policy engine unavailable: HTTP 500 internal_error after 3 attempts");
        assertThat(stub.requests).hasSize(3);
    }

    @Test
    void aSlowAnswerIsADenialWithATimeoutReason() {
        stub.slow(Duration.ofSeconds(10), 200, result(allowDecision));
        OpaSettings settings = fast().withRequestTimeout(Duration.ofMillis(200)).withMaxAttempts(2);

        PolicyDecision d = client(settings).decide(allowInput);

        assertFailClosed(d, "policy engine unavailable: request timed out after 200 ms after 2 attempts");
        assertThat(stub.requests).hasSize(2);
    }

    @Test
    void nobodyListeningIsADenialSayingConnectionRefused() {
        String url = stub.url();
        stub.close();
        OpaDecisionPoint c = new OpaDecisionPoint(url, fast(), clock);
        clients.add(c);

        PolicyDecision d = c.decide(allowInput);

        assertFailClosed(d, "policy engine unavailable: connection refused after 3 attempts");
    }

    @Test
    void malformedJsonIsADenial() {
        stub.then(200, "{\"result\": {\"allow\": tru");

        assertFailClosed(client(fast()).decide(allowInput), "policy engine returned a malformed answer (not JSON)");
    }

    @Test
    void aPermittedFieldNotInTheInputIsADenial() {
        ObjectNode r = allowDecision.toJson();
        r.withArray("permittedFields").add("child.bankAccount");
        stub.then(200, "{\"result\":" + r + "}");

        assertFailClosed(client(fast()).decide(allowInput),
                "malformed decision (permitted field child.bankAccount is not a field of the input)");
    }

    static Stream<Arguments> malformedResults() {
        return Stream.of(
                Arguments.of("allow missing", (Function<ObjectNode, Object>) r -> r.remove("allow"),
                        "decision.allow must be true or false"),
                Arguments.of("allow a string", (Function<ObjectNode, Object>) r -> r.put("allow", "true"),
                        "decision.allow must be true or false"),
                Arguments.of("no agreementId", (Function<ObjectNode, Object>) r -> r.putNull("agreementId"),
                        "decision.agreementId is required"),
                Arguments.of("no lawful basis", (Function<ObjectNode, Object>) r -> r.putNull("lawfulBasis"),
                        "decision.lawfulBasis is required"),
                Arguments.of("no article6",
                        (Function<ObjectNode, Object>) r -> ((ObjectNode) r.get("lawfulBasis")).remove("article6"),
                        "decision.lawfulBasis.article6 is required"),
                Arguments.of("no legalGateway",
                        (Function<ObjectNode, Object>) r -> ((ObjectNode) r.get("lawfulBasis")).putNull("legalGateway"),
                        "decision.lawfulBasis.legalGateway is required"),
                Arguments.of("nothing permitted", (Function<ObjectNode, Object>) r -> r.putArray("permittedFields"),
                        "decision.permittedFields must not be empty"),
                Arguments.of("withheld not the rest", (Function<ObjectNode, Object>) r -> r.putArray("withheldFields"),
                        "withheldFields must be exactly the input fields not permitted"),
                Arguments.of("result a string", null, "decision must be a JSON object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedResults")
    void aMalformedAllowIsADenial(String name, Function<ObjectNode, Object> spoil, String why) {
        ObjectNode r = allowDecision.toJson();
        if (spoil == null) {
            stub.then(200, "{\"result\":\"allow\"}");
        } else {
            spoil.apply(r);
            stub.then(200, "{\"result\":" + r + "}");
        }

        PolicyDecision d = client(fast()).decide(allowInput);

        assertFailClosed(d, "policy engine returned a malformed decision (");
        assertThat(d.reasons().get(0)).contains(why);
    }

    @Test
    void aDenialFromOpaWithholdsEveryInputField() {
        stub.then(200, "{\"result\":{\"allow\":false,\"reasons\":[\"no agreement\"],\"policyRevision\":\"r1\"}}");

        PolicyDecision d = client(fast()).decide(allowInput);

        assertThat(d.allow()).isFalse();
        assertThat(d.permittedFields()).isEmpty();
        assertThat(d.withheldFields()).isEqualTo(allowInput.fields());
        assertThat(d.reasons()).containsExactly("no agreement");
        assertThat(d.policyRevision()).isEqualTo("r1");
    }

    @Test
    void aClosedClientDenies() {
        stub.always(200, result(allowDecision));
        OpaDecisionPoint c = client(fast());
        c.close();

        assertFailClosed(c.decide(allowInput), "policy engine client is closed");
        assertThat(stub.requests).isEmpty();
    }

    // ------------------------------------------------------------------------------------------- the breaker

    @Test
    void theBreakerOpensAfterConsecutiveFailuresAndClosesAfterTheOpenDuration() {
        stub.always(500, INTERNAL);
        OpaDecisionPoint c = client(fast().withMaxAttempts(2).withCircuitBreaker(2, Duration.ofSeconds(30)));

        c.decide(allowInput);
        c.decide(allowInput);
        assertThat(stub.requests).hasSize(4);
        assertThat(c.circuitState()).isEqualTo("open");

        PolicyDecision refused = c.decide(allowInput);
        assertFailClosed(refused, "circuit open");
        assertThat(stub.requests).as("no request while open").hasSize(4);

        clock.advance(Duration.ofSeconds(29));
        assertFailClosed(c.decide(allowInput), "circuit open");
        assertThat(stub.requests).hasSize(4);

        clock.advance(Duration.ofSeconds(1));
        assertThat(c.circuitState()).isEqualTo("half-open");
        stub.always(200, result(allowDecision));
        assertThat(c.decide(allowInput)).isEqualTo(allowDecision);
        assertThat(stub.requests).as("one trial request").hasSize(5);
        assertThat(c.circuitState()).isEqualTo("closed");

        assertThat(c.decide(allowInput)).isEqualTo(allowDecision);
        assertThat(stub.requests).hasSize(6);
    }

    @Test
    void aFailedTrialOpensTheCircuitAgainAfterOneAttempt() {
        stub.always(500, INTERNAL);
        OpaDecisionPoint c = client(fast().withCircuitBreaker(1, Duration.ofSeconds(10)));

        c.decide(allowInput);
        assertThat(stub.requests).hasSize(3);
        clock.advance(Duration.ofSeconds(10));

        assertFailClosed(c.decide(allowInput), "policy engine unavailable: HTTP 500 internal_error after 1 attempt");
        assertThat(stub.requests).as("the trial is a single attempt").hasSize(4);
        assertThat(c.circuitState()).isEqualTo("open");
        assertFailClosed(c.decide(allowInput), "circuit open");
        assertThat(stub.requests).hasSize(4);
    }

    @Test
    void anAnswerResetsTheFailureCount() {
        OpaDecisionPoint c = client(fast().withMaxAttempts(1).withCircuitBreaker(2, Duration.ofSeconds(30)));
        stub.then(500, INTERNAL).then(200, "{}").then(500, INTERNAL).then(200, result(allowDecision));

        c.decide(allowInput);
        c.decide(allowInput); // undefined: OPA answered, so the count starts again
        c.decide(allowInput);
        assertThat(c.circuitState()).isEqualTo("closed");
        assertThat(c.decide(allowInput)).isEqualTo(allowDecision);
        assertThat(stub.requests).hasSize(4);
    }

    @Test
    void atAFailureRateBelowOneHundredTheCircuitOpensOnTheShareOfTheWindowThatFailed() {
        OpaDecisionPoint c = client(fast().withMaxAttempts(1).withCircuitBreaker(4, 50, Duration.ofSeconds(30)));
        stub.then(500, INTERNAL).then(200, result(allowDecision)).then(500, INTERNAL);

        c.decide(allowInput);
        c.decide(allowInput);
        c.decide(allowInput);
        assertThat(c.circuitState()).as("the window of 4 is not full yet").isEqualTo("closed");

        stub.then(200, result(allowDecision));
        assertThat(c.decide(allowInput)).isEqualTo(allowDecision);
        assertThat(c.circuitState()).as("2 of the latest 4 decisions found OPA unavailable").isEqualTo("open");
        assertFailClosed(c.decide(allowInput), "circuit open");
        assertThat(stub.requests).hasSize(4);
    }

    @Test
    void theCircuitStateAndTheRetriesArePublishedAsMeters() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        OpaDecisionPoint c = new OpaDecisionPoint(stub.url(),
                fast().withMaxAttempts(2).withCircuitBreaker(1, Duration.ofSeconds(30)), clock, meters);
        clients.add(c);
        stub.always(500, INTERNAL);

        c.decide(allowInput);

        assertThat(meters.get("resilience4j.circuitbreaker.state").tags("name", OpaDecisionPoint.RESILIENCE_NAME,
                "state", "open").gauge().value()).isEqualTo(1.0);
        assertThat(meters.get("resilience4j.circuitbreaker.state").tags("name", OpaDecisionPoint.RESILIENCE_NAME,
                "state", "closed").gauge().value()).isEqualTo(0.0);
        assertThat(meters.get("resilience4j.retry.calls").tags("name", OpaDecisionPoint.RESILIENCE_NAME,
                "kind", "failed_with_retry").functionCounter().count()).isEqualTo(1.0);
    }

    // ------------------------------------------------------------------------------------------------ revision

    @Test
    void revisionIsReadOnceAndAgainWhenADecisionCarriesAnother() {
        stub.onGet("/v1/data/bridgeway/revision", "{\"result\":\"" + allowDecision.policyRevision() + "\"}");
        OpaDecisionPoint c = client(fast());

        assertThat(c.revision()).isEqualTo(allowDecision.policyRevision());
        assertThat(c.revision()).isEqualTo(allowDecision.policyRevision());
        assertThat(stub.requests).hasSize(1);
        assertThat(stub.requests.get(0).method).isEqualTo("GET");

        stub.then(200, result(allowDecision));
        c.decide(allowInput);
        assertThat(c.revision()).isEqualTo(allowDecision.policyRevision());
        assertThat(stub.requests).as("same revision: still cached").hasSize(2);

        stub.then(200, result(allowDecision.withPolicyRevision("sha256:newer")));
        assertThat(c.decide(allowInput).policyRevision()).isEqualTo("sha256:newer");
        stub.onGet("/v1/data/bridgeway/revision", "{\"result\":\"sha256:newer\"}");
        assertThat(c.revision()).isEqualTo("sha256:newer");
        assertThat(stub.requests).as("read again").hasSize(4);
    }

    @Test
    void revisionIsUnknownWhenItCannotBeRead() {
        stub.onGet("/v1/data/bridgeway/revision", "{}");
        assertThat(client(fast()).revision()).isEqualTo("unknown");

        String url = stub.url();
        stub.close();
        OpaDecisionPoint down = new OpaDecisionPoint(url, fast(), clock);
        clients.add(down);
        assertThat(down.revision()).isEqualTo("unknown");
    }

    // ------------------------------------------------------------------------------------- every vector, via OPA

    static Stream<Arguments> everyVector() throws IOException {
        return vectors().map(v -> Arguments.of(v.path("id").asText(), v));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyVector")
    void everyEmbeddedDecisionSurvivesTheDataApi(String id, JsonNode vector) {
        PolicyInput input = PolicyInput.fromJson(vector.get("input"));
        PolicyDecision expected = embedded.decide(input);
        assertThat(PolicyDecision.fromJson(expected.toJson())).as("fromJson(toJson)").isEqualTo(expected);
        stub.answer(body -> {
            PolicyInput sent = PolicyInput.fromJson(body.get("input"));
            return "{\"result\":" + embedded.decide(sent).toJson() + "}";
        });

        assertThat(client(fast()).decide(input)).isEqualTo(expected);
    }

    // ------------------------------------------------------------------------------------------------- factory

    @Test
    void constructorRefusesABadBaseUrl() {
        assertThatThrownBy(() -> new OpaDecisionPoint("ftp://opa:8181")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http or https");
        assertThatThrownBy(() -> new OpaDecisionPoint(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private static void assertFailClosed(PolicyDecision d, String reasonPart) {
        assertThat(d.allow()).isFalse();
        assertThat(d.permittedFields()).isEmpty();
        assertThat(d.withheldFields()).isEqualTo(allowInput.fields());
        assertThat(d.agreementId()).isNull();
        assertThat(d.lawfulBasis()).isNull();
        assertThat(d.reasons()).hasSize(1);
        assertThat(d.reasons().get(0)).contains(reasonPart).endsWith("denied (fail closed)");
        assertThat(d.policyRevision()).isEqualTo("unknown");
    }

    private static Stream<JsonNode> vectors() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(PolicyRoot.policies().resolve("conformance"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode root = JSON.readTree(f.toFile());
                if (root.isArray()) {
                    root.forEach(out::add);
                } else {
                    out.add(root);
                }
            }
        }
        return out.stream();
    }

    private static PolicyInput vectorInput(String id) throws IOException {
        return vectors().filter(v -> v.path("id").asText().equals(id)).findFirst()
                .map(v -> PolicyInput.fromJson(v.get("input"))).orElseThrow();
    }

    record Request(String method, String path, String contentType, String body) {
    }

    record Answer(int status, String body, Duration delay) {
    }

    /** A loopback stand-in for OPA's Data API that records every request. */
    static final class Stub implements AutoCloseable {
        final List<Request> requests = new CopyOnWriteArrayList<>();
        private final ConcurrentLinkedDeque<Answer> queued = new ConcurrentLinkedDeque<>();
        private volatile Answer always = new Answer(404, "{\"code\":\"not_found\"}", Duration.ZERO);
        private volatile Function<JsonNode, String> computed;
        private volatile String getPath;
        private volatile String getBody;
        private final CountDownLatch release = new CountDownLatch(1);
        private final ExecutorService pool = Executors.newCachedThreadPool();
        private final HttpServer server;
        private boolean closed;

        Stub() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", this::handle);
            server.setExecutor(pool);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        Stub then(int status, String body) {
            queued.add(new Answer(status, body, Duration.ZERO));
            return this;
        }

        void always(int status, String body) {
            queued.clear();
            always = new Answer(status, body, Duration.ZERO);
        }

        void slow(Duration delay, int status, String body) {
            always = new Answer(status, body, delay);
        }

        void answer(Function<JsonNode, String> f) {
            computed = f;
        }

        void onGet(String path, String body) {
            getPath = path;
            getBody = body;
        }

        private void handle(HttpExchange ex) throws IOException {
            try (ex) {
                String body = new String(ex.getRequestBody().readAllBytes(), UTF_8);
                String method = ex.getRequestMethod();
                String path = ex.getRequestURI().getPath();
                requests.add(new Request(method, path, ex.getRequestHeaders().getFirst("Content-Type"), body));
                Answer a;
                if (method.equals("GET")) {
                    a = path.equals(getPath) ? new Answer(200, getBody, Duration.ZERO)
                            : new Answer(200, "{}", Duration.ZERO);
                } else if (computed != null) {
                    a = new Answer(200, computed.apply(JSON.readTree(body)), Duration.ZERO);
                } else {
                    Answer next = queued.poll();
                    a = next != null ? next : always;
                }
                if (!a.delay.isZero()) {
                    try {
                        release.await(a.delay.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                byte[] bytes = a.body.getBytes(UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(a.status, bytes.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            } catch (IOException e) {
                // the client gave up (timeout): nothing to answer
            }
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                release.countDown();
                server.stop(0);
                pool.shutdownNow();
            }
        }
    }
}
