package org.bridgeway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.bridgeway.adapters.Digests;
import org.bridgeway.audit.store.EntryCompression;
import org.bridgeway.delivery.Mailboxes;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.pipeline.Dispatch;
import org.bridgeway.pipeline.Outcome;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.SyntheticPersonalValues;
import org.bridgeway.testing.SyntheticPlacements;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log records what happened without recording who it happened to: after the sample SSDA903 return and
 * JSON notices full of personal data have gone through a real gateway, no stored audit entry holds a name, NHS
 * number, UPN, date of birth (in any usual format), postcode (with or without its space), ethnicity code or the
 * placing authority's own child id (which may only enter the audit log inside the idempotency-key digest). And
 * the log is still complete: every exchange has its receipt, an allow decision and a disclosure per recipient,
 * and each disclosure's payload digest is the SHA-256 of the bytes waiting in that recipient's mailbox. Nor does
 * the dictionary the entries are compressed with, which was trained on audit entries.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditHoldsNoPersonalDataTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private GatewayFixture fixture;
    private final List<String> entries = new ArrayList<>();
    private final Set<String> jsonExchanges = new LinkedHashSet<>();

    @BeforeAll
    void runThePipeline(@TempDir Path data) throws Exception {
        fixture = GatewayFixture.start(data);
        Gateway gateway = fixture.gateway();
        gateway.processReturn(SyntheticPlacements.sampleReturn());
        for (SyntheticPlacements.Spec spec : SyntheticPlacements.EVERY_FIELD) {
            Dispatch d = gateway.submit(SyntheticPlacements.notice(gateway.reference(), spec));
            jsonExchanges.add(d.exchangeId());
        }
        try (Connection c = gateway.database().dataSource().getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT entry FROM audit_entry ORDER BY seq")) {
            while (rs.next()) {
                entries.add(new String(EntryCompression.decompress(rs.getBytes(1)), StandardCharsets.UTF_8));
            }
        }
    }

    @AfterAll
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void noAuditEntryHoldsAnyPersonalValue() throws Exception {
        Map<String, String> personal = SyntheticPersonalValues.all();
        assertThat(personal).hasSizeGreaterThan(100);
        // receipts, decisions and disclosures of 10 notices to 3 recipients each (the sample return's 7, without a
        // risk, are not disclosed to the police), and the rejected row
        assertThat(entries).hasSize(10 * (1 + 3) + 3 * 3 + 7 * 2 + 1);
        for (String entry : entries) {
            String text = entry.toLowerCase(Locale.ROOT);
            personal.forEach((value, what) -> assertThat(text)
                    .as("audit entry must not hold %s", what)
                    .doesNotContain(value.toLowerCase(Locale.ROOT)));
        }
    }

    @Test
    void theCompressionDictionaryHoldsNoPersonalValue() throws Exception {
        String dictionary;
        try (InputStream in = EntryCompression.class.getResourceAsStream("audit-entry-dictionary-1.zdict")) {
            dictionary = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        }
        assertThat(dictionary).as("trained on audit entries").contains("decision_allow").contains("payloaddigest");
        SyntheticPersonalValues.all().forEach((value, what) -> assertThat(dictionary)
                .as("the audit entry dictionary must not hold %s", what)
                .doesNotContain(value.toLowerCase(Locale.ROOT)));
    }

    @Test
    void everyExchangeHasItsReceiptDecisionsAndDisclosuresWithPayloadDigests() throws Exception {
        Gateway gateway = fixture.gateway();
        Map<String, List<Outcome.Delivered>> byExchange = new LinkedHashMap<>();
        fixture.outcomes(Outcome.Delivered.class).forEach(d ->
                byExchange.computeIfAbsent(d.exchangeId(), k -> new ArrayList<>()).add(d));
        assertThat(byExchange).hasSize(10).containsKeys(jsonExchanges.toArray(String[]::new));

        int digestsChecked = 0;
        for (Map.Entry<String, List<Outcome.Delivered>> exchange : byExchange.entrySet()) {
            Set<String> recipients = new LinkedHashSet<>();
            exchange.getValue().forEach(d -> recipients.add(d.recipient()));
            boolean fromJson = jsonExchanges.contains(exchange.getKey());
            // the JSON notices carry risks; the sample return's carry none, and their force is denied
            assertThat(recipients).hasSize(fromJson ? 3 : 2);

            List<JsonNode> audit = new ArrayList<>();
            for (AuditRecord r : gateway.auditLog().entriesFor(exchange.getKey())) {
                audit.add(JSON.readTree(r.entryJson()));
            }
            List<String> denied = subjects(ofType(audit, "DECISION_DENY"));
            assertThat(denied).hasSize(fromJson ? 0 : 1).allSatisfy(force -> assertThat(force).startsWith("police:"));
            List<JsonNode> received = ofType(audit, "RECEIVED");
            assertThat(received).singleElement().satisfies(r -> {
                assertThat(r.get("actor").asText()).isEqualTo("local-authority:886");
                List<String> listed = new ArrayList<>();
                r.get("details").get("recipients").forEach(n -> listed.add(n.asText()));
                List<String> candidates = new ArrayList<>(recipients);
                candidates.addAll(denied);
                assertThat(listed).containsExactlyInAnyOrderElementsOf(candidates);
            });
            assertThat(subjects(ofType(audit, "DECISION_ALLOW"))).containsExactlyInAnyOrderElementsOf(recipients);
            List<JsonNode> disclosed = ofType(audit, "DISCLOSED");
            assertThat(subjects(disclosed)).containsExactlyInAnyOrderElementsOf(recipients);

            for (JsonNode d : disclosed) {
                String recipient = d.get("subject").asText();
                JsonNode details = d.get("details");
                Mailboxes.FetchedMessage m = gateway.mailboxes()
                        .fetch(recipient, details.get("messageId").asText()).orElseThrow(() -> new AssertionError(
                                "disclosed message " + details.get("messageId") + " is not in " + recipient));
                assertThat(m.message().exchangeId()).isEqualTo(exchange.getKey());
                assertThat(details.get("payloadDigest").asText())
                        .as("payload digest of %s's message", recipient)
                        .isEqualTo(Digests.sha256(m.payload()));
                assertThat(details.get("format").asText()).isEqualTo(m.message().format());
                digestsChecked++;
            }
        }
        assertThat(digestsChecked).isEqualTo(3 * 3 + 7 * 2);
        assertThat(gateway.auditLog().verify().valid()).isTrue();
    }

    private static List<JsonNode> ofType(List<JsonNode> audit, String type) {
        return audit.stream().filter(e -> e.get("type").asText().equals(type)).toList();
    }

    private static List<String> subjects(List<JsonNode> audit) {
        return audit.stream().map(e -> e.get("subject").asText()).toList();
    }
}
