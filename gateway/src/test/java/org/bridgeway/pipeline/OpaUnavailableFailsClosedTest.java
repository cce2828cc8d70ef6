package org.bridgeway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.bridgeway.audit.AuditRecord;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.testing.GatewayFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With OPA configured but not answering, every disclosure is denied, audited with the reason, and nothing is sent. */
class OpaUnavailableFailsClosedTest {
    @TempDir
    Path data;

    @Test
    void noAnswerFromOpaMeansNoDisclosure() throws IOException {
        int closedPort = GatewayFixture.freePort();
        try (Gateway gateway = Gateway.start(GatewayFixture.config(data).withOpa("http://127.0.0.1:" + closedPort))) {
            List<Outcome> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();
            gateway.outcomes().add(outcomes::add);

            gateway.processReturn(GatewayFixture.samples().resolve("ssda903").resolve("kent-2025"));

            assertThat(outcomes).filteredOn(Outcome.Delivered.class::isInstance).isEmpty();
            List<Outcome.Denied> denied = outcomes.stream().filter(Outcome.Denied.class::isInstance)
                    .map(Outcome.Denied.class::cast).toList();
            assertThat(denied).hasSize(7 * 3)
                    .allSatisfy(d -> assertThat(d.reasons()).anyMatch(r -> r.contains("fail closed")));
            assertThat(gateway.mailboxes().count("police:greater-manchester")).isZero();

            String exchangeId = denied.get(0).exchangeId();
            List<AuditRecord> entries = gateway.auditLog().entriesFor(exchangeId);
            assertThat(entries).filteredOn(e -> e.entryJson().contains("\"type\":\"DECISION_DENY\""))
                    .hasSize(3).allSatisfy(e -> assertThat(e.entryJson()).contains("fail closed"));
            assertThat(entries).noneMatch(e -> e.entryJson().contains("\"type\":\"DISCLOSED\""));
            assertThat(gateway.decisionLog().forExchange(exchangeId)).hasSize(3)
                    .allSatisfy(d -> assertThat(d.decision().allow()).isFalse());
            assertThat(gateway.auditLog().verify().valid()).isTrue();
        }
    }
}
