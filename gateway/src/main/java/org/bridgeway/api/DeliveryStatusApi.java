package org.bridgeway.api;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.bridgeway.delivery.DeliveryStates;
import org.bridgeway.delivery.push.DeadLetterQueue;

/**
 * Where each recipient's copy of an exchange stands, for the exchange's sender (and the auditor role): accepted,
 * delivered to the mailbox, fetched, acknowledged, expired (a non-delivery report went to the sender) or
 * dead-lettered (push gave up, or the broker after acknowledgements that kept failing; it waits, without expiring,
 * until an operator replays it), each with its time. Anyone else is answered 404, as for an
 * exchange that does not exist, so that nobody learns which exchanges others sent. Identifiers and times only.
 */
public final class DeliveryStatusApi {
    private final DeliveryStates states;
    private final DeadLetterQueue deadLetters;
    private final CallerIdentity callers;

    public DeliveryStatusApi(DeliveryStates states, DeadLetterQueue deadLetters, CallerIdentity callers) {
        this.states = states;
        this.deadLetters = deadLetters;
        this.callers = callers;
    }

    public void deliveries(Exchange exchange) {
        Optional<Caller> caller = ApiResponses.authenticatedCaller(callers, exchange);
        if (caller.isEmpty()) {
            return;
        }
        String exchangeId = exchange.getMessage().getHeader("exchangeId", String.class);
        Optional<String> sender = exchangeId == null ? Optional.empty() : states.senderOf(exchangeId);
        boolean auditor = caller.get().roles().contains(ApiAuthorisation.AUDITOR);
        if (sender.isEmpty() || !(auditor || sender.get().equals(caller.get().organisation().id()))) {
            ApiResponses.problem(exchange, 404, "Not found",
                    "no exchange with deliveries to mailboxes that the caller sent", null);
            return;
        }
        Map<String, DeadLetterQueue.DeadLetter> deadLettered = deadLetters.list(Optional.empty()).stream()
                .filter(l -> exchangeId.equals(l.exchangeId()) && l.messageId() != null)
                .collect(Collectors.toMap(DeadLetterQueue.DeadLetter::messageId, Function.identity(), (a, b) -> a));
        List<Map<String, Object>> copies = states.ofExchange(exchangeId).stream()
                .map(copy -> describe(copy, Optional.ofNullable(deadLettered.get(copy.messageId())))).toList();
        ApiResponses.json(exchange, 200, Map.of("exchangeId", exchangeId, "sender", sender.get(),
                "deliveries", copies));
    }

    private static Map<String, Object> describe(DeliveryStates.CopyState copy,
                                                Optional<DeadLetterQueue.DeadLetter> deadLetter) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("recipient", copy.recipient());
        out.put("messageId", copy.messageId());
        out.put("state", state(copy, deadLetter.isPresent()));
        out.put("acceptedAt", text(copy.acceptedAt()));
        out.put("deliveredToMailboxAt", text(copy.deliveredAt()));
        out.put("fetchedAt", text(copy.fetchedAt()));
        out.put("acknowledgedAt", text(copy.acknowledgedAt()));
        out.put("expiredAt", text(copy.expiredAt()));
        out.put("expiresAt", copy.acknowledgedAt() == null && copy.expiredAt() == null && deadLetter.isEmpty()
                ? text(copy.expiresAt()) : null);
        out.put("deadLetteredAt", deadLetter.map(DeadLetterQueue.DeadLetter::deadLetteredAt).orElse(null));
        out.put("deliveryWindow", copy.deliveryWindow().toString());
        return out;
    }

    /** The furthest state the copy has reached. */
    private static String state(DeliveryStates.CopyState copy, boolean deadLettered) {
        if (copy.acknowledgedAt() != null) {
            return "acknowledged";
        }
        if (copy.expiredAt() != null) {
            return "expired";
        }
        if (deadLettered) {
            return "dead-lettered";
        }
        if (copy.fetchedAt() != null) {
            return "fetched";
        }
        return copy.deliveredAt() != null ? "delivered" : "accepted";
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
