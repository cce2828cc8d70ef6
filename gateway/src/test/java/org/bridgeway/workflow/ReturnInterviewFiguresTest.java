package org.bridgeway.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kent's return home interview figures over a real (H2, migrated) database, with tasks and timers as the deadline
 * ticker leaves them: a task counts in the period its child returned in, whoever holds it; its outcome counts as
 * recorded in time when its COMPLETED timer's time is at or before the task's deadline, to the second.
 */
class ReturnInterviewFiguresTest {
    private static final DfeLaCode KENT = new DfeLaCode("886");
    private static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-12-01T00:00:00Z");
    private static final Instant NOW = Instant.parse("2026-12-02T00:00:00Z");
    private static final Duration DEADLINE = Duration.ofHours(72);

    @TempDir
    Path data;
    private Database database;
    private int tasks;

    @BeforeEach
    void open() {
        database = Database.embedded(data.resolve("db"));
    }

    @AfterEach
    void close() throws Exception {
        database.close();
    }

    @Test
    void countsOpenedRecordedInTimeStillOpenAndPastTheDeadlineOfTheAuthoritysChildrenWhoReturnedInThePeriod()
            throws Exception {
        Instant returned = Instant.parse("2026-11-10T13:40:00Z");
        String inTime = task("886", "local-authority:886", returned, "COMPLETED");
        timer(inTime, "COMPLETED", returned.plus(Duration.ofHours(30)), "FIRED");
        String onTheDot = task("886", "local-authority:886", returned.plusSeconds(60), "COMPLETED");
        timer(onTheDot, "COMPLETED", returned.plusSeconds(60).plus(DEADLINE), "FIRED");
        String late = task("886", "local-authority:886", returned, "COMPLETED");
        timer(late, "COMPLETED", returned.plus(DEADLINE).plusSeconds(1), "FIRED");
        // handed to Manchester, the host authority: still Kent's to answer for
        String handedOn = task("886", "local-authority:352", returned, "COMPLETED");
        timer(handedOn, "COMPLETED", returned.plus(Duration.ofHours(2)), "FIRED");
        // its deadline passed with nothing recorded
        String overdue = task("886", "local-authority:886", Instant.parse("2026-11-20T08:00:00Z"), "OPEN");
        timer(overdue, "OVERDUE", Instant.parse("2026-11-20T08:00:00Z").plus(DEADLINE), "FIRED");
        // an outcome received but not yet accepted: still open, its deadline (2 December, noon) still to come
        String awaited = task("886", "local-authority:886", Instant.parse("2026-11-29T12:00:00Z"), "OPEN");
        timer(awaited, "COMPLETED", Instant.parse("2026-11-29T13:00:00Z"), "PENDING");
        // not counted: another authority's child, and Kent's children who returned before or at the period's end
        task("352", "local-authority:352", returned, "OPEN");
        task("886", "local-authority:886", FROM.minusSeconds(1), "OPEN");
        task("886", "local-authority:886", TO, "OPEN");

        ReturnInterviewFigures.Figures figures = new ReturnInterviewFigures(database.dataSource())
                .of(KENT, FROM, TO, NOW);

        assertThat(figures).isEqualTo(new ReturnInterviewFigures.Figures(6, 4, 3, 2, 1));
        assertThat(figures.percentRecordedInTime()).isEqualTo(OptionalInt.of(50));
    }

    @Test
    void aPeriodWithNoChildReturnedHasNoPercentage() {
        ReturnInterviewFigures.Figures figures = new ReturnInterviewFigures(database.dataSource())
                .of(KENT, FROM, TO, NOW);

        assertThat(figures).isEqualTo(new ReturnInterviewFigures.Figures(0, 0, 0, 0, 0));
        assertThat(figures.percentRecordedInTime()).isEmpty();
    }

    @Test
    void aPeriodMustStartBeforeItEnds() {
        assertThatThrownBy(() -> new ReturnInterviewFigures(database.dataSource()).of(KENT, TO, FROM, NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A task as {@link JdbcReturnInterviewTasks} writes it, due 72 hours after the return. */
    private String task(String responsible, String owner, Instant returnedAt, String state) throws Exception {
        String taskId = "RHI-figures-" + (++tasks);
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO rhi_task (task_id, episode_id, responsible_la,"
                     + " owner, returned_at, due_at, state, source_key, opened_at, updated_at)"
                     + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, taskId);
            ps.setString(2, "ME-figures-" + tasks);
            ps.setString(3, responsible);
            ps.setString(4, owner);
            ps.setTimestamp(5, Timestamp.from(returnedAt));
            ps.setTimestamp(6, Timestamp.from(returnedAt.plus(DEADLINE)));
            ps.setString(7, state);
            ps.setString(8, "found-" + tasks);
            ps.setTimestamp(9, Timestamp.from(returnedAt));
            ps.setTimestamp(10, Timestamp.from(returnedAt));
            ps.executeUpdate();
        }
        timer(taskId, "OPENED", returnedAt, "FIRED");
        return taskId;
    }

    private void timer(String taskId, String kind, Instant due, String state) throws Exception {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO rhi_timer (timer_id, task_id, kind, due_at,"
                     + " gate_key, state) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, "RT-" + taskId + "-" + kind);
            ps.setString(2, taskId);
            ps.setString(3, kind);
            ps.setTimestamp(4, Timestamp.from(due));
            ps.setString(5, "gate-" + taskId);
            ps.setString(6, state);
            ps.executeUpdate();
        }
    }
}
