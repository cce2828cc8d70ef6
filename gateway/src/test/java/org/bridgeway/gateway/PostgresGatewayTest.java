package org.bridgeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.bridgeway.pipeline.Dispatch;
import org.bridgeway.pipeline.Outcome;
import org.bridgeway.policy.RecordedDecision;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.PostgresServer;
import org.bridgeway.testing.PostgresServer.TestDatabase;
import org.bridgeway.testing.SyntheticPlacements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole gateway keeping its audit log, decision log and idempotency records in a real PostgreSQL. */
class PostgresGatewayTest {
    private static final List<String> MAILBOXES = List.of("police:greater-manchester", "local-authority:352",
            "health:LAC352", "police:west-yorkshire", "local-authority:383", "health:LAC383");

    @TempDir
    Path data;

    private final TestDatabase db = PostgresServer.newDatabase();

    @Test
    void theSampleReturnIsDeliveredAndEveryRecordOfItIsInPostgres() throws Exception {
        try (GatewayFixture fixture = GatewayFixture.startOnPostgres(data, db)) {
            Gateway gateway = fixture.gateway();
            gateway.processReturn(SyntheticPlacements.sampleReturn());

            List<Outcome.Delivered> delivered = fixture.outcomes(Outcome.Delivered.class);
            assertThat(delivered).hasSize(GatewayFixture.SAMPLE_RETURN_DELIVERIES);
            assertThat(fixture.outcomes(Outcome.Rejected.class)).extracting(Outcome.Rejected::rule)
                    .containsExactly("ssda903.urn.format");
            assertThat(counts(fixture)).containsExactly(0, 1, 1, 0, 1, 1); // no risk in the return: no force told
            assertThat(gateway.auditLog().verify().valid()).isTrue();

            Set<String> exchanges = delivered.stream().map(Outcome.Delivered::exchangeId).collect(Collectors.toSet());
            assertThat(exchanges).hasSize(7);
            for (String exchange : exchanges) {
                List<RecordedDecision> decisions = gateway.decisionLog().forExchange(exchange);
                // the force denied (no risk in the return), the host authority and health team allowed
                assertThat(decisions).hasSize(3).allSatisfy(d -> assertThat(d.decision().allow())
                        .isEqualTo(!d.recipient().startsWith("police:")));
                assertThat(gateway.auditLog().entriesFor(exchange)).isNotEmpty();
            }

            // read back with plain SQL: the rows are in this PostgreSQL database, and no H2 file was made
            assertThat(count("SELECT count(*) FROM audit_entry")).isEqualTo(gateway.auditLog().size()).isPositive();
            assertThat(count("SELECT count(*) FROM policy_decision WHERE result = 'allow'"))
                    .isEqualTo(GatewayFixture.SAMPLE_RETURN_DELIVERIES);
            assertThat(count("SELECT count(*) FROM processed_input WHERE source LIKE 'ssda903:%'")).isEqualTo(1);
            assertThat(strings("SELECT exchange_id FROM notice_key WHERE state = 'accepted'"))
                    .containsAll(exchanges);
            assertThat(count("SELECT count(*) FROM notice_key WHERE state <> 'accepted'")).isZero();
        }
        assertThat(data.resolve("db")).doesNotExist();
    }

    @Test
    void afterARestartTheSameReturnAndTheSameNoticeAreRecognisedAndNotSentAgain() {
        long auditSize;
        List<Integer> countsBefore;
        try (GatewayFixture first = GatewayFixture.startOnPostgres(data, db)) {
            first.gateway().processReturn(SyntheticPlacements.sampleReturn());
            assertThat(first.outcomes(Outcome.Delivered.class)).hasSize(GatewayFixture.SAMPLE_RETURN_DELIVERIES);
            auditSize = first.gateway().auditLog().size();
            countsBefore = counts(first);
        }

        try (GatewayFixture second = GatewayFixture.startOnPostgres(data, db)) {
            Gateway gateway = second.gateway();
            // the audit head was read back from PostgreSQL: the chain goes on where it stopped
            assertThat(gateway.auditLog().size()).isEqualTo(auditSize);

            gateway.processReturn(SyntheticPlacements.sampleReturn());
            assertThat(second.outcomes()).isEmpty();
            assertThat(counts(second)).isEqualTo(countsBefore);
            assertThat(gateway.auditLog().size()).isEqualTo(auditSize);

            SyntheticPlacements.Spec spec = SyntheticPlacements.EVERY_FIELD.get(0);
            Dispatch sent = gateway.submit(SyntheticPlacements.notice(gateway.reference(), spec));
            assertThat(sent.duplicate()).isFalse();
            int delivered = second.outcomes(Outcome.Delivered.class).size();
            assertThat(delivered).isPositive();

            Dispatch again = gateway.submit(SyntheticPlacements.notice(gateway.reference(), spec));
            assertThat(again.duplicate()).isTrue();
            assertThat(again.exchangeId()).isEqualTo(sent.exchangeId());
            assertThat(second.outcomes(Outcome.Delivered.class)).hasSize(delivered);

            assertThat(gateway.auditLog().size()).isGreaterThan(auditSize);
            assertThat(gateway.auditLog().verify().valid()).isTrue();
        }
    }

    private static List<Integer> counts(GatewayFixture fixture) {
        return MAILBOXES.stream().map(fixture.gateway().mailboxes()::count).toList();
    }

    private long count(String sql) throws SQLException {
        return Long.parseLong(strings(sql).get(0));
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
