package org.bridgeway.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.bridgeway.delivery.Mailboxes;
import org.bridgeway.delivery.push.DeadLetterQueue;
import org.bridgeway.delivery.push.DeadLetterReplay;
import org.bridgeway.model.InvalidValueException;
import org.bridgeway.model.Organisation;

/**
 * The dead-letter queues (push, and the mailboxes' for acknowledgements that kept failing) for the gateway's operators
 * while it runs: list what is there and why, and put one message back on its way. The same {@link DeadLetterQueue} as the offline command line: a replayed message keeps its
 * message id and idempotency key (a force that applied it answers DUPLICATE), it leaves the dead-letter queue in the
 * broker transaction that puts it back, so a second replay finds nothing, and the DEAD_LETTER_REPLAYED entry (who,
 * through which system, which message, where to) is written before that transaction commits. Listing and replaying
 * are {@link DeadLetterReplay}'s, which the console's operations desk uses too.
 */
public final class DeadLetterApi {

    private final DeadLetterReplay deadLetters;
    private final CallerIdentity callers;

    public DeadLetterApi(DeadLetterReplay deadLetters, CallerIdentity callers) {
        this.deadLetters = deadLetters;
        this.callers = callers;
    }

    /** Every dead-lettered message, oldest first, or one force's ({@code ?force=police:kent}); no payload. */
    public void list(Exchange exchange) {
        if (ApiResponses.authenticatedCaller(callers, exchange).isEmpty()) {
            return;
        }
        Optional<String> force;
        try {
            force = Optional.ofNullable(exchange.getMessage().getHeader("force", String.class))
                    .map(f -> Organisation.parseId(f).id());
        } catch (InvalidValueException e) {
            ApiResponses.problem(exchange, 400, "Bad force", "force must be an organisation id such as police:kent",
                    null);
            return;
        }
        List<Map<String, Object>> letters = deadLetters.list(force).stream().map(DeadLetterApi::describe).toList();
        ApiResponses.json(exchange, 200, Map.of("deadLetters", letters));
    }

    /** Puts one dead-lettered message back on its force's push queue, or in its mailbox if it does not push. */
    public void replay(Exchange exchange) {
        Optional<Caller> caller = ApiResponses.authenticatedCaller(callers, exchange);
        if (caller.isEmpty()) {
            return;
        }
        String messageId = exchange.getMessage().getHeader("messageId", String.class);
        if (!Mailboxes.isMessageId(messageId)) {
            ApiResponses.problem(exchange, 400, "Bad message id", "a message id is a UUID", null);
            return;
        }
        Optional<DeadLetterQueue.Replayed> replayed = deadLetters.replay(messageId, caller.get().organisation().id(),
                Map.of("by", "api", "system", caller.get().system()));
        if (replayed.isEmpty()) {
            ApiResponses.problem(exchange, 404, "Not found", "no such message in the dead-letter queue", null);
            return;
        }
        Map<String, Object> body = describe(replayed.get().letter());
        body.put("replayedTo", replayed.get().queue());
        ApiResponses.json(exchange, 200, body);
    }

    /** Identifiers and codes; not the force's free-text reason, which could quote the notice. */
    private static Map<String, Object> describe(DeadLetterQueue.DeadLetter l) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("messageId", l.messageId());
        out.put("exchangeId", l.exchangeId());
        out.put("exchangeType", l.exchangeType());
        out.put("recipient", l.recipient());
        out.put("cause", l.cause());
        out.put("reasonCode", l.reasonCode());
        out.put("attempts", l.attempts());
        out.put("deadLetteredAt", l.deadLetteredAt());
        out.put("idempotencyKey", l.idempotencyKey());
        out.put("replays", l.replays());
        return out;
    }
}
