package org.bridgeway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.bridgeway.audit.AuditUnavailableException;
import org.bridgeway.testing.GatewayFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcknowledgeIsAuditedFirstTest {
    @TempDir
    Path data;

    @Test
    void whenTheAcknowledgementCannotBeAuditedTheMessageStaysInTheMailbox() {
        try (GatewayFixture fixture = GatewayFixture.start(data)) {
            fixture.gateway().processReturn(GatewayFixture.samples().resolve("ssda903").resolve("kent-2025"));
            Mailboxes mailboxes = fixture.gateway().mailboxes();
            MailboxMessage waiting = mailboxes.list("local-authority:352", 10).get(0);
            assertThat(waiting.idempotencyKey()).as("recipients can de-duplicate").startsWith("ssda903:");

            assertThatThrownBy(() -> mailboxes.acknowledge("local-authority:352", waiting.messageId(), m -> {
                throw new AuditUnavailableException("audit database down", null);
            })).isInstanceOf(AuditUnavailableException.class);
            assertThat(mailboxes.fetch("local-authority:352", waiting.messageId())).isPresent();

            assertThat(mailboxes.acknowledge("local-authority:352", waiting.messageId(), m -> { })).isPresent();
            assertThat(mailboxes.fetch("local-authority:352", waiting.messageId())).isEmpty();
        }
    }
}
