package org.bridgeway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.logging.CorrelationId;
import org.bridgeway.policy.DeliveryWindows;
import org.bridgeway.testing.GatewayFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message left in the outbox (as by a broker outage or a crash between the audit commit and the relay) is relayed
 * by the outbox sweep with the correlation id of the exchange that disclosed it, not with none or the sweeper's.
 */
class SweptMessageKeepsItsCorrelationIdTest {
    private static final String GMP = "police:greater-manchester";

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

    private static Delivery delivery(String messageId, String correlationId) {
        return new Delivery(messageId, "swept-" + messageId, "placement-json:" + messageId, "placement-notification",
                "local-authority:886", GMP, "json", "application/json", "{}".getBytes(StandardCharsets.UTF_8),
                DeliveryWindows.DEFAULT, correlationId);
    }

    private Optional<Message> inMailbox(String messageId) throws Exception {
        try (Connection c = gateway.broker().connectionFactory().createConnection();
             Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
             QueueBrowser b = s.createBrowser(s.createQueue(Mailboxes.queueName(GMP)))) {
            c.start();
            for (Object each : Collections.list(b.getEnumeration())) {
                Message m = (Message) each;
                if (messageId.equals(m.getStringProperty(Mailboxes.MESSAGE_ID))) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        }
    }

    @Test
    void theSweepRelaysALeftMessageWithItsExchangesCorrelationId() throws Exception {
        String withId = UUID.randomUUID().toString();
        String withoutId = UUID.randomUUID().toString();
        try (java.sql.Connection c = gateway.dataSource().getConnection()) {
            c.setAutoCommit(false);
            // written long enough ago that no exchange is still relaying them: the sweep's to relay
            MailboxOutbox.insert(c, List.of(delivery(withId, "req-7f3a-disclosing-exchange"), delivery(withoutId, null)),
                    Instant.now().minusSeconds(60));
            c.commit();
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> inMailbox(withId).isPresent()
                && inMailbox(withoutId).isPresent());
        assertThat(inMailbox(withId).orElseThrow().getStringProperty(CorrelationId.PROPERTY))
                .isEqualTo("req-7f3a-disclosing-exchange");
        assertThat(inMailbox(withoutId).orElseThrow().getStringProperty(CorrelationId.PROPERTY)).isNull();
    }
}
