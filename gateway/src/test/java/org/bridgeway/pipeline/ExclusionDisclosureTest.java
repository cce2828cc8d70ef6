package org.bridgeway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bridgeway.audit.AuditRecord;
import org.bridgeway.delivery.Mailboxes;
import org.bridgeway.delivery.MailboxMessage;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.model.ExclusionCategory;
import org.bridgeway.model.ExclusionNotice;
import org.bridgeway.model.ExclusionNotice.Fields;
import org.bridgeway.model.ExclusionReason;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.SyntheticExclusions;
import org.bridgeway.testing.SyntheticExclusions.Pupil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exclusion notices through a real gateway: who is told under ISA-EX-2026 (the school's local authority always; the
 * police force of its area for a permanent exclusion, a drug- or weapon-related reason or the repeated-suspension
 * warning, and only a force that is a party), and the data-minimisation guarantee: whatever the policy withheld from
 * a recipient is nowhere in the bytes that recipient can fetch, and whatever it permitted is there. The audit log
 * verifies afterwards and holds none of the pupils' personal data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExclusionDisclosureTest {
    private static final LocalDate SEPT = LocalDate.of(2025, 9, 15);
    private static final Pupil PERMANENT = pupil("878400121101", "Quillon", "Ambersley", "2010-01-11", "DCC-5551101");
    private static final Pupil NON_CRIMINAL = pupil("878400121102", "Perpetua", "Brinkwood", "2010-02-12", null);
    private static final Pupil DRUGS = pupil("878400121103", "Oswin", "Carrowfield", "2010-03-13", null);
    private static final Pupil WEAPON = pupil("886400121104", "Nerys", "Dunstable", "2010-04-14", null);
    private static final Pupil REPEATED = pupil("878400121105", "Marlow", "Edgerton", "2010-05-15", "DCC-5551105");
    private static final Pupil DURHAM = pupil("840400121106", "Linnet", "Fairbrook", "2010-06-16", null);

    private GatewayFixture fixture;
    private final Map<String, ExclusionNotice> byExchange = new HashMap<>();
    private final Map<String, Outcome.Delivered> delivered = new HashMap<>();
    private final Map<String, Outcome.Denied> denied = new HashMap<>();
    private String warned;

    @BeforeAll
    void runThePipeline(@TempDir Path data) {
        fixture = GatewayFixture.start(data);
        send(SyntheticExclusions.permanent(SyntheticExclusions.EXMOOR_VALE, PERMANENT, SEPT, ExclusionReason.PD));
        send(SyntheticExclusions.suspension(SyntheticExclusions.EXMOOR_VALE, NON_CRIMINAL, SEPT, 4,
                ExclusionReason.VA, ExclusionReason.PD));
        send(SyntheticExclusions.suspension(SyntheticExclusions.EXMOOR_VALE, DRUGS, SEPT, 2, ExclusionReason.DR));
        send(SyntheticExclusions.notice(SyntheticExclusions.MEDWAY, WEAPON, ExclusionCategory.LUNCHTIME, SEPT, 1,
                ExclusionReason.BW));
        send(SyntheticExclusions.suspension(SyntheticExclusions.EXMOOR_VALE, REPEATED, SEPT, 8, ExclusionReason.VP));
        send(SyntheticExclusions.suspension(SyntheticExclusions.EXMOOR_VALE, REPEATED, SEPT.plusDays(20), 8,
                ExclusionReason.MP));
        warned = send(SyntheticExclusions.suspension(SyntheticExclusions.MEDWAY, REPEATED, SEPT.plusDays(40), 9,
                ExclusionReason.LD));
        send(SyntheticExclusions.permanent(SyntheticExclusions.DURHAM, DURHAM, SEPT, ExclusionReason.OW));
        for (Outcome.Delivered d : fixture.outcomes(Outcome.Delivered.class)) {
            assertThat(delivered.put(d.exchangeId() + "|" + d.recipient(), d)).isNull();
        }
        for (Outcome.Denied d : fixture.outcomes(Outcome.Denied.class)) {
            denied.put(d.exchangeId() + "|" + d.recipient(), d);
        }
    }

    @AfterAll
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void theLocalAuthorityIsAlwaysToldAndThePoliceOnlyWhenTheAgreementAllows() {
        assertThat(recipientsOf(PERMANENT)).containsExactly("local-authority:878", "police:devon-and-cornwall");
        assertThat(recipientsOf(NON_CRIMINAL)).containsExactly("local-authority:878");
        assertThat(deniedOf(NON_CRIMINAL)).containsExactly("police:devon-and-cornwall");
        assertThat(recipientsOf(DRUGS)).containsExactly("local-authority:878", "police:devon-and-cornwall");
        assertThat(recipientsOf(WEAPON)).containsExactly("local-authority:886", "police:kent");
        // Durham Constabulary has not signed the protocol: not a party, even for a permanent exclusion
        assertThat(recipientsOf(DURHAM)).containsExactly("local-authority:840");
        assertThat(deniedOf(DURHAM)).containsExactly("police:durham");
        assertThat(denied.values()).filteredOn(d -> d.recipient().equals("police:durham")).singleElement()
                .satisfies(d -> assertThat(d.reasons()).anyMatch(r -> r.contains("is not listed as a police party")));
    }

    @Test
    void theRepeatedSuspensionWarningTakesTheThirdSuspensionToThePolice() {
        List<String> exchanges = exchangesOf(REPEATED);
        assertThat(exchanges).hasSize(3);
        for (String first : exchanges.subList(0, 2)) {
            assertThat(byExchange.get(first).repeatedSuspensionWarning()).isEmpty();
            assertThat(denied).containsKey(first + "|police:devon-and-cornwall");
        }
        ExclusionNotice third = byExchange.get(warned);
        assertThat(third.repeatedSuspensionWarning())
                .hasValue("3 suspensions of more than 3 days in 90 days, across 2 schools");
        Outcome.Delivered police = delivered.get(warned + "|police:kent");
        assertThat(police).isNotNull();
        assertThat(police.fields()).contains(Fields.EXCLUSION_REPEATED_SUSPENSION_WARNING);
        assertThat(payload("police:kent", warned)).contains("3 suspensions of more than 3 days in 90 days");
        assertThat(delivered.get(warned + "|local-authority:886").fields())
                .contains(Fields.EXCLUSION_REPEATED_SUSPENSION_WARNING, Fields.CHILD_UPN, Fields.EXCLUSION_REASONS);
    }

    @Test
    void noWithheldValueIsInAnyPayloadAndEveryPermittedValueIs() {
        int checkedWithheld = 0;
        for (Outcome.Delivered d : delivered.values()) {
            Map<String, String> fields = byExchange.get(d.exchangeId()).fields();
            String payload = payload(d.recipient(), d.exchangeId());
            String where = d.recipient() + " exchange " + d.exchangeId();
            assertThat(d.fields()).as(where).noneMatch(d.withheld()::contains);
            for (String f : d.fields()) {
                for (String v : values(f, fields.get(f))) {
                    assertThat(payload).as("%s must carry permitted %s", where, f).contains(v);
                }
            }
            for (String f : d.withheld()) {
                for (String v : values(f, fields.get(f))) {
                    assertThat(payload).as("%s must not carry withheld %s", where, f).doesNotContain('"' + v + '"');
                    if (v.length() >= 4) {
                        assertThat(payload).as("%s must not carry withheld %s", where, f).doesNotContain(v);
                    }
                    checkedWithheld++;
                }
            }
        }
        assertThat(checkedWithheld).as("withheld values checked").isGreaterThanOrEqualTo(10);
    }

    @Test
    void thePoliceNeverReceiveTheUpnOrTheReasons() {
        List<Outcome.Delivered> police = delivered.values().stream().filter(d -> d.recipient().startsWith("police:"))
                .toList();
        assertThat(police).hasSize(4);
        for (Outcome.Delivered d : police) {
            ExclusionNotice notice = byExchange.get(d.exchangeId());
            assertThat(d.fields()).doesNotContain(Fields.CHILD_UPN, Fields.EXCLUSION_REASONS, Fields.CHILD_LOCAL_ID);
            String payload = payload(d.recipient(), d.exchangeId());
            assertThat(payload).doesNotContain(notice.child().upn().value(), "\"reasons\"", "localId");
        }
    }

    @Test
    void theAuditLogVerifiesAndHoldsNoPersonalData() throws Exception {
        assertThat(fixture.gateway().auditLog().verify().valid()).isTrue();
        for (String exchangeId : byExchange.keySet()) {
            ExclusionNotice notice = byExchange.get(exchangeId);
            for (AuditRecord r : fixture.gateway().auditLog().entriesFor(exchangeId)) {
                assertThat(r.entryJson()).doesNotContain(notice.child().upn().value(), notice.child().givenName(),
                        notice.child().familyName(), notice.child().dateOfBirth().toString(), "suspensions of more");
            }
        }
    }

    private String send(ExclusionNotice notice) {
        Dispatch dispatch = fixture.gateway().submit(notice);
        assertThat(dispatch.duplicate()).isFalse();
        byExchange.put(dispatch.exchangeId(), (ExclusionNotice) dispatch.notice());
        return dispatch.exchangeId();
    }

    private List<String> exchangesOf(Pupil pupil) {
        return byExchange.entrySet().stream()
                .filter(e -> e.getValue().child().upn().value().equals(pupil.upn()))
                .sorted(Map.Entry.comparingByValue((a, b) -> a.exclusion().startDate().compareTo(b.exclusion().startDate())))
                .map(Map.Entry::getKey).toList();
    }

    private List<String> recipientsOf(Pupil pupil) {
        String exchange = exchangesOf(pupil).get(0);
        return fixture.outcomes(Outcome.Delivered.class).stream().filter(d -> d.exchangeId().equals(exchange))
                .map(Outcome.Delivered::recipient).toList();
    }

    private List<String> deniedOf(Pupil pupil) {
        String exchange = exchangesOf(pupil).get(0);
        return fixture.outcomes(Outcome.Denied.class).stream().filter(d -> d.exchangeId().equals(exchange))
                .map(Outcome.Denied::recipient).toList();
    }

    private String payload(String recipient, String exchangeId) {
        Gateway gateway = fixture.gateway();
        Mailboxes mailboxes = gateway.mailboxes();
        MailboxMessage message = mailboxes.list(recipient, 1000).stream()
                .filter(m -> m.exchangeId().equals(exchangeId)).findFirst().orElseThrow(() ->
                        new AssertionError("no message of exchange " + exchangeId + " for " + recipient));
        return new String(mailboxes.fetch(recipient, message.messageId()).orElseThrow().payload(), StandardCharsets.UTF_8);
    }

    /** The text a field's value shows as in a payload: reasons are comma-joined codes, each rendered on its own. */
    private static List<String> values(String field, String value) {
        return field.equals(Fields.EXCLUSION_REASONS) ? List.of(value.split(",")) : List.of(value);
    }

    private static Pupil pupil(String upnDigits, String given, String family, String dob, String localId) {
        return new Pupil(upnDigits, localId, given, family, LocalDate.parse(dob));
    }
}
