package org.bridgeway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.bridgeway.audit.AuditLog;
import org.bridgeway.testing.GatewayFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An acknowledgement audited but not applied (the gateway stopped between the audit commit and the broker's) is
 * repeated by the recipient: the message is removed then, and the log holds one ACKNOWLEDGED entry for it.
 */
class AcknowledgementAuditedOnceTest {
    /** The host authority of the sample's Manchester placements: the return carries no risk, so its force has none. */
    private static final String HOST = "local-authority:352";
    private static final String OTHER = "health:LAC352";

    @TempDir
    Path data;

    @Test
    void anAcknowledgementRepeatedAfterAnInterruptedOneIsAuditedOnce() {
        try (GatewayFixture fixture = GatewayFixture.start(data)) {
            fixture.gateway().processReturn(GatewayFixture.samples().resolve("ssda903").resolve("kent-2025"));
            Mailboxes mailboxes = fixture.gateway().mailboxes();
            AuditLog audit = fixture.gateway().auditLog();
            Acknowledgements acknowledgements = new Acknowledgements(fixture.gateway().dataSource(), audit,
                    Clock.systemUTC());
            MailboxMessage waiting = mailboxes.list(HOST, 10).get(0);

            assertThatThrownBy(() -> mailboxes.acknowledge(HOST, waiting.messageId(), m -> {
                acknowledgements.recordOnce(HOST, m);
                throw new IllegalStateException("the gateway stops after the audit commit");
            })).isInstanceOf(IllegalStateException.class);
            assertThat(mailboxes.fetch(HOST, waiting.messageId())).isPresent();
            assertThat(acknowledgedEntries(audit, waiting)).isEqualTo(1);

            assertThat(mailboxes.acknowledge(HOST, waiting.messageId(), m -> acknowledgements.recordOnce(HOST, m)))
                    .isPresent();
            assertThat(mailboxes.fetch(HOST, waiting.messageId())).isEmpty();
            assertThat(acknowledgedEntries(audit, waiting)).isEqualTo(1);

            assertThat(acknowledgements.acknowledged(HOST, waiting.messageId())).isTrue();
            assertThat(acknowledgements.acknowledged(OTHER, waiting.messageId()))
                    .as("acknowledged by its recipient, not by anyone else").isFalse();
            assertThat(acknowledgements.acknowledgedAmong(OTHER, List.of(waiting.messageId()))).isEmpty();
        }
    }

    private static long acknowledgedEntries(AuditLog audit, MailboxMessage message) {
        return audit.entriesFor(message.exchangeId()).stream()
                .filter(e -> "ACKNOWLEDGED".equals(e.field("type")))
                .filter(e -> e.entryJson().contains(message.messageId()))
                .count();
    }
}
