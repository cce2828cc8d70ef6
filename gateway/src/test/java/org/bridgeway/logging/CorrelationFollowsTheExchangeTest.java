package org.bridgeway.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.bridgeway.api.Authentication;
import org.bridgeway.api.Caller;
import org.bridgeway.api.CallerIdentity;
import org.bridgeway.delivery.Mailboxes;
import org.bridgeway.delivery.push.PoliceRecordsStandIn;
import org.bridgeway.delivery.push.PushEndpoints;
import org.bridgeway.gateway.GatewayConfig;
import org.bridgeway.model.Organisation;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.JsonLogLines;
import org.bridgeway.transport.RefusalReason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One id finds every log line of an exchange: the gateway's own (or a valid traceparent's trace-id) is sent on every
 * answer as X-Correlation-Id, named in a problem's instance, carried by the lines the API, the pipeline's route and
 * the push route after the broker hop write, and sent on to the police force's records system. A partner's
 * X-Request-Id, which could hold anything (here a synthetic NHS number and a made-up name), is only echoed back: no
 * log line, broker message property or call to the force holds it. A value that could forge a log line is replaced
 * and never logged. Against a real gateway on loopback (plain HTTP, a test caller identity) pushing to a real SOAP
 * service standing in for Greater Manchester Police's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorrelationFollowsTheExchangeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KENT = "local-authority:886";
    private static final String ORGANISATION_HEADER = "X-Test-Organisation";
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @TempDir
    static Path data;

    private final PoliceRecordsStandIn force = new PoliceRecordsStandIn();
    private final HttpClient http = HttpClient.newHttpClient();
    private GatewayFixture fixture;
    private JsonLogLines logs;

    @BeforeAll
    void start() throws IOException {
        force.start();
        Files.createDirectories(data);
        Files.writeString(PushEndpoints.file(data), """
                retry:
                  firstDelay: 200ms
                  multiplier: 2
                  maxDelay: 1s
                  maxAttempts: 5
                forces:
                  police:greater-manchester:
                    url: %s
                    connectTimeout: 1s
                    receiveTimeout: 30s
                """.formatted(force.address()));
        // the caller names itself in a header, as the development mode's identity does (it is not in this module)
        CallerIdentity callers = exchange -> {
            String id = exchange.getMessage().getHeader(ORGANISATION_HEADER, String.class);
            return id == null ? Authentication.Refused.because(RefusalReason.NO_IDENTITY)
                    : new Authentication.Authenticated(Caller.of(Organisation.parseId(id)));
        };
        GatewayConfig config = GatewayFixture.config(data).withHttp("127.0.0.1", GatewayFixture.ANY_FREE_PORT)
                .withPlainHttpForDemo(callers);
        logs = JsonLogLines.capture("org.bridgeway");
        fixture = GatewayFixture.start(config);
    }

    @AfterAll
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
        if (logs != null) {
            logs.close();
        }
        force.close();
    }

    @Test
    void aPartnersRequestIdIsOnlyEchoedWhileTheGatewaysIdFollowsTheRouteThePushRouteAndTheForce() throws Exception {
        String requestId = "9990000026-Ada-Quillfeather"; // what a careless partner might send: NHS number and name
        String notice = Files.readString(GatewayFixture.samples().resolve("placements/01-emergency-placement-manchester.json"));

        HttpResponse<String> answer = post("/placements", notice, Map.of("X-Request-Id", requestId));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertThat(answer.headers().firstValue("X-Request-Id")).contains(requestId);
        String id = answer.headers().firstValue("X-Correlation-Id").orElseThrow();
        assertThat(id).matches(UUID);
        String exchangeId = JSON.readTree(answer.body()).path("exchangeId").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> force.calls().stream()
                .anyMatch(call -> call.getExchangeId().equals(exchangeId)));
        String idempotencyKey = force.calls().stream().filter(call -> call.getExchangeId().equals(exchangeId))
                .findFirst().orElseThrow().getIdempotencyKey();
        assertThat(force.requestIds(idempotencyKey)).as("the force can match its logs with ours").containsOnly(id);

        await().atMost(Duration.ofSeconds(10)).until(() -> lineOf(id, "PolicePush") != null);
        JsonNode routeLine = lineOf(id, "MailboxDelivery");
        JsonNode pushLine = lineOf(id, "PolicePush");
        assertThat(routeLine).as("the pipeline route's line").isNotNull();
        assertThat(routeLine.path("formattedMessage").asText()).contains("delivered to");
        assertThat(pushLine.path("formattedMessage").asText()).startsWith("pushed message");
        assertThat(pushLine.path("threadName").asText()).as("after the broker hop, on the push route's thread")
                .isNotEqualTo(routeLine.path("threadName").asText());
        assertThat(logs.correlated(id)).allSatisfy(line -> {
            assertThat(line.path("timestamp").asText()).endsWith("Z");
            assertThat(line.path("level").asText()).isNotEmpty();
            assertThat(line.path("loggerName").asText()).isNotEmpty();
        });

        List<String> leaks = List.of("9990000026", "Quillfeather");
        assertThat(logs.text()).as("no log line").noneMatch(line -> leaks.stream().anyMatch(line::contains));
        assertThat(force.headers()).as("no header of a call to the force").isNotEmpty()
                .noneMatch(header -> leaks.stream().anyMatch(header::contains));
        List<Message> delivered = new ArrayList<>();
        for (String mailbox : List.of("local-authority:352", "health:LAC352")) {
            delivered.addAll(mailboxMessages(mailbox, exchangeId));
        }
        assertThat(delivered).as("the notice's mailbox messages").isNotEmpty();
        for (Message message : delivered) {
            assertThat(message.getStringProperty(CorrelationId.PROPERTY)).isEqualTo(id);
            for (Object name : Collections.list(message.getPropertyNames())) {
                String value = String.valueOf(message.getObjectProperty((String) name));
                assertThat(leaks).as("broker message property %s", name).noneMatch(value::contains);
            }
            assertThat(message.getJMSCorrelationID()).isNotEqualTo(requestId);
        }
    }

    @Test
    void aProblemNamesTheGatewaysIdInItsInstanceAndEchoesTheRequestId() throws Exception {
        HttpResponse<String> refused = post("/placements", "{\"not\": \"a placement\"}",
                Map.of("X-Request-Id", "req-400"));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(refused.headers().firstValue("X-Request-Id")).contains("req-400");
        String id = refused.headers().firstValue("X-Correlation-Id").orElseThrow();
        assertThat(id).matches(UUID);
        JsonNode problem = JSON.readTree(refused.body());
        assertThat(problem.path("instance").asText()).isEqualTo("urn:bridgeway:request:" + id);
        assertThat(problem.path("status").asInt()).isEqualTo(400);
        assertThat(problem.path("title").asText()).isNotEmpty();
    }

    @Test
    void anUnauthenticatedCallerGetsTheIdsOnItsRefusalToo() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(fixture.apiBase() + "/mailboxes/local-authority:886/messages"))
                .header("X-Request-Id", "req-401").GET().build();
        HttpResponse<String> refused = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("X-Request-Id")).contains("req-401");
        String id = refused.headers().firstValue("X-Correlation-Id").orElseThrow();
        assertThat(JSON.readTree(refused.body()).path("instance").asText()).isEqualTo("urn:bridgeway:request:" + id);
    }

    @Test
    void withoutARequestIdTheAnswerEchoesTheGatewaysId() throws Exception {
        HttpResponse<String> answer = post("/placements", "{}", Map.of());

        String id = answer.headers().firstValue("X-Correlation-Id").orElseThrow();
        assertThat(id).matches(UUID);
        assertThat(answer.headers().firstValue("X-Request-Id")).contains(id);
        assertThat(JSON.readTree(answer.body()).path("instance").asText()).isEqualTo("urn:bridgeway:request:" + id);
    }

    @Test
    void aValidTraceparentGivesItsTraceIdAndIsEchoed() throws Exception {
        HttpResponse<String> answer = post("/placements", "{}", Map.of("traceparent", TRACEPARENT));

        assertThat(answer.headers().firstValue("X-Correlation-Id")).contains("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(answer.headers().firstValue("X-Request-Id")).contains("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(answer.headers().firstValue("traceparent")).contains(TRACEPARENT);
        assertThat(JSON.readTree(answer.body()).path("instance").asText())
                .isEqualTo("urn:bridgeway:request:4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void aValidTraceparentOutranksTheCallersRequestId() throws Exception {
        HttpResponse<String> answer = post("/placements", "{}",
                Map.of("traceparent", TRACEPARENT, "X-Request-Id", "req-traced"));

        assertThat(answer.headers().firstValue("X-Correlation-Id")).contains("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(answer.headers().firstValue("X-Request-Id")).contains("req-traced");
    }

    @Test
    void anInvalidTraceparentIsIgnoredAndNotEchoed() throws Exception {
        String invalid = "00-00000000000000000000000000000000-00f067aa0ba902b7-01";
        HttpResponse<String> answer = post("/placements", "{}", Map.of("traceparent", invalid));

        assertThat(answer.headers().firstValue("traceparent")).isEmpty();
        assertThat(answer.headers().firstValue("X-Request-Id")).hasValueSatisfying(id -> assertThat(id).matches(UUID));
        assertThat(answer.headers().firstValue("X-Correlation-Id")).hasValueSatisfying(id -> assertThat(id).matches(UUID));
    }

    @Test
    void aRequestIdThatCouldForgeALogLineIsReplacedAndNeverLogged() throws Exception {
        String tooLong = "a".repeat(129);
        String quoted = "abc\" level=\"ERROR\" forged=\"1";
        for (String hostile : List.of(tooLong, quoted)) {
            HttpResponse<String> answer = post("/placements", "{}", Map.of("X-Request-Id", hostile));
            String replaced = answer.headers().firstValue("X-Request-Id").orElseThrow();
            assertThat(replaced).matches(UUID).isEqualTo(answer.headers().firstValue("X-Correlation-Id").orElseThrow());
            assertThat(JSON.readTree(answer.body()).path("instance").asText())
                    .isEqualTo("urn:bridgeway:request:" + replaced);
        }
        // what no well-behaved client sends, over a raw socket: a tab and a Latin-1 byte reach the gateway and are
        // replaced; an escape sequence is refused by the HTTP parser before any handler sees the request
        for (String hostile : List.of("tab\tforged", "latin\u00e9forged")) {
            String raw = rawPost("/placements", "{}", "X-Request-Id: " + hostile);
            assertThat(raw).startsWith("HTTP/1.1 400").doesNotContain(hostile)
                    .containsPattern("(?i)X-Request-Id: " + UUID + "\r\n");
        }
        assertThat(rawPost("/placements", "{}", "X-Request-Id: esc\u001b[31mforged")).startsWith("HTTP/1.1 400");

        assertThat(logs.text()).noneMatch(line -> line.contains(tooLong) || line.contains("forged")
                || line.contains("\u001b") || line.contains("\\u001B") || line.contains("\\u001b"));
    }

    private HttpResponse<String> post(String path, String json, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fixture.apiBase() + path))
                .header("Content-Type", "application/json").header(ORGANISATION_HEADER, KENT)
                .POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The whole answer, status line and headers included. */
    private String rawPost(String path, String json, String header) throws IOException {
        URI base = URI.create(fixture.apiBase());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            String head = "POST " + base.getPath() + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\n" + ORGANISATION_HEADER + ": " + KENT + "\r\n" + header
                    + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** The messages of an exchange waiting in an organisation's mailbox, as the broker holds them. */
    private List<Message> mailboxMessages(String organisation, String exchangeId) throws Exception {
        List<Message> found = new ArrayList<>();
        try (Connection c = fixture.gateway().broker().connectionFactory().createConnection();
             Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
             QueueBrowser b = s.createBrowser(s.createQueue(Mailboxes.queueName(organisation)))) {
            c.start();
            for (Object each : Collections.list(b.getEnumeration())) {
                Message m = (Message) each;
                if (exchangeId.equals(m.getStringProperty(Mailboxes.EXCHANGE_ID))) {
                    found.add(m);
                }
            }
        }
        return found;
    }

    /** The first line of a logger (by its simple name) carrying the correlation id, or null. */
    private JsonNode lineOf(String correlationId, String logger) {
        return logs.correlated(correlationId).stream()
                .filter(l -> l.path("loggerName").asText().endsWith("." + logger)).findFirst().orElse(null);
    }
}
