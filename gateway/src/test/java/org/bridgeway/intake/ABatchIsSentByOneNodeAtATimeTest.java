package org.bridgeway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.bridgeway.adapters.ssda903.FileSummary;
import org.bridgeway.model.Organisation;
import org.bridgeway.store.Database;
import org.bridgeway.store.DatabasePassword;
import org.bridgeway.store.TimeOrderedIds;
import org.bridgeway.testing.MovableClock;
import org.bridgeway.testing.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two gateway nodes on one database, as behind a load balancer: a batch has one owner, the node sending it. One whose
 * owner is alive, beating its heartbeat, is never taken over however slow its notices, even by a node whose clock
 * runs a minute ahead; one whose owner stopped beating is taken over by the other node when its return is sent
 * again, and from then on the old owner's writes are refused: it stops sending, and the batch's state and counts
 * are the new owner's. Of two nodes taking an interrupted batch over at once, one does. Heartbeats are beaten by hand
 * and time moved by the nodes' clocks, not waited for.
 */
class ABatchIsSentByOneNodeAtATimeTest {
    private static final Organisation KENT = Organisation.parseId("local-authority:886");
    private static final String DIGEST = "b".repeat(64);

    @TempDir
    Path data;

    private Database database;

    @AfterEach
    void close() throws Exception {
        database.close();
    }

    static Stream<String> databases() {
        return Stream.of("H2", "PostgreSQL");
    }

    private void use(String onDatabase) {
        if (onDatabase.equals("PostgreSQL")) {
            PostgresServer.TestDatabase postgres = PostgresServer.newDatabase();
            database = Database.open(Optional.of(postgres.jdbcUrl()), postgres.user(),
                    DatabasePassword.of(postgres.password()), data);
        } else {
            database = Database.embedded(data);
        }
    }

    private Ssda903Batches node(String name, MovableClock clock) {
        return new Ssda903Batches(database.dataSource(), clock, TimeOrderedIds::next, name);
    }

