package org.bridgeway.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's H2 holds {@value H2StoreThreshold#TIMES_H2_DEFAULT} times H2's default of changed data before it
 * stores it (less in a small heap), from the start and again after H2 has closed and reopened the database on its own.
 */
class H2StoreThresholdTest {
    @TempDir
    Path data;
    @TempDir
    Path plain;

    private static final int MIB = 1 << 20;

    @Test
    void eightTimesH2sDefaultOrASixteenthOfTheHeapIfThatIsLess() {
        assertThat(H2StoreThreshold.raisedFrom(19 * MIB, 6L << 30)).isEqualTo(152 * MIB);
        assertThat(H2StoreThreshold.raisedFrom(19 * MIB, 512L * MIB)).isEqualTo(32 * MIB);
        assertThat(H2StoreThreshold.raisedFrom(MIB, 8L * MIB)).as("never below H2's own").isEqualTo(MIB);
    }

    @Test
    void theGatewaysDatabaseHoldsMoreThanPlainH2BeforeItStores() throws Exception {
        int h2Default = plainH2Threshold();
        assertThat(h2Default).isPositive();
        int raised = H2StoreThreshold.raisedFrom(h2Default, Runtime.getRuntime().maxMemory());
        assertThat(raised).isGreaterThan(h2Default);
        try (Database database = Database.embedded(data); Connection c = database.dataSource().getConnection()) {
            assertThat(H2StoreThreshold.storeOf(c).getAutoCommitMemory()).isEqualTo(raised);
        }
    }

    @Test
    void aDatabaseH2ReopenedOnItsOwnHoldsAsMuch() throws Exception {
        int h2Default = plainH2Threshold();
        try (Database database = Database.embedded(data)) {
            MVStore first;
            try (Connection c = database.dataSource().getConnection()) {
                first = H2StoreThreshold.storeOf(c);
            }
            // as H2 does when it cannot write its file; the pool's next connections reopen it
            try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN IMMEDIATELY");
            } catch (SQLException expected) {
                assertThat(expected.getErrorCode()).isEqualTo(org.h2.api.ErrorCode.DATABASE_CALLED_AT_SHUTDOWN);
            }
            database.dataSource().unwrap(HikariDataSource.class).getHikariPoolMXBean().softEvictConnections();
            try (Connection c = database.dataSource().getConnection()) {
                MVStore reopened = H2StoreThreshold.storeOf(c);
                assertThat(reopened).isNotSameAs(first);
                assertThat(reopened.getAutoCommitMemory())
                        .isEqualTo(H2StoreThreshold.raisedFrom(h2Default, Runtime.getRuntime().maxMemory()));
            }
        }
    }

    /** What H2 holds before it stores, in a database opened as H2 opens it by default. */
    private int plainH2Threshold() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + plain.resolve("plain").toAbsolutePath(),
                "plain", "")) {
            return H2StoreThreshold.storeOf(c).getAutoCommitMemory();
        }
    }
}
