package org.bridgeway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.bridgeway.adapters.json.JsonNoticeRenderer;
import org.bridgeway.audit.AuditRecord;
import org.bridgeway.audit.log.MerkleAuditLog;
import org.bridgeway.audit.NoticeFingerprint;
import org.bridgeway.audit.key.SigningKey;
import org.bridgeway.audit.sign.TreeHeadSigner;
import org.bridgeway.audit.store.JdbcAuditStore;
import org.bridgeway.delivery.Delivery;
import org.bridgeway.delivery.MailboxOutbox;
import org.bridgeway.model.ExclusionNotice;
import org.bridgeway.model.ExclusionReason;
import org.bridgeway.policy.DecisionLog;
import org.bridgeway.policy.RecordedDecision;
import org.bridgeway.policy.ReloadablePolicy;
import org.bridgeway.reference.ReferenceData;
import org.bridgeway.store.Database;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.SyntheticExclusions;
import org.bridgeway.testing.SyntheticExclusions.Pupil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accepting a decided notice, without a gateway: the real Merkle audit log, decision log, outbox and admission
 * record on an H2 database with the gateway's migrations. The notice is a permanent exclusion from a Durham school,
 * so that one recipient is allowed (the local authority) and one denied (the force, not a party).
 */
class DispatchAuditTest {
    private static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Pupil PUPIL = new Pupil("840400121106", null, "Linnet", "Fairbrook", LocalDate.of(2010, 6, 16));
    private static final ReloadablePolicy POLICY =
            new ReloadablePolicy(GatewayFixture.projectRoot().resolve("policies").resolve("agreements"));

    @TempDir
    Path data;
    private Database database;
    private MerkleAuditLog auditLog;
    private DecisionLog decisionLog;
    private NoticeAdmission admission;
    private DispatchAudit dispatchAudit;

    @BeforeEach
    void open() {
        database = Database.embedded(data.resolve("db"));
        JdbcAuditStore store = new JdbcAuditStore(database.dataSource());
        auditLog = new MerkleAuditLog(store, new TreeHeadSigner(store, SigningKey.generate(), "bridgeway/test", Clock.systemUTC(), TreeHeadSigner.DEFAULT_INTERVAL),
                Clock.systemUTC());
        decisionLog = new DecisionLog(database.dataSource());
        admission = new NoticeAdmission(database.dataSource(), CLOCK);
        dispatchAudit = new DispatchAudit(auditLog, decisionLog, NoticeFingerprint.loadOrCreate(data.resolve("keys")),
                admission, CLOCK);
    }

    @AfterEach
    void close() throws Exception {
        auditLog.close();
        database.close();
    }

    private static ExclusionNotice notice() {
        return SyntheticExclusions.permanent(SyntheticExclusions.DURHAM, PUPIL, LocalDate.of(2026, 5, 20),
                ExclusionReason.OW);
    }

    /** The notice admitted, its recipients resolved and decided by the shipped agreements: ready to accept. */
    private Dispatch decided(ExclusionNotice notice) {
        Exchanges exchanges = Exchanges.shipped();
        Dispatch admitted = admission.admit(notice);
        assertThat(admitted.duplicate()).isFalse();
        Dispatch resolved = new RecipientResolver(ReferenceData.shipped(), exchanges).resolve(admitted);
        return new PolicyEnforcement(POLICY, new Renderers(exchanges, new JsonNoticeRenderer()), CLOCK)
                .decide(resolved);
    }

