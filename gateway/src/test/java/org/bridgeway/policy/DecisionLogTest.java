package org.bridgeway.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.PlacementNotice;
import org.bridgeway.reference.ReferenceData;
import org.bridgeway.store.Database;
import org.bridgeway.testing.PostgresServer;
import org.bridgeway.testing.PostgresServer.TestDatabase;
import org.bridgeway.testing.SyntheticPlacements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decision log keeps every decision whole, and its input digest is of a document without personal data. */
class DecisionLogTest {
    private static final ReferenceData REFERENCE = ReferenceData.shipped();
    private static final EmbeddedDecisionPoint PDP = new EmbeddedDecisionPoint(PolicyRoot.agreements());

    @TempDir
    Path temp;

    @Test
    void recordsAndReadsBackAllowAndDenyDecisionsWhole() throws Exception {
        PlacementNotice notice = SyntheticPlacements.notice(REFERENCE, SyntheticPlacements.EVERY_FIELD.get(0));
        LocalDate day = LocalDate.of(2025, 10, 14);
        PolicyInput toPolice = PolicyInput.of(notice, Organisation.parseId("police:greater-manchester"), day);
        PolicyInput toSchool = PolicyInput.of(notice, Organisation.parseId("school:123456"), day);
        PolicyDecision allow = PDP.decide(toPolice);
        PolicyDecision deny = PDP.decide(toSchool);
        assertThat(allow.allow()).isTrue();
        assertThat(deny.allow()).isFalse();

        try (Database db = Database.embedded(temp.resolve("db"))) {
            DecisionLog log = new DecisionLog(db.dataSource());
            Instant at = Instant.parse("2025-10-14T09:30:00.123456Z");
            RecordedDecision a = new RecordedDecision(UUID.randomUUID().toString(), "ex-1", "police:greater-manchester",
                    at, toPolice.digest(), allow);
            RecordedDecision d = new RecordedDecision(UUID.randomUUID().toString(), "ex-1", "school:123456",
                    at.plusMillis(1), toSchool.digest(), deny);
            log.record(List.of(a, d));

            assertThat(log.find(a.decisionId())).contains(a);
            assertThat(log.find(d.decisionId())).contains(d);
            assertThat(log.find(UUID.randomUUID().toString())).isEmpty();
            assertThat(log.forExchange("ex-1")).containsExactly(a, d);
            assertThat(log.forExchange("ex-2")).isEmpty();
            assertThat(log.find(a.decisionId()).orElseThrow().decision().policyRevision())
                    .isEqualTo(PDP.revision()).startsWith("sha256:");
            assertThat(log.find(d.decisionId()).orElseThrow().decision().reasons())
                    .anyMatch(r -> r.contains("no information sharing agreement"));

            // a batch is all or nothing: a repeated id fails the whole batch and records nothing of it
            RecordedDecision fresh = new RecordedDecision(UUID.randomUUID().toString(), "ex-3", "police:kent", at,
                    toPolice.digest(), allow);
            assertThatThrownBy(() -> log.record(List.of(fresh, a))).isInstanceOf(DecisionLogUnavailableException.class);
            assertThat(log.forExchange("ex-3")).isEmpty();

            // storage gone: recording throws, so the exchange fails rather than going unrecorded
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP TABLE policy_decision");
            }
            assertThatThrownBy(() -> log.record(List.of(fresh))).isInstanceOf(DecisionLogUnavailableException.class)
                    .hasMessageContaining("ex-3");
        }
    }

    @Test
    void decisionsThatSayTheSameShareOneExplanationOnH2() throws Exception {
        try (Database db = Database.embedded(temp.resolve("db"))) {
            decisionsThatSayTheSameShareOneExplanation(db);
        }
    }

    @Test
    void decisionsThatSayTheSameShareOneExplanationOnPostgres() throws Exception {
        TestDatabase pg = PostgresServer.newDatabase();
        try (Database db = Database.postgres(pg.jdbcUrl(), pg.user(), pg.password())) {
            decisionsThatSayTheSameShareOneExplanation(db);
        }
    }

    /**
     * Two notices to the police say the same; a third decision differs in one reason only. Each decision reads back
     * whole, and the log holds two explanations, not three.
     */
    private static void decisionsThatSayTheSameShareOneExplanation(Database db) throws Exception {
        PlacementNotice notice = SyntheticPlacements.notice(REFERENCE, SyntheticPlacements.EVERY_FIELD.get(0));
        PolicyDecision allow = PDP.decide(PolicyInput.of(notice, Organisation.parseId("police:greater-manchester"),
                LocalDate.of(2025, 10, 14)));
        List<String> otherReasons = new java.util.ArrayList<>(allow.reasons());
        otherReasons.set(0, otherReasons.get(0) + " (and one word more)");
        PolicyDecision sayingMore = new PolicyDecision(true, allow.agreementId(), allow.agreementVersion(),
                allow.lawfulBasis(), allow.permittedFields(), allow.withheldFields(), allow.retention(),
                allow.obligations(), otherReasons, allow.policyRevision());
        Instant at = Instant.parse("2025-10-14T09:30:00Z");
        DecisionLog log = new DecisionLog(db.dataSource());
        RecordedDecision first = new RecordedDecision(UUID.randomUUID().toString(), "ex-1", "police:greater-manchester",
                at, "a".repeat(64), allow);
        RecordedDecision second = new RecordedDecision(UUID.randomUUID().toString(), "ex-2",
                "police:greater-manchester", at.plusSeconds(1), "b".repeat(64), allow);
        RecordedDecision third = new RecordedDecision(UUID.randomUUID().toString(), "ex-2", "police:kent",
                at.plusSeconds(2), "c".repeat(64), sayingMore);
        log.record(List.of(first));
        log.record(List.of(second, third));

        assertThat(log.find(first.decisionId())).contains(first);
        assertThat(log.forExchange("ex-2")).containsExactly(second, third);
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM policy_explanation")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(2);
        }

        // an explanation gone (by hand: the gateway never deletes one) is reported, not silently left out
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM policy_explanation WHERE explanation_id = (SELECT explanation_id FROM "
                    + "policy_decision WHERE decision_id = '" + third.decisionId() + "')");
        }
        assertThatThrownBy(() -> log.forExchange("ex-2")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(third.decisionId()).hasMessageContaining("does not hold");
        assertThat(log.find(first.decisionId())).contains(first);
    }

    @Test
    void theDigestedInputHoldsIdsRolesFieldNamesAndADateButNoValueOfTheNotice() {
        PlacementNotice notice = SyntheticPlacements.notice(REFERENCE, SyntheticPlacements.EVERY_FIELD.get(0));
        // a decision date that is no date of the notice, so that any date found would be the notice's
        PolicyInput input = PolicyInput.of(notice, Organisation.parseId("police:greater-manchester"),
                LocalDate.of(2025, 11, 1));
        String json = input.toJson().toString();
        assertThat(input.toJson().fieldNames()).toIterable()
                .containsExactly("exchangeType", "sender", "recipient", "fields", "context", "decisionDate");
        for (Map.Entry<String, String> field : notice.fields().entrySet()) {
            if (field.getKey().equals("placingAuthority.code") || field.getKey().equals("placement.localAuthority")) {
                continue; // organisation codes, which are the sender's and recipients' ids anyway
            }
            if (notice.exchangeType().policyFacts().contains(field.getKey())) {
                continue; // a coded policy fact (the placement's event), given to the engine by design
            }
            assertThat(json).as("value of %s", field.getKey()).doesNotContain("\"" + field.getValue() + "\"")
                    .doesNotContain(":" + field.getValue() + "\"");
            assertThat(json).contains("\"" + field.getKey() + "\"");
        }
        // the digest is of the canonical form: stable, and the same for an equal input
        assertThat(input.digest()).matches("[0-9a-f]{64}")
                .isEqualTo(PolicyInput.fromJson(input.toJson()).digest());
        assertThat(input.digest()).isNotEqualTo(PolicyInput.of(notice,
                Organisation.parseId("police:greater-manchester"), LocalDate.of(2025, 11, 2))
                .digest());
    }
}
