package org.bridgeway.delivery.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.bridgeway.delivery.push.PushTestSupport.pushConfig;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bridgeway.delivery.Delivery;
import org.bridgeway.delivery.MailboxExpiry;
import org.bridgeway.delivery.MailboxMessage;
import org.bridgeway.delivery.MailboxOutbox;
import org.bridgeway.delivery.ShortExpiryScan;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.testing.GatewayFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A force that takes its notices by SOAP push still sends notices of its own; when one of them expires unacknowledged
 * the gateway's non-delivery report, which is in no force's SOAP contract, waits in the force's pull mailbox instead
 * of being diverted to the push queue and dead-lettered there.
 */
@ExtendWith(ShortExpiryScan.class)
class NonDeliveryReportToAPushForceStaysInItsMailboxTest {
    private static final String GMP = "police:greater-manchester";
    private static final String KENT = "local-authority:886";

    @TempDir
    Path data;
    private GatewayFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void theReportToAPushForceWaitsInItsPullMailbox() throws Exception {
        // nothing listens there: a report diverted to push would be tried, refused as not in contract, dead-lettered
        pushConfig(data, "http://127.0.0.1:9/records", "1s", "200ms", "1s", 2);
        fixture = GatewayFixture.start(data);
        Gateway gateway = fixture.gateway();
        Delivery fromTheForce = new Delivery(UUID.randomUUID().toString(), "ndr-push-" + UUID.randomUUID(),
                "missing-episode:ndr-push", "missing-episode", GMP, KENT, "json", "application/json",
                "{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(2));
        try (java.sql.Connection c = gateway.dataSource().getConnection()) {
            c.setAutoCommit(false);
            Instant before = Instant.now().minusSeconds(60);
            MailboxOutbox.accept(c, List.of(fromTheForce), before);
            c.commit();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> reports(gateway, fromTheForce.exchangeId()).size() == 1);
        assertThat(gateway.pushDelivery().deadLetters().list(Optional.of(GMP))).isEmpty();
    }

    private static List<MailboxMessage> reports(Gateway gateway, String exchangeId) {
        return gateway.mailboxes().list(GMP, 100).stream()
                .filter(m -> MailboxExpiry.NON_DELIVERY_REPORT.equals(m.exchangeType())
                        && exchangeId.equals(m.exchangeId())).toList();
    }
}
