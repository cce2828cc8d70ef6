package org.bridgeway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Embedded H2 and its commit journal under {@code kill -9}: a process writing transactions while others read and the
 * journal checkpoints is killed at a random instant, again and again. Each time the database must reopen (replaying
 * its journal) with whole transactions only and every acknowledged one in it. Before the checkpoints held the writer
 * while H2 stored, and kept segments until H2's file named their version, this failed within about 30 kills: part of
 * a transaction left locked by no one, or the file reopened older than journal segments already deleted.
 */
class CommitJournalKillTest {
    private static final int KILLS = Integer.getInteger("bridgeway.kills", 12);

    @TempDir
    Path data;

    @Test
    void everyKillLeavesEveryAcknowledgedTransactionWholeAndNothingInPart() throws Exception {
        long first = 0;
        int killsAfterAnAcknowledgement = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            long acknowledged = killWhileWriting(first);
            try (Database reopened = Database.embedded(data); Connection c = reopened.dataSource().getConnection()) {
                long transactions = count(c, "SELECT COUNT(*) FROM audit_node");
                assertThat(count(c, "SELECT COUNT(*) FROM processed_input")).as("rows of whole transactions, kill %d",
                        kill).isEqualTo(KilledWriter.ROWS_PER_TRANSACTION * transactions);
                if (acknowledged >= 0) {
                    killsAfterAnAcknowledgement++;
                    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM audit_node WHERE idx = ?")) {
                        ps.setLong(1, acknowledged);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            assertThat(rs.getLong(1)).as("transaction %d, acknowledged before kill %d", acknowledged,
                                    kill).isEqualTo(1);
                        }
                    }
                }
                // the killed writer's unfinished numbers are never used again
                first = count(c, "SELECT COALESCE(MAX(idx), 0) FROM audit_node") + 1_000_000;
            }
        }
        assertThat(killsAfterAnAcknowledgement).as("kills that caught the writer acknowledging").isPositive();
    }

    /** Starts a writer, kills it at a random instant once it writes, and returns the last number it acknowledged. */
    private long killWhileWriting(long first) throws IOException, InterruptedException {
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KilledWriter.class.getName(), data.toString(),
                Long.toString(first)).redirectErrorStream(true).start();
        AtomicLong acknowledged = new AtomicLong(-1);
        BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.equals(KilledWriter.WRITING)) {
            // the database opening, and replaying what the last kill left
        }
        assertThat(line).as("the writer started").isEqualTo(KilledWriter.WRITING);
        Thread acknowledgements = new Thread(() -> {
            try {
                for (String n; (n = out.readLine()) != null; ) {
                    if (!n.isBlank() && n.chars().allMatch(Character::isDigit)) {
                        acknowledged.set(Long.parseLong(n));
                    }
                }
            } catch (IOException e) {
                // the writer is gone
            }
        });
        acknowledgements.start();
        Thread.sleep(200 + ThreadLocalRandom.current().nextInt(800));
        writer.destroyForcibly();
        assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        acknowledgements.join(TimeUnit.SECONDS.toMillis(30));
        return acknowledged.get();
    }

    private static long count(Connection c, String query) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
