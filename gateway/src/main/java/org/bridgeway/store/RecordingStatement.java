package org.bridgeway.store;

import java.lang.reflect.Method;
import java.sql.BatchUpdateException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A statement of a {@link RecordingConnection}: for a statement that changes rows it keeps the parameters bound (a
 * value the journal could not replay is refused as it is bound) and, once the statement has run, hands the
 * connection what it wrote — every execution of a batch, or those that did not fail.
 */
final class RecordingStatement extends Forwarding {
    private final JournalledDataSource source;
    private final RecordingConnection connection;
    private final Object connectionProxy;
    private final Statement target;
    private final String sql;
    private final boolean write;
    private Object[] parameters = new Object[8];
    private final List<Object[]> batch = new ArrayList<>();
    private final List<String> plainBatch = new ArrayList<>();

    RecordingStatement(JournalledDataSource source, RecordingConnection connection, Object connectionProxy,
                       Statement target, String sql, boolean write) {
        super(source, target);
        this.source = source;
        this.connection = connection;
        this.connectionProxy = connectionProxy;
        this.target = target;
        this.sql = sql;
        this.write = write;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        int arity = args == null ? 0 : args.length;
        if (sql != null && write && name.startsWith("set") && arity >= 2 && args[0] instanceof Integer index) {
            Object value = JournalRecord.recordable(name, args);
            Object result = call(method, args);
            bindParameter(index, value);
            return result;
        }
        switch (name) {
            case "clearParameters":
                Arrays.fill(parameters, null);
                return call(method, args);
            case "addBatch":
                if (arity == 0 && write) {
                    batch.add(Arrays.copyOf(parameters, used()));
                } else if (arity == 1 && JournalRecord.isWrite((String) args[0])) {
                    plainBatch.add((String) args[0]);
                }
                return call(method, args);
            case "clearBatch":
                batch.clear();
                plainBatch.clear();
                return call(method, args);
            case "executeUpdate", "executeLargeUpdate", "execute":
                return execute(method, args, arity);
            case "executeBatch", "executeLargeBatch":
                return executeBatch(method, args);
            case "executeQuery":
                String query = arity == 0 ? sql : (String) args[0];
                connection.beforeQuery(query);
                return call(method, args);
            case "getConnection":
                return connectionProxy;
            default:
                return forward(proxy, method, args);
        }
    }

    private Object execute(Method method, Object[] args, int arity) throws Throwable {
        String statementSql = arity == 0 ? sql : (String) args[0];
        if (statementSql == null || !(arity == 0 ? write : JournalRecord.isWrite(statementSql))) {
            connection.beforeQuery(statementSql);
            return call(method, args);
        }
        if (arity > 1) {
            throw new SQLFeatureNotSupportedException("the commit journal does not record generated keys");
        }
        return connection.write(recorded -> {
            Object result = call(method, args);
            recorded.add(arity == 0
                    ? new JournalRecord.Write(statementSql, List.<Object[]>of(Arrays.copyOf(parameters, used())))
                    : new JournalRecord.Write(statementSql, List.of()));
            return result;
        }, new ArrayList<>(1));
    }

    private Object executeBatch(Method method, Object[] args) throws Throwable {
        if (batch.isEmpty() && plainBatch.isEmpty()) {
            return call(method, args);
        }
        List<Object[]> sets = List.copyOf(batch);
        List<String> plain = List.copyOf(plainBatch);
        batch.clear();
        plainBatch.clear();
        return connection.write(recorded -> {
            try {
                Object result = call(method, args);
                record(recorded, sets, plain, null);
                return result;
            } catch (BatchUpdateException e) {
                record(recorded, sets, plain, e.getLargeUpdateCounts());
                throw e;
            }
        }, new ArrayList<>(1 + plain.size()));
    }

    /** What a batch wrote: every execution, or those that did not fail when the batch failed part way. */
    private void record(List<JournalRecord.Write> recorded, List<Object[]> sets, List<String> plain,
                        long[] counts) {
        if (!sets.isEmpty()) {
            List<Object[]> done = new ArrayList<>(sets.size());
            for (int i = 0; i < sets.size(); i++) {
                if (counts == null || i < counts.length && counts[i] != Statement.EXECUTE_FAILED) {
                    done.add(sets.get(i));
                }
            }
            recorded.add(new JournalRecord.Write(sql, done));
        }
        for (int i = 0; i < plain.size(); i++) {
            if (counts == null || i < counts.length && counts[i] != Statement.EXECUTE_FAILED) {
                recorded.add(new JournalRecord.Write(plain.get(i), List.of()));
            }
        }
    }

    private void bindParameter(int index, Object value) {
        if (index > parameters.length) {
            parameters = Arrays.copyOf(parameters, Math.max(index, parameters.length * 2));
        }
        parameters[index - 1] = value;
    }

    private int used() {
        int n = parameters.length;
        while (n > 0 && parameters[n - 1] == null) {
            n--;
        }
        return n;
    }

}
