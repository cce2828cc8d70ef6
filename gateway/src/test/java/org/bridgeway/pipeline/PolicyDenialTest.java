package org.bridgeway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.bridgeway.audit.AuditRecord;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.gateway.GatewayConfig;
import org.bridgeway.policy.EmbeddedDecisionPoint;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.SyntheticPlacements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Default deny, end to end: a gateway whose placement agreement has no health recipient entry still tells the
 * police force and the host authority, but denies the health team, audits the denial with its reason, and puts
 * nothing in the health team's mailbox.
 *
 * <p>The gateway runs from a temporary project root holding a copy of the real {@code routes/} and a
 * {@code policies/} folder with the schema ({@code policies/agreement.schema.json}, where
 * {@link EmbeddedDecisionPoint} looks for it: beside the agreements directory) and only the modified agreement.
 */
class PolicyDenialTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEALTH = "health:LAC352";
    private static final String POLICE = "police:greater-manchester";
    private static final String HOST = "local-authority:352";

    @TempDir
    Path temp;

    @Test
    void withoutAHealthEntryTheHealthTeamIsDeniedAndTheOthersStillReceive() throws Exception {
        Path root = projectRootWithoutHealthRecipient();
        GatewayConfig defaults = GatewayFixture.config(temp.resolve("data"));
        GatewayConfig config = new GatewayConfig(root, defaults.dataDirectory(), defaults.operator(),
                defaults.httpHost(), Optional.empty(), false);

        try (Running fixture = new Running(Gateway.start(config))) {
            Gateway gateway = fixture.gateway();
            // the Manchester placement of the JSON samples: recipients police, host authority and health team
            Dispatch dispatch = gateway.submit(SyntheticPlacements.notice(gateway.reference(),
                    SyntheticPlacements.EVERY_FIELD.get(0)));
            String exchange = dispatch.exchangeId();
            assertThat(dispatch.recipients()).extracting(o -> o.id()).containsExactly(POLICE, HOST, HEALTH);

            assertThat(fixture.outcomes(Outcome.Denied.class)).singleElement().satisfies(d -> {
                assertThat(d.exchangeId()).isEqualTo(exchange);
                assertThat(d.recipient()).isEqualTo(HEALTH);
                assertThat(d.reasons()).anyMatch(r -> r.contains("no information sharing agreement")
                        && r.contains("placement-notification from local-authority to health"));
            });
            assertThat(fixture.outcomes(Outcome.Delivered.class)).extracting(Outcome.Delivered::recipient)
                    .containsExactlyInAnyOrder(POLICE, HOST);

            assertThat(gateway.mailboxes().count(HEALTH)).isZero();
            assertThat(gateway.mailboxes().list(POLICE, 10)).singleElement()
                    .satisfies(m -> assertThat(m.exchangeId()).isEqualTo(exchange));
            assertThat(gateway.mailboxes().list(HOST, 10)).singleElement()
                    .satisfies(m -> assertThat(m.exchangeId()).isEqualTo(exchange));

            List<JsonNode> audit = new ArrayList<>();
            for (AuditRecord r : gateway.auditLog().entriesFor(exchange)) {
                audit.add(JSON.readTree(r.entryJson()));
            }
            List<JsonNode> denials = audit.stream().filter(e -> e.get("type").asText().equals("DECISION_DENY")).toList();
            assertThat(denials).singleElement().satisfies(e -> {
                assertThat(e.get("subject").asText()).isEqualTo(HEALTH);
                JsonNode details = e.get("details");
                assertThat(details.get("agreement").isNull()).isTrue();
                assertThat(details.get("permitted")).isEmpty();
                assertThat(details.get("withheld").size()).isEqualTo(dispatch.notice().fields().size());
                assertThat(details.get("reasons").toString()).contains("no information sharing agreement");
            });
            assertThat(audit.stream().filter(e -> e.get("type").asText().equals("DISCLOSED"))
                    .map(e -> e.get("subject").asText())).containsExactlyInAnyOrder(POLICE, HOST);
            assertThat(audit.stream().filter(e -> e.get("subject").asText().equals(HEALTH))
                    .map(e -> e.get("type").asText())).containsExactly("DECISION_DENY");
            assertThat(gateway.auditLog().verify().valid()).isTrue();
        }
    }

    @Test
    void theSampleReturnReachesNoHealthTeamUnderTheModifiedPolicy() throws Exception {
        Path root = projectRootWithoutHealthRecipient();
        GatewayConfig defaults = GatewayFixture.config(temp.resolve("data"));
        GatewayConfig config = new GatewayConfig(root, defaults.dataDirectory(), defaults.operator(),
                defaults.httpHost(), Optional.empty(), false);
        try (Running fixture = new Running(Gateway.start(config))) {
            fixture.gateway().processReturn(SyntheticPlacements.sampleReturn());
            // the health teams for want of an agreement; the forces because the return carries no risk
            assertThat(fixture.outcomes(Outcome.Denied.class)).hasSize(7 * 2)
                    .filteredOn(d -> d.recipient().startsWith("health:")).hasSize(7);
            assertThat(fixture.outcomes(Outcome.Delivered.class)).hasSize(7)
                    .noneSatisfy(d -> assertThat(d.recipient()).startsWith("health:"));
            for (Outcome.Denied d : fixture.outcomes(Outcome.Denied.class)) {
                assertThat(fixture.gateway().mailboxes().count(d.recipient())).isZero();
            }
        }
    }

    /** A gateway started on our own config (GatewayFixture starts from the project root), recording outcomes. */
    private static final class Running implements AutoCloseable {
        private final Gateway gateway;
        private final List<Outcome> outcomes = new CopyOnWriteArrayList<>();

        Running(Gateway gateway) {
            this.gateway = gateway;
            gateway.outcomes().add(outcomes::add);
        }

        Gateway gateway() {
            return gateway;
        }

        <T extends Outcome> List<T> outcomes(Class<T> type) {
            return outcomes.stream().filter(type::isInstance).map(type::cast).toList();
        }

        @Override
        public void close() {
            gateway.close();
        }
    }

    /** routes/ copied from the project; policies/ with the schema and the agreement minus its health entry. */
    private Path projectRootWithoutHealthRecipient() throws Exception {
        Path real = GatewayFixture.projectRoot();
        Path root = temp.resolve("project");
        Path routes = Files.createDirectories(root.resolve("routes"));
        try (Stream<Path> files = Files.list(real.resolve("routes"))) {
            for (Path f : files.toList()) {
                Files.copy(f, routes.resolve(f.getFileName()));
            }
        }
        Path policies = Files.createDirectories(root.resolve("policies"));
        Files.copy(real.resolve("policies").resolve(EmbeddedDecisionPoint.SCHEMA_FILE),
                policies.resolve(EmbeddedDecisionPoint.SCHEMA_FILE));
        Path agreements = Files.createDirectories(policies.resolve("agreements"));
        // the early-warning thresholds, the workflow deadlines and the council directory are data the gateway needs
        // to start, whatever the agreements
        for (String folder : List.of("early-warnings", "workflows", "directory")) {
            Path copy = Files.createDirectories(policies.resolve(folder));
            try (Stream<Path> files = Files.list(real.resolve("policies").resolve(folder))) {
                for (Path f : files.toList()) {
                    Files.copy(f, copy.resolve(f.getFileName()));
                }
            }
        }

        String yaml = Files.readString(real.resolve("policies/agreements/placement-notification.yaml"));
        int health = yaml.indexOf("\n    - role: health\n");
        assertThat(health).as("the agreement's health recipient entry").isPositive();
        // the health entry is the last recipient and runs to the end of the file
        String withoutHealth = yaml.substring(0, health + 1);
        assertThat(withoutHealth).contains("- role: police", "- role: local-authority").doesNotContain("role: health");
        Files.writeString(agreements.resolve("placement-notification.yaml"), withoutHealth);

        // the modified set loads: it is a valid agreement, just a narrower one
        assertThat(new EmbeddedDecisionPoint(agreements).agreementIds()).containsExactly("ISA-PN-2025");
        return root;
    }
}
