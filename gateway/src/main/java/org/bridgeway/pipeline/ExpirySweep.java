package org.bridgeway.pipeline;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forgets what an early-warning watch remembered once its retention has run out: deletes the rows of its table whose
 * {@code expires_at} has passed, at most once a minute, as the watch is used (a watch that is not used holds nothing
 * new, and its rows are deleted on its next use before anything is counted, since expired rows are never counted).
 */
final class ExpirySweep {
    private static final Logger LOG = LoggerFactory.getLogger(ExpirySweep.class);
    private static final Duration EVERY = Duration.ofMinutes(1);

    private final DataSource dataSource;
    private final String table;
    private final String what;
    private volatile Instant next = Instant.MIN;

    /**
     * @param table the watch's table (a constant of the watch, never input)
     * @param what  what a row is, for the log ("suspension(s)")
     */
    ExpirySweep(DataSource dataSource, String table, String what) {
        this.dataSource = dataSource;
        this.table = table;
        this.what = what;
    }

    void sweep(Instant now) {
        if (now.isBefore(next)) {
            return;
        }
        next = now.plus(EVERY);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE expires_at <= ?")) {
            ps.setTimestamp(1, Timestamp.from(now));
            int forgotten = ps.executeUpdate();
            if (forgotten > 0) {
                LOG.info("early warning: {} {} past their retention forgotten", forgotten, what);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot delete expired " + what, e);
        }
    }
}
