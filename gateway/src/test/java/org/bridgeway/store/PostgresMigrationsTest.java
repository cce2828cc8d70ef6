package org.bridgeway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.bridgeway.testing.PostgresServer;
import org.bridgeway.testing.PostgresServer.TestDatabase;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Flyway migrations, written for H2 and PostgreSQL alike, on a real PostgreSQL server. */
class PostgresMigrationsTest {
    private static final List<String> TABLES = List.of("audit_entry", "notice_key", "policy_decision",
            "policy_explanation", "processed_input", "ssda903_batch");

    private final TestDatabase db = PostgresServer.newDatabase();

    @Test
    void everyMigrationAppliesOnPostgresAndLeavesTheGatewaysTables() throws Exception {
        try (Database database = Database.postgres(db.jdbcUrl(), db.user(), db.password())) {
            List<MigrationInfo> migrations = List.of(flyway(database.dataSource()).info().all());
            assertThat(migrations).extracting(m -> m.getVersion().getVersion()).startsWith("1", "2", "3");
            assertThat(migrations).allSatisfy(m -> assertThat(m.getState()).isEqualTo(MigrationState.SUCCESS));

            assertThat(tables(database.dataSource())).containsAll(TABLES);
            // V3's column, with the default that makes rows written before it count as delivered
            try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO notice_key (idempotency_key, exchange_id, received_at) "
                        + "VALUES ('k', 'e', CURRENT_TIMESTAMP)");
                try (ResultSet rs = s.executeQuery("SELECT state FROM notice_key WHERE idempotency_key = 'k'")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("delivered");
                }
            }
            assertThat(database.describe()).contains("PostgreSQL", db.name()).doesNotContain(db.password());
        }
    }

    @Test
    void reopeningMigratesNothingAgainAndKeepsTheData() throws Exception {
        int applied;
        try (Database first = Database.postgres(db.jdbcUrl(), db.user(), db.password())) {
            applied = appliedMigrations(first.dataSource());
            try (Connection c = first.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO processed_input (input_digest, source, processed_at, summary) "
                        + "VALUES ('" + "a".repeat(64) + "', 'test', CURRENT_TIMESTAMP, 'kept')");
            }
        }
        try (Database second = Database.postgres(db.jdbcUrl(), db.user(), db.password())) {
            assertThat(appliedMigrations(second.dataSource())).isEqualTo(applied);
            assertThat(flyway(second.dataSource()).info().pending()).isEmpty();
            try (Connection c = second.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT summary FROM processed_input")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("kept");
            }
        }
    }

    @Test
    void aWrongPasswordIsRefusedAtOpenAndNotRepeatedInTheError() {
        assertThatThrownBy(() -> Database.postgres(db.jdbcUrl(), db.user(), "not-" + db.password()))
                .hasMessageContaining("password authentication failed")
                .satisfies(e -> assertThat(stackText(e)).doesNotContain("not-" + db.password()));
    }

    @Test
    void openChoosesPostgresOnlyWhenAUrlIsConfigured(@TempDir Path dir) throws Exception {
        try (Database pg = Database.open(Optional.of(db.jdbcUrl()), db.user(),
                DatabasePassword.of(db.password()), dir)) {
            assertThat(pg.describe()).startsWith("PostgreSQL at " + db.jdbcUrl());
        }
        assertThat(dir).isEmptyDirectory();
        try (Database h2 = Database.open(Optional.empty(), "ignored", DatabasePassword.of("ignored"), dir)) {
            assertThat(h2.describe()).startsWith("H2 in");
        }
        assertThat(dir).isNotEmptyDirectory();
    }

    @Test
    void aUrlThatIsNotPostgresIsRefusedWithoutItsParameters() {
        assertThatThrownBy(() -> Database.postgres("jdbc:mysql://db/bridgeway?password=hunter2", "u", "p"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:mysql://db/bridgeway")
                .hasMessageNotContaining("hunter2");
    }

    private static Flyway flyway(DataSource dataSource) {
        return Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load();
    }

    private static int appliedMigrations(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static List<String> tables(DataSource dataSource) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                names.add(rs.getString("TABLE_NAME"));
            }
        }
        return names;
    }

    private static String stackText(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }
}
