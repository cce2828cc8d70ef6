package org.bridgeway.store;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.slf4j.LoggerFactory;

/**
 * Embedded H2 with a write-ahead log: every transaction that writes is appended to a {@link CommitJournal} before it
 * commits, and its commit returns only once the journal is forced to the disk. H2 keeps its committed pages in memory
 * and stores them at each checkpoint, or when a writing transaction's changes in memory grow large, never beside a
 * transaction that is writing; after a crash — or after H2 closed itself because it could not write its file — the
 * database is reopened from its file and the journal's later transactions are replayed on it before anyone else may
 * use it.
 *
 * <p>Why replay is exact: writing transactions run one at a time (from their first write, or first row lock, to their
 * commit), so the journal's order is a serial order in which each transaction saw exactly what it sees at replay.
 * Each transaction also writes its sequence number into the database ({@code commit_journal}), so replay knows which
 * journal records the file already holds.
 *
 * <p>What readers could see before it was durable: nothing — a transaction is appended before its H2 commit, and the
 * committer forces the journal before answering; a reader that must not act on an acceptance until it is on disk
 * calls {@link Database#syncCommitted}, which forces what others appended but have not forced yet. A connection
 * that has only just committed, and read nothing since, has nothing to force: its commit was forced through its own
 * record and so through every record before it.
 */
final class JournalledDataSource implements DataSource, AutoCloseable {
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(JournalledDataSource.class);
    /** How often the database stores what it holds, so the journal's older segments can be deleted. */
    static final long CHECKPOINT_SECONDS = 10;
    /** How long a transaction waits for the one that is writing: H2's own lock timeout. */
    static final long WRITER_TIMEOUT_MILLIS = org.h2.engine.Constants.INITIAL_LOCK_TIMEOUT;
    private static final String READ_POSITION = "SELECT applied_seq FROM commit_journal WHERE id = 1";
    private static final String WRITE_POSITION = "UPDATE commit_journal SET applied_seq = ? WHERE id = 1";
    /** A table only the database instance the journal was replayed on has: H2 drops it when the instance closes. */
    private static final String MARKER = "COMMIT_JOURNAL_REPLAYED";