    @Test
    void aBatchWhoseOwnerBeatsItsHeartbeatIsNeverTakenOverHoweverSlowItsNotices() throws Exception {
        use("H2");
        MovableClock clockA = new MovableClock();
        MovableClock clockB = new MovableClock();
        clockB.advance(Duration.ofMinutes(1)); // node b's clock runs a minute ahead of node a's
        Ssda903Batches a = node("node-a", clockA);
        Ssda903Batches b = node("node-b", clockB);
        String id = a.open(DIGEST, KENT, "upload").batchId();
        assertThat(a.translated(batch(id, 40, 0))).isTrue();
        a.noticeDone(id, false, System.nanoTime());

        // its one notice in flight takes ten minutes (OPA slow, retries): no notice finishes, only the heartbeat beats
        for (int i = 0; i < 20; i++) {
            clockA.advance(Ssda903Batches.HEARTBEAT_EVERY);
            clockB.advance(Ssda903Batches.HEARTBEAT_EVERY);
            a.beat();
            assertThat(b.status(id).orElseThrow().state()).as("polled through node b").isEqualTo("sending");
            assertThat(b.open(DIGEST, KENT, "upload")).as("sent again to node b")
                    .isEqualTo(new Ssda903Batches.Opened(id, false));
            assertThat(a.sending(id)).isTrue();
        }
        assertThat(ownerOf(id)).isEqualTo("node-a");

        a.noticeDone(id, false, System.nanoTime());
        a.completed(batch(id, 40, 0));
        BatchStatus done = b.status(id).orElseThrow();
        assertThat(done.state()).isEqualTo("done");
        assertThat(done.rowsRead()).isEqualTo(40);
        assertThat(done.noticesSent()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aBatchWhoseOwnerStoppedBeatingIsTakenOverAndTheOldOwnerStopsAndWritesNothingMore(String onDatabase)
            throws Exception {
        use(onDatabase);
        MovableClock clock = new MovableClock();
        Ssda903Batches a = node("node-a", clock);
        Ssda903Batches b = node("node-b", clock);
        String id = a.open(DIGEST, KENT, "upload").batchId();
        a.translated(batch(id, 40, 1));
        for (int i = 0; i < 3; i++) {
            a.noticeDone(id, false, System.nanoTime());
        }
        assertThat(a.holds(id)).isTrue();

        // node a stops beating (stuck, or cut off from the database) while it still means to send the batch
        clock.advance(Ssda903Batches.INTERRUPTED_AFTER.plusSeconds(1));
        assertThat(b.status(id).orElseThrow().state()).isEqualTo("interrupted");
        assertThat(b.open(DIGEST, KENT, "upload")).isEqualTo(new Ssda903Batches.Opened(id, true));
        assertThat(ownerOf(id)).isEqualTo("node-b");

        // node a comes back: its next write of the batch's progress is refused, and it sends and records no more
        assertThat(a.holds(id)).as("node a's progress write").isFalse();
        assertThat(a.sending(id)).isFalse();
        a.noticeDone(id, false, System.nanoTime());
        a.completed(batch(id, 40, 1));
        assertThat(b.status(id).orElseThrow().state()).as("not done by node a").isEqualTo("received");
        assertThat(summaryOf(id)).isNull();
        assertThat(a.open(DIGEST, KENT, "upload")).as("sent again to node a")
                .isEqualTo(new Ssda903Batches.Opened(id, false));

        // node b sends the return: the three notices node a delivered come back as delivered before
        assertThat(b.translated(batch(id, 41, 2))).isTrue();
        for (int i = 0; i < 5; i++) {
            b.noticeDone(id, i < 3, System.nanoTime());
        }
        a.failed(id, "the exchange failed (IllegalStateException)");
        b.completed(batch(id, 41, 2));
        a.failed(id, "the exchange failed (IllegalStateException)");

        for (Ssda903Batches node : List.of(a, b)) {
            BatchStatus done = node.status(id).orElseThrow();
            assertThat(done.state()).isEqualTo("done");
            assertThat(done.failure()).isNull();
            assertThat(done.rowsRead()).isEqualTo(41);
            assertThat(done.rowsRejected()).isEqualTo(2);
            assertThat(done.noticesSent()).isEqualTo(2);
            assertThat(done.noticesSentBefore()).isEqualTo(3);
        }
        assertThat(ownerOf(id)).isEqualTo("node-b");
    }

    @Test
    void theHeartbeatOfANodeThatLostItsBatchGivesItUp() throws Exception {
        use("H2");
        MovableClock clock = new MovableClock();
        Ssda903Batches a = node("node-a", clock);
        Ssda903Batches b = node("node-b", clock);
        String id = a.open(DIGEST, KENT, "inbox").batchId();
        a.translated(batch(id, 7, 0));
        clock.advance(Ssda903Batches.INTERRUPTED_AFTER.plusSeconds(1));
        assertThat(b.open(DIGEST, KENT, "inbox").send()).isTrue();
        b.translated(batch(id, 7, 0));
        Timestamp beatenByB = heartbeatOf(id);

        clock.advance(Duration.ofSeconds(5));
        a.beat();
        assertThat(a.sending(id)).as("node a gave the batch up").isFalse();
        assertThat(heartbeatOf(id)).as("node a's beat refused").isEqualTo(beatenByB);
        b.beat();
        assertThat(heartbeatOf(id)).isAfter(beatenByB);
        assertThat(b.sending(id)).isTrue();
        assertThat(a.status(id).orElseThrow().state()).as("polled through node a").isEqualTo("sending");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void ofTwoNodesTakingAnInterruptedBatchOverAtOnceOneDoes(String onDatabase) throws Exception {
        use(onDatabase);
        MovableClock clock = new MovableClock();
        Ssda903Batches gone = node("node-gone", clock);
        List<String> digests = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String digest = String.format("%064d", i);
            digests.add(digest);
            gone.open(digest, KENT, "upload");
        }
        clock.advance(Ssda903Batches.INTERRUPTED_AFTER.plusSeconds(1));
        Ssda903Batches b = node("node-b", clock);
        Ssda903Batches c = node("node-c", clock);

        ExecutorService both = Executors.newFixedThreadPool(2);
        try {
            for (String digest : digests) {
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<Ssda903Batches.Opened>> opened = new ArrayList<>();
                for (Ssda903Batches node : List.of(b, c)) {
                    opened.add(both.submit(() -> {
                        together.await();
                        return node.open(digest, KENT, "upload");
                    }));
                }
                Ssda903Batches.Opened byB = opened.get(0).get();
                Ssda903Batches.Opened byC = opened.get(1).get();
                assertThat(byB.batchId()).isEqualTo(byC.batchId());
                assertThat(byB.send() ^ byC.send()).as("taken over by exactly one of the two").isTrue();
                assertThat(ownerOf(byB.batchId())).isEqualTo(byB.send() ? "node-b" : "node-c");
                assertThat((byB.send() ? b : c).sending(byB.batchId())).isTrue();
                assertThat((byB.send() ? c : b).sending(byB.batchId())).isFalse();
            }
        } finally {
            both.shutdownNow();
        }
    }

    /** A translated return of one episodes file, with no notices of its own (they are counted as they finish). */
    private static ReturnBatch batch(String batchId, int rowsRead, int rowsRejected) {
        return new ReturnBatch(batchId, "upload", DIGEST, KENT, null, false, List.of(), List.of(), List.of(),
                List.of(new FileSummary("episodes.csv", "episodes", rowsRead, rowsRejected, "")), 0);
    }

    private String ownerOf(String batchId) throws Exception {
        return column(batchId, "owner", rs -> rs.getString(1));
    }

    private String summaryOf(String batchId) throws Exception {
        return column(batchId, "summary", rs -> rs.getString(1));
    }

    private Timestamp heartbeatOf(String batchId) throws Exception {
        return column(batchId, "updated_at", rs -> rs.getTimestamp(1));
    }

    private interface Read<T> {
        T from(ResultSet rs) throws SQLException;
    }

    private <T> T column(String batchId, String column, Read<T> read) throws Exception {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + column + " FROM ssda903_batch WHERE batch_id = ?")) {
            ps.setString(1, batchId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return read.from(rs);
            }
        }
    }
}
