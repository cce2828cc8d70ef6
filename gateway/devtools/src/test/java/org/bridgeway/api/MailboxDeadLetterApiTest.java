package org.bridgeway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.bridgeway.audit.AuditRecord;
import org.bridgeway.delivery.Delivery;
import org.bridgeway.delivery.MailboxOutbox;
import org.bridgeway.delivery.Mailboxes;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.TlsGatewayFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pull-mailbox message whose acknowledgement the real broker sees rolled back max-delivery-attempts times goes to
 * the mailbox dead-letter queue: the operator's dead-letter listing shows it (identifiers and codes, no payload), the
 * sender's delivery status says dead-lettered, and a replay through the same API puts the one message back in its
 * mailbox, persistent, with its own delivery window running again, and records the new delivery time.
 */
class MailboxDeadLetterApiTest {
    private static final String KENT = "local-authority:886";
    private static final String GMP = "police:greater-manchester";
    private static final String PAYLOAD_MARKER = "synthetic-mailbox-dead-letter-body";
    /** Not the default five days: the replay must take the message's own window. */
    private static final Duration WINDOW = Duration.ofHours(2);
    /** The broker's max-delivery-attempts for mailboxes (MailboxBroker). */
    private static final int MAX_DELIVERY_ATTEMPTS = 10;

    @TempDir
    static Path data;
    private static GatewayFixture fixture;
    private static ApiClient api;
    private static Delivery notice;

    @BeforeAll
    static void start() throws Exception {
        fixture = TlsGatewayFixture.startWithHttp(data);
        api = new ApiClient(fixture.apiBase());
        notice = new Delivery(UUID.randomUUID().toString(), "mailbox-dead-letter-exchange",
                "missing-json:mailbox-dead-letter", "missing-episode", KENT, GMP, "json", "application/json",
                ("{\"note\":\"" + PAYLOAD_MARKER + "\"}").getBytes(StandardCharsets.UTF_8), WINDOW);
        try (java.sql.Connection c = fixture.gateway().dataSource().getConnection()) {
            c.setAutoCommit(false);
            MailboxOutbox.accept(c, List.of(notice), Instant.now().minusSeconds(60));
            c.commit();
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "delivered".equals(copy().path("state").asText()));
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static Optional<String> operator() {
        return ApiClient.person(KENT, "chris.lowe");
    }

    private static JsonNode copy() {
        HttpResponse<String> r = api.get("/exchanges/" + notice.exchangeId() + "/deliveries", KENT);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return ApiClient.json(r).path("deliveries").get(0);
    }

    /** What the recipient's mailbox queue holds, as the broker has it. */
    private static List<Message> mailbox() throws Exception {
        try (Connection c = fixture.gateway().broker().connectionFactory().createConnection();
             Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
             QueueBrowser browser = s.createBrowser(s.createQueue(Mailboxes.queueName(GMP)))) {
            c.start();
            return new ArrayList<>(Collections.list(browser.getEnumeration()).stream().map(m -> (Message) m).toList());
        }
    }

    /** A consumer whose acknowledgement keeps failing, as when the audit log cannot take the ACKNOWLEDGED entry. */
    private static void rollBackEveryDelivery() throws Exception {
        try (Connection c = fixture.gateway().broker().connectionFactory().createConnection();
             Session s = c.createSession(true, Session.SESSION_TRANSACTED);
             MessageConsumer consumer = s.createConsumer(s.createQueue(Mailboxes.queueName(GMP)),
                     Mailboxes.MESSAGE_ID + " = '" + notice.messageId() + "'")) {
            c.start();
            for (int attempt = 1; attempt <= MAX_DELIVERY_ATTEMPTS; attempt++) {
                assertThat(consumer.receive(5_000)).as("delivery " + attempt).isNotNull();
                s.rollback();
            }
        }
    }

    @Test
    void aDeadLetteredMailboxMessageIsListedShownAndReplayedIntoItsMailboxWithItsWindow() throws Exception {
        rollBackEveryDelivery();
        assertThat(mailbox()).isEmpty();

        HttpResponse<String> listed = api.get("/dead-letters?force=" + GMP, KENT, operator());
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        JsonNode letter = ApiClient.json(listed).path("deadLetters").get(0);
        assertThat(ApiClient.json(listed).path("deadLetters")).hasSize(1);
        assertThat(letter.path("messageId").asText()).isEqualTo(notice.messageId());
        assertThat(letter.path("recipient").asText()).isEqualTo(GMP);
        assertThat(letter.path("cause").asText()).isEqualTo("BROKER_GAVE_UP");
        assertThat(letter.path("reasonCode").asText()).isEqualTo("MAX_DELIVERY_ATTEMPTS");
        assertThat(letter.path("idempotencyKey").asText()).isEqualTo(notice.idempotencyKey());
        assertThat(listed.body()).doesNotContain(PAYLOAD_MARKER);

        JsonNode deadLettered = copy();
        assertThat(deadLettered.path("state").asText()).isEqualTo("dead-lettered");
        assertThat(deadLettered.path("expiresAt").isNull()).as("it waits for an operator, it does not expire").isTrue();
        Instant firstDelivered = Instant.parse(deadLettered.path("deliveredToMailboxAt").asText());

        Instant beforeReplay = Instant.now();
        HttpResponse<String> replayed = api.postJson("/dead-letters/" + notice.messageId() + "/replay", KENT, "{}",
                operator());
        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
        assertThat(ApiClient.json(replayed).path("replayedTo").asText()).isEqualTo(Mailboxes.queueName(GMP));

        assertThat(mailbox()).singleElement().satisfies(m -> {
            assertThat(m.getStringProperty(Mailboxes.MESSAGE_ID)).isEqualTo(notice.messageId());
            assertThat(m.getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
            assertThat(m.getJMSExpiration()).as("the message's own window, from the replay")
                    .isBetween(beforeReplay.plus(WINDOW).toEpochMilli(), Instant.now().plus(WINDOW).toEpochMilli());
        });
        HttpResponse<String> after = api.get("/dead-letters", KENT, operator());
        assertThat(ApiClient.json(after).path("deadLetters")).as("moved, not copied").isEmpty();

        JsonNode back = copy();
        assertThat(back.path("state").asText()).isEqualTo("delivered");
        Instant delivered = Instant.parse(back.path("deliveredToMailboxAt").asText());
        assertThat(delivered).isAfter(firstDelivered).isAfterOrEqualTo(beforeReplay.minusSeconds(1));
        assertThat(Instant.parse(back.path("expiresAt").asText())).isEqualTo(delivered.plus(WINDOW));

        List<String> replays = fixture.gateway().auditLog().entriesFor(notice.exchangeId()).stream()
                .map(AuditRecord::entryJson).filter(json -> json.contains("\"type\":\"DEAD_LETTER_REPLAYED\""))
                .toList();
        assertThat(replays).singleElement().asString().contains("\"messageId\":\"" + notice.messageId() + "\"")
                .doesNotContain(PAYLOAD_MARKER);
    }
}
