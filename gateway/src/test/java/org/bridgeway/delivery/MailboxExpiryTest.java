package org.bridgeway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.bridgeway.audit.AuditRecord;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.testing.GatewayFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message its recipient does not acknowledge within its delivery window (two seconds here) expires in the real
 * broker into one non-delivery report in the sender's mailbox and one DELIVERY_EXPIRED entry, even when the expired
 * message is offered again as after a crash before its removal; an acknowledged one never does.
 */
@ExtendWith(ShortExpiryScan.class)
class MailboxExpiryTest {
    private static final String KENT = "local-authority:886";
    private static final String GMP = "police:greater-manchester";
    private static final String CONTENT = "synthetic-notice-content-not-for-reports";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;
    private GatewayFixture fixture;
    private Gateway gateway;

    @BeforeEach
    void start() {
        fixture = GatewayFixture.start(data);
        gateway = fixture.gateway();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private static Delivery delivery(String exchangeId, Duration window) {
        return new Delivery(UUID.randomUUID().toString(), exchangeId, "placement-json:" + exchangeId,
                "placement-notification", KENT, GMP, "json", "application/json",
                ("{\"note\":\"" + CONTENT + "\"}").getBytes(StandardCharsets.UTF_8), window);
    }

    /** Accepted as the pipeline accepts: outbox row and delivery state in one transaction; the sweep relays it. */
    private void accept(Delivery d) throws Exception {
        try (java.sql.Connection c = gateway.dataSource().getConnection()) {
            c.setAutoCommit(false);
            Instant before = Instant.now().minusSeconds(60);
            MailboxOutbox.accept(c, List.of(d), before);
            c.commit();
        }
    }

    private List<String> entries(String exchangeId, String type) {
        return gateway.auditLog().entriesFor(exchangeId).stream().map(AuditRecord::entryJson)
                .filter(json -> json.contains("\"type\":\"" + type + "\"")).toList();
    }

    private List<MailboxMessage> reportsTo(String organisation, String exchangeId) {
        return gateway.mailboxes().list(organisation, 1000).stream()
                .filter(m -> MailboxExpiry.NON_DELIVERY_REPORT.equals(m.exchangeType())
                        && exchangeId.equals(m.exchangeId())).toList();
    }

    private int waitingToBeReported() throws Exception {
        try (Connection c = gateway.broker().connectionFactory().createConnection();
             Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
             QueueBrowser b = s.createBrowser(s.createQueue(MailboxBroker.EXPIRED))) {
            c.start();
            return java.util.Collections.list(b.getEnumeration()).size();
        }
    }

    @Test
    void anUnacknowledgedMessageExpiresIntoOneReportToItsSenderOnceEvenIfOfferedAgain() throws Exception {
        Delivery d = delivery("expiry-test-1", Duration.ofSeconds(2));
        accept(d);
        await().atMost(Duration.ofSeconds(30)).until(() -> reportsTo(KENT, d.exchangeId()).size() == 1);
        assertThat(gateway.mailboxes().count(GMP)).as("the expired message left the recipient's mailbox").isZero();

        MailboxMessage listed = reportsTo(KENT, d.exchangeId()).get(0);
        assertThat(listed.sender()).isEqualTo(MailboxExpiry.GATEWAY);
        Mailboxes.FetchedMessage report = gateway.mailboxes().fetch(KENT, listed.messageId()).orElseThrow();
        assertThat(report.message().mediaType()).isEqualTo(MailboxExpiry.REPORT_MEDIA_TYPE);
        JsonNode body = JSON.readTree(report.payload());
        assertThat(body.path("exchangeId").asText()).isEqualTo(d.exchangeId());
        assertThat(body.path("messageId").asText()).isEqualTo(d.messageId());
        assertThat(body.path("recipient").asText()).isEqualTo(GMP);
        assertThat(body.path("reason").asText()).isEqualTo("expired");
        assertThat(Instant.parse(body.path("expiredAt").asText())).isBefore(Instant.now());
        assertThat(new String(report.payload(), StandardCharsets.UTF_8)).doesNotContain(CONTENT);

        List<String> expired = entries(d.exchangeId(), "DELIVERY_EXPIRED");
        assertThat(expired).singleElement().satisfies(json -> assertThat(json)
                .contains("\"messageId\":\"" + d.messageId() + "\"")
                .contains("\"reportMessageId\":\"" + listed.messageId() + "\"")
                .contains("\"subject\":\"" + GMP + "\"").doesNotContain(CONTENT));
        // the sender asking where its copies stand sees the expired copy, and the report is not taken for a copy
        DeliveryStates states = new DeliveryStates(gateway.dataSource(), java.time.Clock.systemUTC());
        assertThat(states.ofExchange(d.exchangeId()))
                .singleElement().satisfies(c -> {
                    assertThat(c.messageId()).isEqualTo(d.messageId());
                    assertThat(c.expiredAt()).isNotNull();
                });
        assertThat(states.senderOf(d.exchangeId())).contains(KENT);

        // as if the gateway had stopped after the audit commit, before the broker took the message off the queue
        offerAgainAsExpired(d);
        await().atMost(Duration.ofSeconds(20)).until(() -> waitingToBeReported() == 0);
        assertThat(entries(d.exchangeId(), "DELIVERY_EXPIRED")).hasSize(1);
        assertThat(reportsTo(KENT, d.exchangeId())).hasSize(1);
        assertThat(gateway.auditLog().verify().valid()).isTrue();
    }

    @Test
    void anAcknowledgedMessageIsNeverReported() throws Exception {
        Delivery d = delivery("expiry-test-2", Duration.ofSeconds(3));
        accept(d);
        await().atMost(Duration.ofSeconds(20)).until(() -> gateway.mailboxes().count(GMP) == 1);
        Acknowledgements acks = new Acknowledgements(gateway.dataSource(), gateway.auditLog(),
                java.time.Clock.systemUTC());
        assertThat(gateway.mailboxes().acknowledge(GMP, d.messageId(), m -> acks.recordOnce(GMP, m))).isPresent();
        // and one acknowledged as it expired (the removal lost in a crash) is not reported either
        offerAgainAsExpired(d);
        await().atMost(Duration.ofSeconds(20)).until(() -> waitingToBeReported() == 0);
        Thread.sleep(Duration.ofSeconds(5).toMillis()); // past the window and a broker expiry scan
        assertThat(entries(d.exchangeId(), "DELIVERY_EXPIRED")).isEmpty();
        assertThat(reportsTo(KENT, d.exchangeId())).isEmpty();
    }

    /** Puts a copy of the mailbox message on the expiry queue, as the broker moves one. */
    private void offerAgainAsExpired(Delivery d) throws Exception {
        try (Connection c = gateway.broker().connectionFactory().createConnection();
             Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageProducer p = s.createProducer(s.createQueue(MailboxBroker.EXPIRED))) {
            BytesMessage m = s.createBytesMessage();
            m.writeBytes(d.payload());
            m.setStringProperty(Mailboxes.MESSAGE_ID, d.messageId());
            m.setStringProperty(Mailboxes.EXCHANGE_ID, d.exchangeId());
            m.setStringProperty(Mailboxes.EXCHANGE_TYPE, d.exchangeType());
            m.setStringProperty(Mailboxes.SENDER, d.sender());
            m.setStringProperty("_AMQ_ORIG_ADDRESS", Mailboxes.queueName(d.recipient()));
            p.send(m);
        }
    }
}
