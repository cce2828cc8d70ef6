package org.bridgeway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Once H2 has closed the database, none of the pool's connections to it is lent again: the next caller opens a new
 * one, which reopens the database, without a restart.
 */
class ClosedH2ConnectionsEvictedTest {
    @TempDir
    Path data;

    @Test
    void afterH2ClosesTheDatabaseTheNextCallerIsServedNotLentADeadConnection() throws Exception {
        try (Database database = Database.embedded(data)) {
            DataSource ds = database.dataSource();
            // every connection of the pool used just now: the pool lends such a one again without checking it
            List<Connection> all = new ArrayList<>();
            for (int i = 0; i < Database.MAX_CONNECTIONS; i++) {
                Connection c = ds.getConnection();
                assertThat(one(c)).isEqualTo(1);
                all.add(c);
            }
            Connection closing = all.remove(0);
            for (Connection c : all) {
                c.close();
            }
            // as H2 does when it cannot write its file: closed at once
            try (closing; Statement s = closing.createStatement()) {
                s.execute("SHUTDOWN IMMEDIATELY");
            } catch (SQLException expected) {
                assertThat(expected.getErrorCode()).isEqualTo(org.h2.api.ErrorCode.DATABASE_CALLED_AT_SHUTDOWN);
            }
            try (Connection next = ds.getConnection()) {
                assertThat(one(next)).isEqualTo(1);
            }
        }
    }

    private static int one(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