    @Test
    void theReceiptEveryDecisionAndEveryDisclosureAreAuditedInOrder() {
        Dispatch dispatch = decided(notice());

        Dispatch accepted = dispatchAudit.record(dispatch);

        assertThat(accepted).isSameAs(dispatch);
        List<AuditRecord> entries = auditLog.entriesFor(dispatch.exchangeId());
        assertThat(entries).extracting(e -> e.field("type"))
                .containsExactly("RECEIVED", "DECISION_ALLOW", "DISCLOSED", "DECISION_DENY");
        assertThat(entries).extracting(e -> e.field("subject"))
                .containsExactly(null, "local-authority:840", "local-authority:840", "police:durham");
        Disclosure allowed = dispatch.disclosures().get(0);
        Disclosure denied = dispatch.disclosures().get(1);
        assertThat(entries.get(1).entryJson()).contains("\"decisionId\":\"" + allowed.decisionId() + "\"");
        assertThat(entries.get(2).entryJson())
                .contains("\"messageId\":\"" + allowed.delivery().messageId() + "\"")
                .contains("\"payloadDigest\":\"" + allowed.payloadDigest() + "\"");
        assertThat(entries.get(3).entryJson()).contains("\"decisionId\":\"" + denied.decisionId() + "\"")
                .contains("is not listed as a police party");
        assertThat(auditLog.verify().valid()).isTrue();
    }

    @Test
    void noPersonalValueOfTheNoticeIsInTheAuditLog() {
        ExclusionNotice notice = notice();
        dispatchAudit.record(decided(notice));

        List<String> personal = notice.fields().entrySet().stream()
                .filter(f -> f.getKey().startsWith("child.")).map(Map.Entry::getValue).toList();
        assertThat(personal).contains(PUPIL.givenName(), PUPIL.familyName(), PUPIL.upn());
        for (AuditRecord entry : auditLog.entries(0, auditLog.size())) {
            for (String value : personal) {
                assertThat(entry.entryJson()).doesNotContain(value);
            }
        }
    }

    @Test
    void theDecisionsTheMessagesAndTheAdmissionAreStoredWithTheEntries() throws SQLException {
        ExclusionNotice notice = notice();
        Dispatch dispatch = dispatchAudit.record(decided(notice));

        assertThat(decisionLog.forExchange(dispatch.exchangeId())).extracting(RecordedDecision::decisionId)
                .containsExactlyInAnyOrderElementsOf(dispatch.disclosures().stream().map(Disclosure::decisionId).toList());
        assertThat(outbox()).extracting(Delivery::messageId)
                .containsExactly(dispatch.disclosures().get(0).delivery().messageId());
        Dispatch again = admission.admit(SyntheticExclusions.permanent(SyntheticExclusions.DURHAM, PUPIL,
                LocalDate.of(2026, 5, 20), ExclusionReason.OW));
        assertThat(again.duplicate()).isTrue();
        assertThat(again.exchangeId()).isEqualTo(notice.exchangeId());
    }

    @Test
    void theSameNoticeAcceptedMeanwhileMakesThisOneItsDuplicateAndNothingOfThisOneIsStored() throws SQLException {
        ExclusionNotice first = notice();
        ExclusionNotice second = notice(); // the same exclusion sent again: same idempotency key, its own exchange id
        assertThat(second.idempotencyKey()).isEqualTo(first.idempotencyKey());
        Dispatch firstDecided = decided(first);
        Dispatch secondDecided = decided(second); // admitted too: the first is not accepted yet
        dispatchAudit.record(firstDecided);
        long size = auditLog.size();

        Dispatch outcome = dispatchAudit.record(secondDecided);

        assertThat(outcome.duplicate()).isTrue();
        assertThat(outcome.exchangeId()).isEqualTo(first.exchangeId());
        assertThat(auditLog.size()).isEqualTo(size);
        assertThat(auditLog.entriesFor(second.exchangeId())).isEmpty();
        assertThat(decisionLog.forExchange(second.exchangeId())).isEmpty();
        assertThat(outbox()).extracting(Delivery::exchangeId).containsOnly(first.exchangeId());
    }

    private List<Delivery> outbox() throws SQLException {
        try (Connection c = database.dataSource().getConnection()) {
            return MailboxOutbox.oldest(c, NOW.plusSeconds(1), 100);
        }
    }
}
