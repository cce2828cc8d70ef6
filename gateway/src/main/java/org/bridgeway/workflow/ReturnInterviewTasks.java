package org.bridgeway.workflow;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Return home interviews as tracked work (statutory guidance: offered within 72 hours of a child's return). The episode
 * ledger step opens a task when it applies a FOUND update; the return-interview-outcome exchange completes it.
 */
public interface ReturnInterviewTasks {

    /**
     * Opens the task for an episode the child has returned from, owned by the responsible authority, with its
     * deadline timers. Idempotent per episode id: a second call for the same episode changes nothing.
     */
    void opened(EpisodeReturned returned);

    /**
     * The same, written on {@code c} in the transaction of the FOUND notice's audit entries (the episode ledger's), so
     * that the task exists exactly when the episode is recorded as found: a FOUND refused or failed later opens no
     * task, and a crash leaves both or neither. Must not commit or roll back.
     */
    void opened(Connection c, EpisodeReturned returned) throws SQLException;

    /** The id of the task opened for this episode, if any. */
    Optional<String> taskOf(String episodeId);

    /** Marks the episode's task completed by the outcome accepted as {@code outcomeExchangeId}; pending timers are cancelled. */
    void completed(String episodeId, String outcomeExchangeId);
}
