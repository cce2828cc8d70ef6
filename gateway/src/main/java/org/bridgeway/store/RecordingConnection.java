package org.bridgeway.store;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A connection of {@link JournalledDataSource}: it collects the writes of the transaction in progress (through its
 * {@link RecordingStatement}s), makes the transaction the one that writes from its first write or row lock, and at
 * commit hands the writes to the journal. A write in auto-commit mode is made a transaction of its own, so that it
 * too is journalled before H2 commits it.
 */
final class RecordingConnection extends Forwarding {
    private final JournalledDataSource source;
    private final Connection target;
    private final List<JournalRecord.Write> writes = new ArrayList<>();
    private boolean autoCommit;
    private boolean holdsWriter;
    /**
     * Whether nothing has been read or written since this connection's last commit of writes, which returned only
     * once forced: asked to sync then, there is nothing of its own left to force, and forcing what others have
     * appended since (their commits force it themselves) would only cost a flush.
     */
    private boolean lastCommitForced;

    RecordingConnection(JournalledDataSource source, Connection target) throws SQLException {
        super(source, target);
        this.source = source;
        this.target = target;
        this.autoCommit = target.getAutoCommit();
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "prepareStatement":
                return statement(proxy, (Statement) call(method, args), (String) args[0],
                        PreparedStatement.class);
            case "createStatement":
                return statement(proxy, (Statement) call(method, args), null, Statement.class);
            case "prepareCall", "setSavepoint", "releaseSavepoint":
                throw new SQLFeatureNotSupportedException("the commit journal does not record " + method.getName());
            case "commit":
                commit();
                return null;
            case "rollback":
                if (args != null) {
                    throw new SQLFeatureNotSupportedException("the commit journal does not record savepoints");
                }
                endWithoutCommit();
                return null;
            case "setAutoCommit":
                boolean on = (Boolean) args[0];
                if (on && !autoCommit) {
                    commit(); // JDBC: switching auto-commit on commits the transaction
                }
                target.setAutoCommit(on);
                autoCommit = on;
                return null;
            case "getAutoCommit":
                return autoCommit;
            case "close", "abort":
                if (holdsWriter || !writes.isEmpty()) {
                    endWithoutCommit();
                }
                return call(method, args);
            case "syncJournal":
                if (!lastCommitForced) {
                    source.syncCommitted();
                }
                return null;
            default:
                return forward(proxy, method, args);
        }
    }

    private Object statement(Object connection, Statement statement, String sql, Class<?> type) {
        boolean write = sql != null && JournalRecord.isWrite(sql);
        RecordingStatement handler = new RecordingStatement(source, this, connection, statement, sql, write);
        return Proxy.newProxyInstance(RecordingConnection.class.getClassLoader(), new Class<?>[] {type},
                handler);
    }

    /**
     * A query that locks rows ({@code FOR UPDATE}) within a transaction makes it the one that writes: only the
     * transaction that writes may hold row locks, so no transaction ever waits on H2 for a row while holding the
     * writer. In auto-commit mode the lock ends with the statement.
     */
    void beforeQuery(String query) throws SQLException {
        lastCommitForced = false; // what it reads may have been committed by others and not forced yet
        if (!autoCommit && query != null && JournalRecord.locksRows(query)) {
            beginWriting();
        }
    }

    /** Before a write or a row lock: this transaction becomes the one that writes. */
    void beginWriting() throws SQLException {
        lastCommitForced = false;
        if (!holdsWriter) {
            source.beginWriting();
            holdsWriter = true;
        }
    }

    /**
     * Runs a write: in auto-commit mode as a transaction of its own, so that it is journalled before H2 commits it.
     */
    <T> T write(WriteCall<T> call, List<JournalRecord.Write> recorded) throws Throwable {
        beginWriting();
        if (!autoCommit) {
            T result = call.run(recorded);
            writes.addAll(recorded);
            return result;
        }
        target.setAutoCommit(false);
        try {
            T result = call.run(recorded);
            writes.addAll(recorded);
            commit();
            return result;
        } catch (Throwable e) {
            endWithoutCommit();
            throw e;
        } finally {
            target.setAutoCommit(true);
        }
    }

    private void commit() throws SQLException {
        if (writes.isEmpty()) {
            try {
                target.commit();
            } catch (SQLException e) {
                throw source.noticed(e);
            } finally {
                releaseWriter();
            }
            return;
        }
        List<JournalRecord.Write> committing = List.copyOf(writes);
        writes.clear();
        holdsWriter = false; // given up by the commit, whatever its outcome
        source.commit(target, committing);
        // forced through its own record, and so through every commit before it (writers commit one at a time)
        lastCommitForced = true;
    }

    private void endWithoutCommit() throws SQLException {
        try {
            writes.clear();
            target.rollback();
        } catch (SQLException e) {
            throw source.noticed(e);
        } finally {
            releaseWriter();
        }
    }

    private void releaseWriter() {
        if (holdsWriter) {
            holdsWriter = false;
            source.endWriting();
        }
    }
}

/** A statement's execution, given the list to add what it wrote to. */
@FunctionalInterface
interface WriteCall<T> {
    T run(List<JournalRecord.Write> recorded) throws Throwable;
}
