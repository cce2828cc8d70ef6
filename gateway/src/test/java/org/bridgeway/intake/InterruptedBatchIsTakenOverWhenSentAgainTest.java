package org.bridgeway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bridgeway.model.Organisation;
import org.bridgeway.store.Database;
import org.bridgeway.store.TimeOrderedIds;
import org.bridgeway.testing.MovableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch lives in the database, not in the gateway that sends it: a batch being sent is not sent twice, one left
 * unfinished by a gateway that stopped shows as interrupted once its heartbeat is two minutes old and is taken over,
 * under its own id, by the first to send the return again (as a gateway restarted on the same database, or another
 * node, does), and a done batch answers every later copy of its return.
 */
class InterruptedBatchIsTakenOverWhenSentAgainTest {
    private static final Organisation KENT = Organisation.parseId("local-authority:886");
    private static final String DIGEST = "a".repeat(64);

    @TempDir
    Path data;

    private final MovableClock clock = new MovableClock();
    private Database database;
    private int gateways;

    /** A gateway on the database: each another node (a restarted gateway is one too), under a name of its own. */
    private Ssda903Batches gateway() {
        if (database == null) {
            database = Database.embedded(data);
        }
        return new Ssda903Batches(database.dataSource(), clock, TimeOrderedIds::next, "node-" + ++gateways);
    }

    @AfterEach
    void close() throws Exception {
        database.close();
    }

    @Test
    void aBatchBeingSentIsNotSentAgainButAnInterruptedOneIsTakenOverAndADoneOneAnswersForever() {
        Ssda903Batches first = gateway();
        Ssda903Batches.Opened opened = first.open(DIGEST, KENT, "upload");
        assertThat(opened.send()).isTrue();
        first.translated(batch(opened.batchId(), 4));

        // while the first gateway's heartbeat is fresh, neither it nor another sends the return again
        assertThat(first.open(DIGEST, KENT, "upload")).isEqualTo(new Ssda903Batches.Opened(opened.batchId(), false));
        Ssda903Batches restarted = gateway();
        assertThat(restarted.open(DIGEST, KENT, "upload").send()).isFalse();
        assertThat(restarted.status(opened.batchId()).orElseThrow().state()).isEqualTo("sending");

        // the first gateway stopped: two minutes on, the batch shows as interrupted and the next copy takes it over
        clock.advance(Ssda903Batches.INTERRUPTED_AFTER.plus(Duration.ofSeconds(1)));
        assertThat(restarted.status(opened.batchId()).orElseThrow().state()).isEqualTo("interrupted");
        Ssda903Batches.Opened resumed = restarted.open(DIGEST, KENT, "upload");
        assertThat(resumed).isEqualTo(new Ssda903Batches.Opened(opened.batchId(), true));
        assertThat(gateway().open(DIGEST, KENT, "upload").send()).as("taken over once").isFalse();

        restarted.translated(batch(opened.batchId(), 4));
        restarted.completed(batch(opened.batchId(), 4));
        clock.advance(Duration.ofDays(30));
        BatchStatus done = gateway().status(opened.batchId()).orElseThrow();
        assertThat(done.state()).isEqualTo("done");
        assertThat(done.finishedAt()).isNotNull();
        assertThat(done.summary().path("notNotifiable").asInt()).isEqualTo(4);
        assertThat(done.summary().path("responsibleAuthority").asText()).isEqualTo(KENT.id());
        assertThat(gateway().open(DIGEST, KENT, "upload")).isEqualTo(new Ssda903Batches.Opened(opened.batchId(), false));
    }

    @Test
    void aFailedBatchIsTakenOverAtOnceWhenSentAgain() {
        Ssda903Batches batches = gateway();
        Ssda903Batches.Opened opened = batches.open(DIGEST, KENT, "inbox");
        batches.failed(opened.batchId(), "the audit log was unavailable; nothing unaudited was sent");

        BatchStatus failed = batches.status(opened.batchId()).orElseThrow();
        assertThat(failed.state()).isEqualTo("failed");
        assertThat(failed.failure()).contains("audit log");
        assertThat(batches.open(DIGEST, KENT, "inbox")).isEqualTo(new Ssda903Batches.Opened(opened.batchId(), true));
        assertThat(batches.status(opened.batchId()).orElseThrow().failure()).isNull();
    }

    @Test
    void theSameFilesFromAnotherAuthorityAreAnotherBatch() {
        Ssda903Batches batches = gateway();
        String kent = batches.open(DIGEST, KENT, "upload").batchId();
        Ssda903Batches.Opened other = batches.open(DIGEST, Organisation.parseId("local-authority:887"), "upload");
        assertThat(other.send()).isTrue();
        assertThat(other.batchId()).isNotEqualTo(kent);
    }

    /** A translated return with no notices to send, only episodes that needed none. */
    private static ReturnBatch batch(String batchId, int notNotifiable) {
        return new ReturnBatch(batchId, "upload", DIGEST, KENT, null, false, List.of(), List.of(), List.of(),
                List.of(), notNotifiable);
    }
}
