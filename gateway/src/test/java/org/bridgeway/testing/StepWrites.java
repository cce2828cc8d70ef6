package org.bridgeway.testing;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.bridgeway.audit.SameTransaction;
import org.bridgeway.pipeline.Dispatch;

/**
 * For a step's tests without the audit log: the rows a dispatch's steps write alongside its audit entries
 * ({@link Dispatch#writes}), written in one transaction as the audit transaction writes them, committed, or rolled
 * back when one of them fails.
 */
public final class StepWrites {
    private StepWrites() {
    }

    /** The dispatch, its steps' rows written as if it was accepted. */
    public static Dispatch accept(DataSource dataSource, Dispatch dispatch) {
        inTransaction(dataSource, c -> {
            for (Dispatch.DecidedWrite write : dispatch.writes()) {
                write.write(c, dispatch);
            }
        });
        return dispatch;
    }

    public static void inTransaction(DataSource dataSource, SameTransaction work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                work.write(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the step's rows", e);
        }
    }
}
