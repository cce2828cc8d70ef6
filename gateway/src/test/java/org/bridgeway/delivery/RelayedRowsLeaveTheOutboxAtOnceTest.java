package org.bridgeway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.policy.DeliveryWindows;
import org.bridgeway.testing.GatewayFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An exchange's relayed messages leave the outbox as soon as they are in their mailboxes, not at the relay's next
 * pass: a row gone before the embedded database's next store is never written to its file.
 */
class RelayedRowsLeaveTheOutboxAtOnceTest {
    private static final String GMP = "police:greater-manchester";

    @TempDir
    Path data;

    private static Delivery delivery() {
        String messageId = UUID.randomUUID().toString();
        return new Delivery(messageId, "relayed-" + messageId, "placement-json:" + messageId,
                "placement-notification", "local-authority:886", GMP, "json", "application/json",
                "{}".getBytes(StandardCharsets.UTF_8), DeliveryWindows.DEFAULT, null);
    }

    private static int inOutbox(Gateway gateway, List<Delivery> deliveries) throws Exception {
        int count = 0;
        try (Connection c = gateway.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM mailbox_outbox WHERE message_id = ?")) {
            for (Delivery d : deliveries) {
                ps.setString(1, d.messageId());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    count += rs.getInt(1);
                }
            }
        }
        return count;
    }

    @Test
    void theRowsOfMessagesAnExchangeRelayedAreDeletedWithoutWaitingForAPass() throws Exception {
        try (GatewayFixture fixture = GatewayFixture.start(data)) {
            Gateway gateway = fixture.gateway();
            List<Delivery> deliveries = List.of(delivery(), delivery(), delivery());
            try (Connection c = gateway.dataSource().getConnection()) {
                c.setAutoCommit(false);
                // just accepted: the gateway's own passes leave them to the exchange for ten seconds
                MailboxOutbox.insert(c, deliveries, Instant.now());
                c.commit();
            }
            // a relay whose passes never run (not started): only its exchange's own relay can delete the rows
            MailboxRelay relay = new MailboxRelay(gateway.dataSource(), gateway.mailboxes(), Clock.systemUTC());
            try {
                assertThat(relay.relay(deliveries)).isTrue();
                await().atMost(Duration.ofSeconds(3)).untilAsserted(() ->
                        assertThat(inOutbox(gateway, deliveries)).isZero());
            } finally {
                relay.close();
            }
            for (Delivery d : deliveries) {
                assertThat(AcceptedMessagesReachTheirMailboxesOnceTest.inMailbox(gateway, d)).isEqualTo(1);
            }
        }
    }
}