    private final DataSource pool;
    private final CommitJournal journal;
    /** The database's file: what it says of itself is what H2 reopens at after a crash ({@link H2ReopenPoint}). */
    private final Path databaseFile;
    /** Checkpoints H2 has stored but could still reopen without, oldest first: their segments are kept. */
    private final java.util.Deque<StoredCheckpoint> uncovered = new java.util.ArrayDeque<>();
    /** Held by the one transaction that may write, from its first write (or row lock) to its commit or rollback. */
    private final ReentrantLock writer = new ReentrantLock();
    private final ScheduledExecutorService checkpoints;
    /** The physical connections known to belong to the database instance the journal was last replayed on. */
    private final java.util.Set<Connection> verified =
            java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>());
    private volatile boolean recoveryNeeded = true;
    private long nextSeq;
    private volatile boolean closed;

    private JournalledDataSource(DataSource pool, CommitJournal journal, Path databaseFile) {
        this.pool = pool;
        this.journal = journal;
        this.databaseFile = databaseFile;
        this.checkpoints = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "commit-journal-checkpoint");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens the journal in {@code directory} over {@code pool}, whose database is {@code databaseFile}, and replays on
     * the database whatever the journal holds beyond it. Runs before the schema is migrated: the journal was written
     * against the schema as it was.
     */
    static JournalledDataSource open(DataSource pool, Path directory, Path databaseFile) {
        try {
            JournalledDataSource source = new JournalledDataSource(pool, CommitJournal.open(directory), databaseFile);
            source.recover();
            return source;
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the commit journal in " + directory + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot replay the commit journal in " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits for the transaction that is writing (or a recovery) as long as H2 waits for a row lock, then gives up:
     * the caller is told to try again, as H2 tells it when a row stays locked.
     */
    private void lockWriter() throws SQLException {
        try {
            if (!writer.tryLock(WRITER_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new SQLException("another transaction has been writing for " + WRITER_TIMEOUT_MILLIS
                        + " ms; try again", "HYT00", org.h2.api.ErrorCode.LOCK_TIMEOUT_1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting to write", "HYT00", e);
        }
    }

    /** Starts the background checkpoints; called once the schema is migrated. */
    void startCheckpoints() {
        checkpoints.scheduleWithFixedDelay(this::checkpointQuietly, CHECKPOINT_SECONDS, CHECKPOINT_SECONDS,
                TimeUnit.SECONDS);
    }

    @Override
    public Connection getConnection() throws SQLException {
        for (int attempt = 0; ; attempt++) {
            if (recoveryNeeded) {
                recoverOrFail();
            }
            Connection c = pool.getConnection();
            try {
                if (recovered(c)) {
                    return wrap(c);
                }
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
            c.close();
            // H2 was reopened from its file behind our back (the pool replaced connections to a database that had
            // closed itself): what the journal holds beyond the file must be replayed before anyone reads
            recoveryNeeded = true;
            if (attempt > 0) {
                throw new SQLException("the database keeps being reopened without its commit journal", "08001");
            }
        }
    }

    /**
     * Whether this physical connection belongs to the database instance the journal was replayed on. Each physical
     * connection is checked once: it stays bound to the instance it opened, and a database that H2 reopened lacks the
     * marker, a temporary table that lives only as long as the instance that made it.
     */
    private boolean recovered(Connection c) throws SQLException {
        Connection physical = c.isWrapperFor(org.h2.jdbc.JdbcConnection.class)
                ? c.unwrap(org.h2.jdbc.JdbcConnection.class) : c;
        synchronized (verified) {
            if (verified.contains(physical)) {
                return true;
            }
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM "
                + "INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = '" + MARKER + "'")) {
            rs.next();
            if (rs.getInt(1) == 0) {
                return false;
            }
        } catch (SQLException e) {
            throw noticed(e);
        }
        synchronized (verified) {
            verified.add(physical);
        }
        return true;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the gateway's database has one user");
    }

    /** Everything committed so far is on the disk once this returns. */
    void syncCommitted() throws SQLException {
        try {
            journal.forceAll();
        } catch (IOException e) {
            throw journalFailed("cannot force the commit journal to the disk", e);
        }
    }

    /** Bytes appended to the journal since it opened, for the benchmarks. */
    long journalBytes() {
        return journal.bytesAppended();
    }

    // ---------------------------------------------------------------------------------------------------- recovery

    private void recoverOrFail() throws SQLException {
        try {
            recover();
        } catch (IOException e) {
            throw new SQLException("cannot read the commit journal: " + e.getMessage(), "08001", e);
        }
    }

    /** Replays the journal's records that the database does not hold, stores them, and empties the journal. */
    private void recover() throws SQLException, IOException {
        lockWriter();
        try {
            if (!recoveryNeeded) {
                return;
            }
            try (Connection c = pool.getConnection()) {
                H2StoreThreshold.raise(c); // a database H2 has just opened, or reopened behind the pool's back
                c.setAutoCommit(false);
                long applied = appliedSeq(c);
                List<JournalRecord> records = journal.records();
                int replayed = 0;
                for (JournalRecord r : records) {
                    if (r.seq() <= applied) {
                        continue;
                    }
                    if (applied < 0 || r.seq() != applied + 1) {
                        throw new SQLException("the commit journal in " + journal.directory() + " holds transaction "
                                + r.seq() + " but the database holds up to " + applied + ": they do not belong "
                                + "together", "XX001");
                    }
                    replay(c, r);
                    applied = r.seq();
                    replayed++;
                }
                nextSeq = Math.max(applied, 0) + 1;
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE GLOBAL TEMPORARY TABLE IF NOT EXISTS " + MARKER + " (replayed INT)");
                }
                c.commit();
                synchronized (verified) {
                    verified.clear();
                }
                if (replayed > 0) {
                    LOG.info("replayed {} committed transactions from the commit journal", replayed);
                }
            }
            recoveryNeeded = false;
        } finally {
            writer.unlock();
        }
        if (!closed) {
            checkpointQuietly();
        }
    }

    /** The last journal record the database holds; -1 before the schema has its table (a new database). */
    private static long appliedSeq(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES "
                    + "WHERE UPPER(TABLE_NAME) = 'COMMIT_JOURNAL'")) {
                rs.next();
                if (rs.getInt(1) == 0) {
                    return -1;
                }
            }
            try (ResultSet rs = s.executeQuery(READ_POSITION)) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    private static void replay(Connection c, JournalRecord record) throws SQLException {
        try {
            for (JournalRecord.Write w : record.writes()) {
                if (w.parameterSets().isEmpty()) {
                    try (Statement s = c.createStatement()) {
                        s.executeUpdate(w.sql());
                    }
                    continue;
                }
                try (PreparedStatement ps = c.prepareStatement(w.sql())) {
                    if (w.parameterSets().size() == 1) {
                        JournalRecord.bind(ps, w.parameterSets().get(0));
                        ps.executeUpdate();
                    } else {
                        for (Object[] parameters : w.parameterSets()) {
                            JournalRecord.bind(ps, parameters);
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                }
            }
            writePosition(c, record.seq());
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw new SQLException("cannot replay transaction " + record.seq() + " of the commit journal: "
                    + e.getMessage(), e.getSQLState(), e);
        }
    }

    private static void writePosition(Connection c, long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(WRITE_POSITION)) {
            ps.setLong(1, seq);
            if (ps.executeUpdate() != 1) {
                throw new SQLException("the commit_journal table has no row", "XX001");
            }
        }
    }

    // -------------------------------------------------------------------------------------------------- checkpoints

    /**
     * Has the database store everything committed, then deletes the journal segments of the checkpoints H2 can no
     * longer reopen without. Writers wait while it stores: a store made beside a writing transaction can leave part
     * of it in the file, which H2 reopens after a kill as rows no transaction owns (H2's own background writer is off
     * for the same reason, {@link Database#embedded}). A checkpoint's segments go only once the file's header or
     * last chunk names a version at least as new as the one it stored ({@link H2ReopenPoint}): H2 has reopened a
     * killed file without whole, synced chunks that neither named.
     */
    synchronized void checkpoint() throws SQLException, IOException {
        // through a connection to the instance the journal was replayed on: storing a database that H2 reopened
        // from its file behind our back would store it without the journal's records, which must then be kept
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            if (!recovered(c)) {
                recoveryNeeded = true;
                return;
            }
            lockWriter();
            try {
                if (recoveryNeeded) {
                    return;
                }
                long last = journal.rotate();
                s.execute("CHECKPOINT"); // stores; forced below, once writers may go on
                if (recoveryNeeded) {
                    return; // H2 was closed while it stored (the journal failing): what it stored is not known
                }
                uncovered.addLast(new StoredCheckpoint(last, currentVersion(s)));
            } finally {
                writer.unlock();
            }
        } catch (SQLException e) {
            throw noticed(e);
        }
        long reopensAt;
        try (FileChannel file = FileChannel.open(databaseFile, StandardOpenOption.READ)) {
            file.force(true); // what H2 stored, and its file's new length, on the disk
            reopensAt = H2ReopenPoint.version(file);
        }
        if (recoveryNeeded) {
            return;
        }
        long coveredThrough = -1;
        while (!uncovered.isEmpty() && uncovered.peekFirst().version() <= reopensAt) {
            coveredThrough = uncovered.removeFirst().lastSegment();
        }
        if (coveredThrough >= 0) {
            journal.deleteThrough(coveredThrough);
        }
    }

    /** H2's version, which is that of the chunk it has just stored until it next changes. */
    private static long currentVersion(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS "
                + "WHERE SETTING_NAME = 'info.CURRENT_VERSION'")) {
            if (!rs.next()) {
                throw new SQLException("H2 does not say which version it is at", "XX001");
            }
            return Long.parseLong(rs.getString(1));
        }
    }

    /** A checkpoint: the last journal segment it covers, and the version H2 stored for it. */
    private record StoredCheckpoint(long lastSegment, long version) {
    }

    private void checkpointQuietly() {
        try {
            checkpoint();
        } catch (SQLException | IOException | RuntimeException e) {
            // the journal keeps what the database could not store; the next checkpoint tries again
            LOG.warn("cannot checkpoint the database ({}); the commit journal keeps its records", e.toString());
        }
    }

    @Override
    public void close() {
        checkpoints.shutdownNow();
        try {
            checkpoints.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!recoveryNeeded) {
            checkpointQuietly();
        }
        closed = true;
        try {
            journal.close();
        } catch (IOException e) {
            LOG.warn("cannot close the commit journal: {}", e.toString());
        }
    }

    /**
     * Stops as a crash would, for the tests of this package: H2 closes without storing what it holds in memory, and
     * the journal is left as it is. The pool is the caller's to close.
     */
    void haltAsCrashWould() throws SQLException, IOException {
        checkpoints.shutdownNow();
        closed = true;
        recoveryNeeded = true;
        shutDownImmediately();
        journal.close();
    }

    // ---------------------------------------------------------------------------------------------------- failures

    /**
     * The journal could not be forced (or cut back): what H2 holds committed may not be on the disk. Close H2 at once,
     * as a crash would, so nothing is read as if it were; the next connection recovers from what the disk holds.
     */
    private SQLException journalFailed(String message, IOException cause) {
        recoveryNeeded = true;
        try {
            shutDownImmediately();
        } catch (SQLException closing) {
            cause.addSuppressed(closing);
        }
        // 08007: the transaction's outcome is not known to the caller (it may or may not survive)
        return new SQLException(message + ": " + cause.getMessage(), "08007", cause);
    }

    /** Closes H2 without storing what it holds in memory. H2 then reports itself closed, which is the point. */
    private void shutDownImmediately() throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN IMMEDIATELY");
        } catch (SQLException e) {
            if (e.getErrorCode() != org.h2.api.ErrorCode.DATABASE_CALLED_AT_SHUTDOWN
                    && e.getErrorCode() != org.h2.api.ErrorCode.DATABASE_IS_CLOSED) {
                throw e;
            }
        }
    }

    /** Passes {@code e} on, having noted whether it means H2 closed itself (the journal must then be replayed). */
    SQLException noticed(SQLException e) {
        if (H2Failures.isDeadDatabase(e)) {
            recoveryNeeded = true; // H2 closed itself: its committed pages in memory are gone, the journal has them
        }
        return e;
    }

    // --------------------------------------------------------------------------------------------------- recording

    private Connection wrap(Connection target) throws SQLException {
        return (Connection) Proxy.newProxyInstance(JournalledDataSource.class.getClassLoader(),
                new Class<?>[] {Connection.class, JournalledCommits.class}, new RecordingConnection(this, target));
    }

    /** Marks connections whose commits go through the journal. */
    interface JournalledCommits {
        void syncJournal() throws SQLException;
    }

    /** Before a transaction's first write or row lock: it becomes the one that writes (or is told to try again). */
    void beginWriting() throws SQLException {
        lockWriter();
        if (recoveryNeeded) {
            writer.unlock();
            throw new SQLException("the database is being recovered from its commit journal; try again", "08003");
        }
    }

    /** The transaction that was writing has ended. */
    void endWriting() {
        writer.unlock();
    }

    /**
     * Commits a writing transaction on {@code target} (this thread holds the writer, and gives it up here): its record
     * appended to the journal, then H2's commit, then the journal forced. If the append fails nothing was committed
     * (SQLState 53100 on a full disk: try again); if the force fails, the outcome is in doubt (08007) and the database
     * is recovered from what the journal holds.
     */
    void commit(Connection target, List<JournalRecord.Write> writes) throws SQLException {
        long end;
        try {
            long seq = nextSeq;
            writePosition(target, seq);
            long start = journal.written();
            try {
                end = journal.append(new JournalRecord(seq, List.copyOf(writes)).encode());
            } catch (CommitJournal.Broken e) {
                rollbackQuietly(target, e);
                throw journalFailed("cannot write the commit journal", e);
            } catch (IOException e) {
                rollbackQuietly(target, e);
                // typically a full disk: nothing was committed, the caller may try again
                throw new SQLException("cannot write the commit journal: " + e.getMessage(), "53100", e);
            }
            try {
                target.commit();
            } catch (SQLException e) {
                try {
                    journal.cutBack(start, e);
                } catch (CommitJournal.Broken broken) {
                    throw journalFailed("cannot take back a transaction H2 did not commit", broken);
                }
                rollbackQuietly(target, e);
                throw e;
            }
            nextSeq = seq + 1;
        } catch (SQLException e) {
            throw noticed(e);
        } finally {
            writer.unlock();
        }
        try {
            journal.force(end);
        } catch (IOException e) {
            throw journalFailed("committed, but cannot force the commit journal to the disk", e);
        }
    }

    private static void rollbackQuietly(Connection target, Exception cause) {
        try {
            target.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    // ------------------------------------------------------------------------------------------- DataSource plumbing

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getLogger("org.bridgeway.store");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : pool.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || pool.isWrapperFor(iface);
    }
}
