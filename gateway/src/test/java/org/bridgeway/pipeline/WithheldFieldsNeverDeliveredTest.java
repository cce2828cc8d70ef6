package org.bridgeway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bridgeway.adapters.fhir.FhirPlacementRenderer;
import org.bridgeway.adapters.json.JsonNoticeRenderer;
import org.bridgeway.audit.AuditRecord;
import org.bridgeway.delivery.MailboxMessage;
import org.bridgeway.delivery.Mailboxes;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.model.Notice;
import org.bridgeway.model.PlacementNotice;
import org.bridgeway.model.PlacementNotice.Fields;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.SyntheticPlacements;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data-minimisation guarantee, end to end through a real gateway: whatever the policy withheld from a recipient
 * is nowhere in the bytes that recipient can fetch from its mailbox, and whatever it permitted is there.
 *
 * <p>Input: the sample SSDA903 return and three JSON placement notices with every field present and distinctive
 * values. For every message in every mailbox, the original notice is found (JSON notices by exchange id, SSDA903
 * notices through the idempotency key the RECEIVED audit entry holds) together with the decision's withheld list
 * from the {@link Outcome.Delivered} of that exchange and recipient.
 *
 * <p>Absence is checked on the payload text: a withheld value must not appear as a JSON string ({@code "J3"}); a
 * withheld value of four or more characters must not appear at all, even inside another string. (Shorter values,
 * the one- and two-letter SSDA903 codes, could occur by chance inside other text, so only their quoted form is a
 * meaningful test.) Risks are checked code by code.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WithheldFieldsNeverDeliveredTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private GatewayFixture fixture;
    /** Every notice that went in, by the exchange id the gateway gave it. */
    private final Map<String, Notice> noticesByExchange = new HashMap<>();
    /** Delivered outcomes by exchange id and recipient. */
    private final Map<String, Outcome.Delivered> delivered = new HashMap<>();
    /** Every mailbox message with its payload, by recipient. */
    private final Map<String, List<Mailboxes.FetchedMessage>> mailboxes = new LinkedHashMap<>();

    @BeforeAll
    void runThePipeline(@TempDir Path data) throws Exception {
        fixture = GatewayFixture.start(data);
        Gateway gateway = fixture.gateway();
        gateway.processReturn(SyntheticPlacements.sampleReturn());
        for (SyntheticPlacements.Spec spec : SyntheticPlacements.EVERY_FIELD) {
            PlacementNotice notice = SyntheticPlacements.notice(gateway.reference(), spec);
            Dispatch dispatch = gateway.submit(notice);
            assertThat(dispatch.duplicate()).isFalse();
            // every field a start can carry is present as the pipeline carried it (with what the gateway adds on
            // receipt), so every withholding rule is exercised; but the high-risk judgement (these carry risks, which
            // tell the force already) and the sentence that a notice carries no names, which only a notice from an
            // SSDA903 return carries (the sample return's, here)
            List<String> ofAStart = new java.util.ArrayList<>(Fields.ALL);
            ofAStart.removeAll(Fields.OF_CHANGES_AND_ENDS);
            ofAStart.removeAll(List.of(Fields.HIGH_RISK_OF_EXPLOITATION, Fields.CHILD_NAMES_NOT_CARRIED));
            assertThat(dispatch.notice().fields().keySet()).containsExactlyInAnyOrderElementsOf(ofAStart);
            noticesByExchange.put(dispatch.exchangeId(), dispatch.notice());
        }

        // the sample return's notices as the pipeline carried them: with what the placement's own step adds
        ExchangeStep added = gateway.camel().getRegistry().lookupByNameAndType(Exchanges.PLACEMENT_TIMELINESS,
                ExchangeStep.class);
        Map<String, Notice> sampleByKey = new HashMap<>();
        SyntheticPlacements.sampleReturnNoticesByKey(gateway.reference()).forEach((key, n) ->
                sampleByKey.put(key, added.apply(Dispatch.received(n, Instant.now())).notice()));
        assertThat(sampleByKey).hasSize(7);
        for (Outcome.Delivered d : fixture.outcomes(Outcome.Delivered.class)) {
            assertThat(delivered.put(d.exchangeId() + "|" + d.recipient(), d))
                    .as("one Delivered outcome per exchange and recipient").isNull();
            if (!noticesByExchange.containsKey(d.exchangeId())) {
                String key = receivedIdempotencyKey(gateway, d.exchangeId());
                assertThat(sampleByKey).as("the sample return's notice with key %s", key).containsKey(key);
                noticesByExchange.put(d.exchangeId(), sampleByKey.get(key));
            }
        }
        assertThat(noticesByExchange).hasSize(7 + SyntheticPlacements.EVERY_FIELD.size());

        Set<String> recipients = new LinkedHashSet<>();
        delivered.values().forEach(d -> recipients.add(d.recipient()));
        for (String recipient : recipients) {
            List<Mailboxes.FetchedMessage> fetched = new java.util.ArrayList<>();
            for (MailboxMessage m : gateway.mailboxes().list(recipient, 1000)) {
                fetched.add(gateway.mailboxes().fetch(recipient, m.messageId()).orElseThrow());
            }
            mailboxes.put(recipient, fetched);
        }
    }

    @AfterAll
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void everyDeliveredOutcomeHasExactlyOneMailboxMessageAndViceVersa() {
        // 7 sample placements, each to host authority and health team (no risk: the force is not told), and 3 JSON
        // ones with risks, each to police, host authority and health team
        assertThat(delivered).hasSize(GatewayFixture.SAMPLE_RETURN_DELIVERIES + 3 * 3);
        Set<String> inMailboxes = new java.util.HashSet<>();
        mailboxes.forEach((recipient, messages) -> messages.forEach(m -> {
            assertThat(inMailboxes.add(m.message().exchangeId() + "|" + recipient))
                    .as("one message per exchange in %s's mailbox", recipient).isTrue();
        }));
        assertThat(inMailboxes).isEqualTo(delivered.keySet());
    }

    @Test
    void noWithheldValueIsInAnyPayloadAndEveryPermittedValueIs() {
        int checkedWithheld = 0;
        for (Map.Entry<String, List<Mailboxes.FetchedMessage>> box : mailboxes.entrySet()) {
            String recipient = box.getKey();
            for (Mailboxes.FetchedMessage m : box.getValue()) {
                Outcome.Delivered outcome = delivered.get(m.message().exchangeId() + "|" + recipient);
                assertThat(outcome).as("Delivered outcome of %s for %s", m.message().exchangeId(), recipient)
                        .isNotNull();
                Map<String, String> fields = noticesByExchange.get(m.message().exchangeId()).fields();
                String payload = new String(m.payload(), StandardCharsets.UTF_8);
                String where = recipient + " message " + m.message().messageId() + " (exchange "
                        + m.message().exchangeId() + ")";

                // the decision partitions the notice's fields
                assertThat(outcome.fields()).as(where).allMatch(f -> !outcome.withheld().contains(f));
                Set<String> all = new LinkedHashSet<>(outcome.fields());
                all.addAll(outcome.withheld());
                assertThat(all).as(where).isEqualTo(fields.keySet());

                Set<String> permittedValues = new java.util.HashSet<>();
                for (String f : outcome.fields()) {
                    permittedValues.addAll(values(f, fields.get(f)));
                }
                for (String f : outcome.fields()) {
                    for (String v : values(f, fields.get(f))) {
                        assertThat(payload).as("%s must carry permitted %s", where, f).contains(v);
                    }
                }
                for (String f : outcome.withheld()) {
                    for (String v : values(f, fields.get(f))) {
                        if (permittedValues.contains(v)) {
                            continue; // the same text is disclosed legitimately as another field's value
                        }
                        assertThat(payload).as("%s must not carry withheld %s", where, f).doesNotContain('"' + v + '"');
                        if (v.length() >= 4) {
                            assertThat(payload).as("%s must not carry withheld %s", where, f).doesNotContain(v);
                        }
                        checkedWithheld++;
                    }
                }
            }
        }
        // 95 when written: police 8 or 9 per notice, health 3 to 6, host authority 1 for a JSON notice (NHS number);
        // 61 since the sample return's notices, which carry no risk, no longer reach the police (ISA-PN-2025 2.0)
        assertThat(checkedWithheld).as("withheld values checked").isGreaterThan(55);
    }

    @Test
    void theJsonNoticesWithheldValuesAreDistinctiveEnoughToBeSearchedFor() {
        // the built notices never reuse a value between fields, so every withheld value is searched for
        for (SyntheticPlacements.Spec spec : SyntheticPlacements.EVERY_FIELD) {
            Notice notice = noticesByExchange.values().stream()
                    .filter(n -> n.fields().get(Fields.CHILD_LOCAL_ID).equals(spec.localId())).findFirst().orElseThrow();
            List<String> vals = notice.fields().entrySet().stream()
                    .filter(e -> !e.getKey().equals(Fields.PLACING_AUTHORITY)
                            && !e.getKey().equals(Fields.PLACEMENT_LOCAL_AUTHORITY))
                    .flatMap(e -> values(e.getKey(), e.getValue()).stream()).toList();
            assertThat(vals).doesNotHaveDuplicates();
        }
    }

    @Test
    void jsonRecipientsGetExactlyThePermittedFieldsWithTheirOriginalValues() throws Exception {
        for (Map.Entry<String, List<Mailboxes.FetchedMessage>> box : mailboxes.entrySet()) {
            for (Mailboxes.FetchedMessage m : box.getValue()) {
                if (!m.message().format().equals(JsonNoticeRenderer.FORMAT)) {
                    continue;
                }
                Outcome.Delivered outcome = delivered.get(m.message().exchangeId() + "|" + box.getKey());
                Map<String, String> fields = noticesByExchange.get(m.message().exchangeId()).fields();
                Map<String, String> expected = new LinkedHashMap<>();
                outcome.fields().forEach(f -> expected.put(f, fields.get(f)));
                JsonNode notice = JSON.readTree(m.payload()).get("notice");
                assertThat(flatten(notice)).as("%s message %s", box.getKey(), m.message().messageId())
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void policeNeverReceiveSpecialCategoryData() throws Exception {
        List<Outcome.Delivered> police = delivered.values().stream()
                .filter(d -> d.recipient().startsWith("police:")).toList();
        assertThat(police).hasSize(3); // the JSON notices, which carry risks; the sample return's carry none
        for (Outcome.Delivered d : police) {
            assertThat(d.fields()).doesNotContain(Fields.CHILD_ETHNICITY, Fields.PLACEMENT_CATEGORY_OF_NEED);
            // every notice here carries both, so both are withheld, and the lawful basis has no Art 9 condition
            assertThat(d.withheld()).contains(Fields.CHILD_ETHNICITY, Fields.PLACEMENT_CATEGORY_OF_NEED);
            assertThat(d.lawfulBasis()).doesNotContainKeys("article9", "schedule1").containsKey("part3");
        }
        int checked = 0;
        for (Map.Entry<String, List<Mailboxes.FetchedMessage>> box : mailboxes.entrySet()) {
            if (!box.getKey().startsWith("police:")) {
                continue;
            }
            for (Mailboxes.FetchedMessage m : box.getValue()) {
                JsonNode notice = JSON.readTree(m.payload()).get("notice");
                assertThat(notice.path("child").has("ethnicity")).isFalse();
                assertThat(notice.path("placement").has("categoryOfNeed")).isFalse();
                String payload = new String(m.payload(), StandardCharsets.UTF_8);
                assertThat(payload).doesNotContain("ethnicity", "categoryOfNeed");
                String ethnicity = noticesByExchange.get(m.message().exchangeId()).fields().get(Fields.CHILD_ETHNICITY);
                assertThat(payload).doesNotContain(ethnicity);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(3);
    }

    @Test
    void theHealthBundleCarriesNoRisksAndThePoliceJsonNoNhsNumber() {
        for (SyntheticPlacements.Spec spec : SyntheticPlacements.EVERY_FIELD) {
            String exchange = noticesByExchange.entrySet().stream()
                    .filter(e -> e.getValue().fields().get(Fields.CHILD_LOCAL_ID).equals(spec.localId()))
                    .findFirst().orElseThrow().getKey();
            for (Map.Entry<String, List<Mailboxes.FetchedMessage>> box : mailboxes.entrySet()) {
                for (Mailboxes.FetchedMessage m : box.getValue()) {
                    if (!m.message().exchangeId().equals(exchange)) {
                        continue;
                    }
                    String payload = new String(m.payload(), StandardCharsets.UTF_8);
                    if (box.getKey().startsWith("health:")) {
                        assertThat(m.message().format()).isEqualTo(FhirPlacementRenderer.FORMAT);
                        assertThat(payload).contains(spec.nhsNumber(), spec.ethnicity())
                                .doesNotContain(FhirPlacementRenderer.RISK_EXTENSION, spec.upn(), spec.homePostcode());
                        spec.risks().forEach(r -> assertThat(payload).doesNotContain('"' + r + '"'));
                    } else if (box.getKey().startsWith("police:")) {
                        assertThat(payload).doesNotContain(spec.nhsNumber(), spec.upn(), spec.ethnicity());
                        spec.risks().forEach(r -> assertThat(payload).contains('"' + r + '"'));
                    } else {
                        assertThat(payload).doesNotContain(spec.nhsNumber()).contains(spec.upn(), spec.ethnicity());
                    }
                }
            }
        }
    }

    /** The text a field's value shows as in a payload: risks are comma-joined codes, each rendered on its own. */
    private static List<String> values(String field, String value) {
        if (field.equals(Fields.RISKS)) {
            return List.of(value.split(","));
        }
        return List.of(value);
    }

    private static Map<String, String> flatten(JsonNode notice) {
        Map<String, String> out = new LinkedHashMap<>();
        flatten("", notice, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        node.fields().forEachRemaining(e -> {
            String name = prefix + e.getKey();
            if (e.getValue().isObject()) {
                flatten(name + ".", e.getValue(), out);
            } else if (e.getValue().isArray()) {
                List<String> items = new java.util.ArrayList<>();
                e.getValue().forEach(i -> items.add(i.asText()));
                out.put(name, String.join(",", items));
            } else {
                out.put(name, e.getValue().asText());
            }
        });
    }

    static String receivedIdempotencyKey(Gateway gateway, String exchangeId) throws Exception {
        for (AuditRecord r : gateway.auditLog().entriesFor(exchangeId)) {
            JsonNode entry = JSON.readTree(r.entryJson());
            if (entry.get("type").asText().equals("RECEIVED")) {
                return entry.get("details").get("idempotencyKey").asText();
            }
        }
        throw new AssertionError("no RECEIVED audit entry for exchange " + exchangeId);
    }
}
