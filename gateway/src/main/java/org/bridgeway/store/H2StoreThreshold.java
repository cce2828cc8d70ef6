package org.bridgeway.store;

import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.SQLException;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How much changed data embedded H2 holds in memory before it stores it: {@value #TIMES_H2_DEFAULT} times H2's own
 * threshold, or a sixteenth of the heap if that is less. At every store H2 writes each changed page whole, with the
 * interior pages above it and its own layout; with its default (19 MiB by its estimate of the pages' memory, on a heap
 * of 304 MiB or more) it stored every 48 notices under the pipeline bench, so a leaf of a randomly keyed index (an
 * idempotency key, a match key) was rewritten for nearly every insert into it: 28 KiB written to the file a notice,
 * and serialising pages took a third of the gateway's CPU. Holding eight times as much, it stores every 460 notices
 * or so and writes half as much a notice ({@code docs/benchmarks.md}).
 *
 * <p>Durability does not depend on it: every commit is in the commit journal first ({@link JournalledDataSource}),
 * which also decides when the file must hold everything (its checkpoints).
 *
 * <p>H2 takes the threshold from its store builder's {@code autoCommitBufferSize}, which its JDBC URL does not reach,
 * so it is raised on each opened store. Should a later H2 not have the field, the gateway runs with H2's default and
 * says so.
 */
final class H2StoreThreshold {
    static final int TIMES_H2_DEFAULT = 8;
    /** At most this fraction of the heap: the audit bench runs the whole log in 512 MiB. */
    private static final int HEAP_SHARE = 16;
    private static final String FIELD = "autoCommitMemory";
    private static final Logger LOG = LoggerFactory.getLogger(H2StoreThreshold.class);

    private H2StoreThreshold() {
    }

    /** Raises the threshold of the store {@code c} is connected to: once for each time H2 opens the database. */
    static void raise(Connection c) throws SQLException {
        MVStore store = storeOf(c);
        if (store == null) {
            return;
        }
        try {
            Field threshold = MVStore.class.getDeclaredField(FIELD);
            threshold.setAccessible(true);
            threshold.setInt(store, raisedFrom(store.getAutoCommitMemory(), Runtime.getRuntime().maxMemory()));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("H2 keeps its own threshold for storing changes ({} bytes): cannot raise it ({}); the gateway "
                    + "writes more to the database file per notice", store.getAutoCommitMemory(), e.toString());
        }
    }

    /** The threshold for H2's {@code h2Default} (bytes) in a heap of {@code maxHeap} bytes. */
    static int raisedFrom(int h2Default, long maxHeap) {
        return (int) Math.max(h2Default, Math.min((long) h2Default * TIMES_H2_DEFAULT, maxHeap / HEAP_SHARE));
    }

    /** The store behind an embedded H2 connection; null for any other database. */
    static MVStore storeOf(Connection c) throws SQLException {
        if (!c.isWrapperFor(JdbcConnection.class)
                || !(c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
            return null;
        }
        return session.getDatabase().getStore().getMvStore();
    }
}
