package org.bridgeway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.bridgeway.delivery.AcceptedMessagesReachTheirMailboxesOnceTest.inMailbox;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.pipeline.Dispatch;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.SyntheticPlacements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Artemis stops itself on a critical I/O error (a full disk) and would stay stopped. The gateway starts it again
 * without being restarted: a notice accepted while it was down waits in the outbox and reaches its mailboxes once,
 * and what was in the mailboxes before is still there once.
 */
class BrokerThatStopsItselfIsStartedAgainTest {
    @TempDir
    Path data;

    @Test
    void aNoticeAcceptedWhileTheBrokerWasDownIsDeliveredOnceItIsBack() throws Exception {
        try (GatewayFixture fixture = GatewayFixture.start(data)) {
            Gateway gateway = fixture.gateway();
            Dispatch before = gateway.submit(SyntheticPlacements.notice(gateway.reference(),
                    SyntheticPlacements.EVERY_FIELD.get(0)));

            gateway.broker().server().stop(); // as Artemis does itself on a critical I/O error
            assertThat(gateway.broker().server().getState()).isNotEqualTo(ActiveMQServer.SERVER_STATE.STARTED);
            Dispatch during = gateway.submit(SyntheticPlacements.notice(gateway.reference(),
                    SyntheticPlacements.EVERY_FIELD.get(1)));
            assertThat(during.duplicate()).isFalse();
            assertThat(during.deliveries()).isNotEmpty();

            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
                for (Delivery d : during.deliveries()) {
                    assertThat(inMailbox(gateway, d)).as(d.recipient()).isEqualTo(1);
                }
            });
            for (Delivery d : before.deliveries()) {
                assertThat(inMailbox(gateway, d)).as(d.recipient()).isEqualTo(1);
            }
        }
    }
}
