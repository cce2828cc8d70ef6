package org.bridgeway.store;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;

/**
 * A process for {@link CommitJournalKillTest} to kill: it opens the embedded database in the folder it is given and
 * writes transactions as the gateway does while two threads read and the journal checkpoints far more often than
 * the gateway's, until it is killed. Each transaction inserts several rows into one table and one row, numbered,
 * into another, so that a transaction only partly in the database shows; each number is printed once its commit
 * has returned, that is once it is acknowledged.
 */
public final class KilledWriter {
    static final int ROWS_PER_TRANSACTION = 7;
    static final String WRITING = "writing";
    static final long CHECKPOINT_PAUSE_MILLIS = 5;

    private KilledWriter() {
    }

    /** Arguments: the database's folder, the first transaction's number. */
    public static void main(String[] args) throws Exception {
        Database database = Database.embedded(Path.of(args[0]));
        JournalledDataSource journalled = (JournalledDataSource) database.dataSource();
        for (int i = 0; i < 2; i++) {
            daemon("reader-" + i, () -> read(journalled));
        }
        daemon("checkpoints", () -> checkpoint(journalled));
        PrintStream out = System.out;
        out.println(WRITING);
        out.flush();
        try (Connection c = journalled.getConnection()) {
            c.setAutoCommit(false);
            for (long k = Long.parseLong(args[1]); ; k++) {
                write(c, k);
                c.commit();
                out.println(k);
                out.flush();
            }
        }
    }

    private static void daemon(String name, Runnable work) {
        Thread t = new Thread(work, name);
        t.setDaemon(true);
        t.start();
    }

    private static void write(Connection c, long k) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO processed_input (input_digest, source, "
                + "processed_at, summary) VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < ROWS_PER_TRANSACTION; i++) {
                ps.setString(1, String.format("%064d", k * ROWS_PER_TRANSACTION + i));
                ps.setString(2, "killed-writer ".repeat(20));
                ps.setTimestamp(3, Timestamp.valueOf("2026-12-06 01:00:00"));
                ps.setString(4, "{}");
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_node (lvl, idx, hash) VALUES (?, ?, ?)")) {
            ps.setInt(1, 1);
            ps.setLong(2, k);
            ps.setBytes(3, new byte[32]);
            ps.executeUpdate();
        }
    }

    private static void read(JournalledDataSource journalled) {
        while (true) {
            try (Connection c = journalled.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM audit_node")) {
                rs.next();
            } catch (Exception e) {
                return;
            }
        }
    }

    private static void checkpoint(JournalledDataSource journalled) {
        while (true) {
            try {
                journalled.checkpoint();
                Thread.sleep(CHECKPOINT_PAUSE_MILLIS);
            } catch (Exception e) {
                return;
            }
        }
    }
}
