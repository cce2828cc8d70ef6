package org.bridgeway.delivery.push;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bridgeway.audit.AuditLog;

/**
 * An operator's view of the dead-letter queues while the gateway runs, and their replay, audited: the one way the API
 * ({@code DeadLetterApi}) and the console's operations desk both do it, so that a replay means the same whichever
 * the operator used. Each message put back is a {@code DEAD_LETTER_REPLAYED} entry ({@link
 * DeadLetterQueue#replayEvents}) naming who replayed and through what, appended before the broker commits the move:
 * a replay is never unaudited, and an append that fails moves nothing. (The command line, with the gateway stopped,
 * opens the queue and the log itself and audits its replays as the gateway's.)
 */
public final class DeadLetterReplay {
    private final DeadLetterQueue deadLetters;
    private final PushEndpoints endpoints;
    private final AuditLog auditLog;

    /**
     * @param deadLetters both dead-letter queues; with the delivery states, so that a message replayed into a mailbox
     *                    keeps the delivery window it was accepted with
     * @param endpoints   which forces take push delivery now: where a replayed message goes
     */
    public DeadLetterReplay(DeadLetterQueue deadLetters, PushEndpoints endpoints, AuditLog auditLog) {
        this.deadLetters = deadLetters;
        this.endpoints = endpoints;
        this.auditLog = auditLog;
    }

    /** Everything waiting in the dead-letter queues, or one recipient's; identifiers and reasons, no payload. */
    public List<DeadLetterQueue.DeadLetter> list(Optional<String> force) {
        return deadLetters.list(force);
    }

    /**
     * Puts one message back on its way (its force's push queue, or its recipient's mailbox), audited.
     *
     * @param messageId a message id as the gateway issues them; callers check its shape before asking
     * @param actor     who the audit entry names: an organisation, or a person as organisation and subject id
     * @param by        how, and through what, e.g. {@code by: api, system: ...} or {@code by: console}
     * @return the message and where it went; empty when it is not (or no longer) in a dead-letter queue
     */
    public Optional<DeadLetterQueue.Replayed> replay(String messageId, String actor, Map<String, String> by) {
        List<DeadLetterQueue.Replayed> replayed = deadLetters.replay(Optional.empty(), Optional.of(messageId),
                endpoints, moved -> auditLog.append(DeadLetterQueue.replayEvents(moved, actor, by)));
        return replayed.stream().findFirst();
    }
}
