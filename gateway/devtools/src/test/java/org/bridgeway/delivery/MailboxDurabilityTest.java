package org.bridgeway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.bridgeway.audit.AuditVerification;
import org.bridgeway.pipeline.Outcome;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.TlsGatewayFixture;
import org.bridgeway.testing.TestPki;
import org.bridgeway.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mailboxes, the audit log and the processed-input record survive a restart on the same data directory. */
class MailboxDurabilityTest {
    /** The Manchester placements' host authority: the sample return carries no risk, so its force is told nothing. */
    private static final String MANCHESTER = "local-authority:352";

    @TempDir
    Path data;

    private final Path sampleReturn = GatewayFixture.samples().resolve("ssda903").resolve("kent-2025");

    @Test
    void anUnacknowledgedMessageSurvivesARestartAndAnAcknowledgedOneStaysGone() throws Exception {
        String messageId;
        String exchangeId;
        byte[] payload;
        long auditSize;
        int[] countsBefore;
        try (GatewayFixture first = GatewayFixture.start(data)) {
            first.gateway().processReturn(sampleReturn);
            assertThat(first.outcomes(Outcome.Delivered.class)).hasSize(GatewayFixture.SAMPLE_RETURN_DELIVERIES);
            List<MailboxMessage> waiting = first.gateway().mailboxes().list(MANCHESTER, 10);
            assertThat(waiting).hasSize(1);
            messageId = waiting.get(0).messageId();
            exchangeId = waiting.get(0).exchangeId();
            payload = first.gateway().mailboxes().fetch(MANCHESTER, messageId).orElseThrow().payload();
            auditSize = first.gateway().auditLog().size();
            countsBefore = counts(first);
            assertThat(countsBefore).containsExactly(0, 1, 1, 0, 1, 1);
            assertThat(first.gateway().auditLog().verify().valid()).isTrue();
        }

        long auditAfterAck;
        try (GatewayFixture second = TlsGatewayFixture.startWithHttp(data)) {
            Mailboxes mailboxes = second.gateway().mailboxes();
            List<MailboxMessage> waiting = mailboxes.list(MANCHESTER, 10);
            assertThat(waiting).extracting(MailboxMessage::messageId).containsExactly(messageId);
            assertThat(waiting.get(0).exchangeId()).isEqualTo(exchangeId);
            assertThat(mailboxes.fetch(MANCHESTER, messageId).orElseThrow().payload()).isEqualTo(payload);
            assertThat(counts(second)).isEqualTo(countsBefore);

            assertThat(second.gateway().auditLog().size()).isEqualTo(auditSize);
            assertThat(second.gateway().auditLog().verify().valid()).isTrue();

            // The same return dropped again after the restart: recognised, nothing delivered, nothing audited.
            second.gateway().processReturn(sampleReturn);
            assertThat(second.outcomes()).isEmpty();
            assertThat(counts(second)).isEqualTo(countsBefore);
            assertThat(second.gateway().auditLog().size()).isEqualTo(auditSize);

            HttpResponse<String> ack = TestPki.httpClient(MANCHESTER).send(HttpRequest.newBuilder(
                            URI.create(second.apiBase() + "/mailboxes/" + MANCHESTER + "/messages/" + messageId
                                    + "/ack"))
                    .header("Authorization", "Bearer " + TestTokens.serviceAccount(MANCHESTER).orElseThrow())
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ack.statusCode()).as(ack.body()).isEqualTo(204);
            assertThat(mailboxes.count(MANCHESTER)).isZero();
            auditAfterAck = second.gateway().auditLog().size();
            assertThat(auditAfterAck).isEqualTo(auditSize + 1);
            assertThat(second.gateway().auditLog().verify().valid()).isTrue();
        }

        try (GatewayFixture third = GatewayFixture.start(data)) {
            assertThat(third.gateway().mailboxes().count(MANCHESTER)).isZero();
            assertThat(third.gateway().mailboxes().fetch(MANCHESTER, messageId)).isEmpty();
            assertThat(third.gateway().mailboxes().acknowledge(MANCHESTER, messageId, m -> { })).isEmpty();
            int[] expected = countsBefore.clone();
            expected[1] = 0;
            assertThat(counts(third)).isEqualTo(expected);
            assertThat(third.gateway().auditLog().size()).isEqualTo(auditAfterAck);
            AuditVerification verification = third.gateway().auditLog().verify();
            assertThat(verification.valid()).as(String.valueOf(verification.problem())).isTrue();
            assertThat(verification.entriesChecked()).isEqualTo(auditAfterAck);
            assertThat(third.gateway().auditLog().entriesFor(exchangeId))
                    .anySatisfy(r -> assertThat(r.entryJson()).contains("\"type\":\"ACKNOWLEDGED\""));

            third.gateway().processReturn(sampleReturn);
            assertThat(third.outcomes(Outcome.Delivered.class)).isEmpty();
            assertThat(counts(third)).isEqualTo(expected);
        }
    }

    /** Waiting messages in the mailboxes of the Manchester placement's recipients and of the Leeds one. */
    private static int[] counts(GatewayFixture fixture) {
        Mailboxes m = fixture.gateway().mailboxes();
        return new int[] {m.count("police:greater-manchester"), m.count(MANCHESTER), m.count("health:LAC352"),
                m.count("police:west-yorkshire"), m.count("local-authority:383"), m.count("health:LAC383")};
    }
}
