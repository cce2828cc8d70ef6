package org.bridgeway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.bridgeway.audit.AuditRecord;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.policy.PolicyInput;
import org.bridgeway.policy.RecordedDecision;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.SyntheticPlacements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every decision of the pipeline is in the decision log, and its audit entry names it by id; when the decision
 * log cannot be written, the exchange fails and nothing is audited as disclosed or put in a mailbox.
 */
class DecisionLogPipelineTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void everyDecisionIsLoggedAndItsAuditEntryNamesIt() throws Exception {
        try (GatewayFixture fixture = GatewayFixture.start(temp)) {
            Gateway gateway = fixture.gateway();
            Dispatch dispatch = gateway.submit(SyntheticPlacements.notice(gateway.reference(),
                    SyntheticPlacements.EVERY_FIELD.get(0)));
            String exchange = dispatch.exchangeId();

            List<RecordedDecision> logged = gateway.decisionLog().forExchange(exchange);
            assertThat(logged).hasSize(dispatch.recipients().size());
            Map<String, RecordedDecision> byId = logged.stream()
                    .collect(Collectors.toMap(RecordedDecision::decisionId, Function.identity()));

            for (Disclosure d : dispatch.disclosures()) {
                RecordedDecision row = byId.get(d.decisionId());
                assertThat(row).as("decision log row of %s", d.recipient().id()).isNotNull();
                assertThat(row.recipient()).isEqualTo(d.recipient().id());
                assertThat(row.exchangeId()).isEqualTo(exchange);
                assertThat(row.decision()).isEqualTo(d.decision());
                assertThat(row.decision().policyRevision()).isEqualTo(gateway.decisionPoint().revision());
                assertThat(row.inputDigest()).isEqualTo(d.inputDigest()).isEqualTo(
                        PolicyInput.of(dispatch.notice(), d.recipient().organisation(),
                                d.recipient().relation(), ukDate(row.decidedAt())).digest());
                assertThat(gateway.decisionLog().find(d.decisionId())).contains(row);
            }

            List<JsonNode> decisions = new ArrayList<>();
            for (AuditRecord r : gateway.auditLog().entriesFor(exchange)) {
                JsonNode e = JSON.readTree(r.entryJson());
                if (e.get("type").asText().startsWith("DECISION_")) {
                    decisions.add(e);
                }
            }
            assertThat(decisions).hasSize(logged.size());
            for (JsonNode e : decisions) {
                JsonNode details = e.get("details");
                RecordedDecision row = byId.get(details.get("decisionId").asText());
                assertThat(row).as("logged decision named by audit entry %s", e).isNotNull();
                assertThat(row.recipient()).isEqualTo(e.get("subject").asText());
                // the relation chose the agreement entry: an auditor sees in which the recipient was told
                assertThat(details.get("relation").asText()).as("relation of %s", row.recipient())
                        .isEqualTo(dispatch.recipients().stream().filter(r -> r.id().equals(row.recipient()))
                                .findFirst().orElseThrow().relation());
                assertThat(details.get("policyRevision").asText()).isEqualTo(row.decision().policyRevision());
                assertThat(e.get("type").asText())
                        .isEqualTo(row.decision().allow() ? "DECISION_ALLOW" : "DECISION_DENY");
            }
            assertThat(gateway.auditLog().verify().valid()).isTrue();
        }
    }

    @Test
    void aDecisionLogFailureFailsTheExchangeAndNothingIsAuditedOrSent() throws Exception {
        try (GatewayFixture fixture = GatewayFixture.start(temp)) {
            Gateway gateway = fixture.gateway();
            long before = gateway.auditLog().size();
            try (Connection c = gateway.database().dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP TABLE policy_decision");
            }
            assertThatThrownBy(() -> gateway.submit(SyntheticPlacements.notice(gateway.reference(),
                    SyntheticPlacements.EVERY_FIELD.get(0)))).hasStackTraceContaining("POLICY_DECISION");
            assertThat(gateway.auditLog().size()).isEqualTo(before);
            assertThat(gateway.mailboxes().count("police:greater-manchester")).isZero();
            assertThat(gateway.mailboxes().count("local-authority:352")).isZero();
            assertThat(fixture.outcomes(Outcome.Delivered.class)).isEmpty();
        }
    }

    /** The decision date the pipeline uses: the UK date of the decision. */
    private static LocalDate ukDate(Instant at) {
        return LocalDate.ofInstant(at, ZoneId.of("Europe/London"));
    }
}
