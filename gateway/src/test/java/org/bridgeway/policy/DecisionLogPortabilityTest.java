package org.bridgeway.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
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

/** The decision log reads back the same on H2 and on PostgreSQL: whole, in the order made, all or nothing. */
class DecisionLogPortabilityTest {
    private static final ReferenceData REFERENCE = ReferenceData.shipped();
    private static final EmbeddedDecisionPoint PDP = new EmbeddedDecisionPoint(PolicyRoot.agreements());

    @TempDir
    Path temp;

    @Test
    void onH2() throws Exception {
        try (Database db = Database.embedded(temp.resolve("db"))) {
            readsBackWholeInOrderAndAllOrNothing(new DecisionLog(db.dataSource()));
        }
    }

    @Test
    void onPostgres() throws Exception {
        TestDatabase pg = PostgresServer.newDatabase();
        try (Database db = Database.postgres(pg.jdbcUrl(), pg.user(), pg.password())) {
            readsBackWholeInOrderAndAllOrNothing(new DecisionLog(db.dataSource()));
        }
    }

    private static void readsBackWholeInOrderAndAllOrNothing(DecisionLog log) {
        PlacementNotice notice = SyntheticPlacements.notice(REFERENCE, SyntheticPlacements.EVERY_FIELD.get(0));
        PolicyInput toPolice = PolicyInput.of(notice, Organisation.parseId("police:greater-manchester"),
                LocalDate.of(2025, 10, 14));
        PolicyDecision allow = PDP.decide(toPolice);
        // as text "...:00.001Z" sorts before "...:00Z": the log must order by time, not by the stored text
        Instant first = Instant.parse("2025-10-14T09:30:00Z");
        Instant later = first.plusMillis(1);
        RecordedDecision a = decision("police:west-yorkshire", first, toPolice, allow);
        RecordedDecision b = decision("police:kent", later, toPolice, allow);
        RecordedDecision c = decision("police:greater-manchester", later, toPolice, allow);
        log.record(List.of(b, c, a));

        assertThat(log.forExchange("ex-1")).extracting(RecordedDecision::recipient)
                .containsExactly(a.recipient(), c.recipient(), b.recipient());
        assertThat(log.forExchange("ex-1")).containsExactlyInAnyOrder(a, b, c);
        assertThat(log.find(b.decisionId())).contains(b);

        RecordedDecision fresh = new RecordedDecision(UUID.randomUUID().toString(), "ex-2", "police:kent", first,
                toPolice.digest(), allow);
        assertThatThrownBy(() -> log.record(List.of(fresh, a))).isInstanceOf(DecisionLogUnavailableException.class);
        assertThat(log.forExchange("ex-2")).isEmpty();
    }

    private static RecordedDecision decision(String recipient, Instant at, PolicyInput input, PolicyDecision d) {
        return new RecordedDecision(UUID.randomUUID().toString(), "ex-1", recipient, at, input.digest(), d);
    }
}
