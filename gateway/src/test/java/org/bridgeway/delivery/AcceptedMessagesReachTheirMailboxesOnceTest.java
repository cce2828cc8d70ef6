package org.bridgeway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.pipeline.Dispatch;
import org.bridgeway.pipeline.DispatchAudit;
import org.bridgeway.pipeline.NoticeAdmission;
import org.bridgeway.pipeline.PolicyEnforcement;
import org.bridgeway.pipeline.RecipientResolver;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.SyntheticPlacements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash windows of the mailbox outbox, replayed in process: a notice's messages are committed to the outbox with
 * its DISCLOSED entries, then relayed. Whatever step is cut short, every message ends in its mailbox exactly once,
 * and a message its recipient has acknowledged is never put back.
 */
class AcceptedMessagesReachTheirMailboxesOnceTest {
    private static final Duration RELAYED_WITHIN = Duration.ofSeconds(20);

    @TempDir
    Path data;

    /** The pipeline up to and including the audit commit, as if the gateway stopped before relaying. */
    private static Dispatch acceptWithoutRelaying(Gateway gateway, SyntheticPlacements.Spec spec) {
        var registry = gateway.camel().getRegistry();
        Dispatch dispatch = registry.lookupByNameAndType("noticeAdmission", NoticeAdmission.class)
                .admit(SyntheticPlacements.notice(gateway.reference(), spec));
        dispatch = registry.lookupByNameAndType("recipientResolver", RecipientResolver.class).resolve(dispatch);
        dispatch = registry.lookupByNameAndType("policyEnforcement", PolicyEnforcement.class).decide(dispatch);
        return registry.lookupByNameAndType("dispatchAudit", DispatchAudit.class).record(dispatch);
    }

    /** How many times the delivery's message is in its recipient's mailbox. */
    static long inMailbox(Gateway gateway, Delivery delivery) {
        return gateway.mailboxes().list(delivery.recipient(), 1000).stream()
                .filter(m -> m.messageId().equals(delivery.messageId())).count();
    }

    private static int outbox(Gateway gateway) throws Exception {
        try (Connection c = gateway.dataSource().getConnection();
             var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM mailbox_outbox")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Puts rows back in the outbox as if their deletion had been lost in a crash. */
    private static void putBackInOutbox(Gateway gateway, List<Delivery> deliveries) throws Exception {
        try (Connection c = gateway.dataSource().getConnection()) {
            c.setAutoCommit(false);
            MailboxOutbox.insert(c, deliveries, Instant.now().minusSeconds(60));
            c.commit();
        }
    }

    @Test
    void messagesCommittedButNotRelayedReachTheirMailboxesOnce() throws Exception {
        try (GatewayFixture fixture = GatewayFixture.start(data)) {
            Gateway gateway = fixture.gateway();
            Dispatch accepted = acceptWithoutRelaying(gateway, SyntheticPlacements.EVERY_FIELD.get(0));
            assertThat(accepted.deliveries()).isNotEmpty();
            assertThat(gateway.auditLog().entriesFor(accepted.exchangeId()))
                    .filteredOn(e -> "DISCLOSED".equals(e.field("type"))).hasSize(accepted.deliveries().size());

            await().atMost(RELAYED_WITHIN).untilAsserted(() -> {
                for (Delivery d : accepted.deliveries()) {
                    assertThat(inMailbox(gateway, d)).as(d.recipient()).isEqualTo(1);
                }
                assertThat(outbox(gateway)).isZero();
            });
        }
    }

    @Test
    void messagesRelayedAgainAfterARestartAreNotDeliveredTwice() throws Exception {
        Dispatch accepted;
        try (GatewayFixture fixture = GatewayFixture.start(data)) {
            accepted = fixture.gateway().submit(SyntheticPlacements.notice(fixture.gateway().reference(),
                    SyntheticPlacements.EVERY_FIELD.get(1)));
            for (Delivery d : accepted.deliveries()) {
                assertThat(inMailbox(fixture.gateway(), d)).isEqualTo(1);
            }
            await().atMost(RELAYED_WITHIN).until(() -> outbox(fixture.gateway()) == 0);
            putBackInOutbox(fixture.gateway(), accepted.deliveries());
        }
        try (GatewayFixture restarted = GatewayFixture.start(data)) {
            Gateway gateway = restarted.gateway();
            await().atMost(RELAYED_WITHIN).until(() -> outbox(gateway) == 0);
            for (Delivery d : accepted.deliveries()) {
                assertThat(inMailbox(gateway, d)).as(d.recipient()).isEqualTo(1);
            }
        }
    }

    @Test
    void anAcknowledgedMessageIsNeverPutBack() throws Exception {
        try (GatewayFixture fixture = GatewayFixture.start(data)) {
            Gateway gateway = fixture.gateway();
            Dispatch accepted = gateway.submit(SyntheticPlacements.notice(gateway.reference(),
                    SyntheticPlacements.EVERY_FIELD.get(2)));
            Delivery first = accepted.deliveries().get(0);
            Acknowledgements acknowledgements = new Acknowledgements(gateway.dataSource(), gateway.auditLog(),
                    Clock.systemUTC());
            assertThat(gateway.mailboxes().acknowledge(first.recipient(), first.messageId(),
                    m -> acknowledgements.recordOnce(first.recipient(), m))).isPresent();
            await().atMost(RELAYED_WITHIN).until(() -> outbox(gateway) == 0);

            putBackInOutbox(gateway, List.of(first));
            await().atMost(RELAYED_WITHIN).until(() -> outbox(gateway) == 0);
            assertThat(inMailbox(gateway, first)).isZero();
        }
    }
}
