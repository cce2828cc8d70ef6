package org.bridgeway.api;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.Exchange;
import org.bridgeway.delivery.Acknowledgements;
import org.bridgeway.delivery.DeliveryStates;
import org.bridgeway.delivery.MailboxMessage;
import org.bridgeway.delivery.Mailboxes;
import org.bridgeway.model.InvalidValueException;
import org.bridgeway.model.Organisation;

/**
 * The pull API of recipients' mailboxes: list, fetch and acknowledge. A recipient reads and acknowledges
 * only its own mailbox; every acknowledgement is audited before the message is removed, so a removal is never
 * unaudited, and audited once however often it is repeated ({@link Acknowledgements}).
 */
public final class MailboxApi {
    private static final int LIST_LIMIT = 500;

    private final Mailboxes mailboxes;
    private final CallerIdentity callers;
    private final Acknowledgements acknowledgements;
    private final DeliveryStates states;

    public MailboxApi(Mailboxes mailboxes, CallerIdentity callers, Acknowledgements acknowledgements,
                      DeliveryStates states) {
        this.mailboxes = mailboxes;
        this.callers = callers;
        this.acknowledgements = acknowledgements;
        this.states = states;
    }

    /**
     * Up to {@code limit} (at most and by default {@value #LIST_LIMIT}) waiting messages, oldest first, and
     * {@code next}, the cursor of the following page ({@code ?cursor=}), while there are more.
     */
    public void list(Exchange exchange) {
        owner(exchange).ifPresent(org -> {
            Optional<String> cursor = Optional.ofNullable(exchange.getMessage().getHeader("cursor", String.class));
            String limitText = exchange.getMessage().getHeader("limit", String.class);
            int limit;
            try {
                limit = limitText == null ? LIST_LIMIT : Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > LIST_LIMIT) {
                ApiResponses.problem(exchange, 400, "Bad limit", "limit is a number from 1 to " + LIST_LIMIT, null);
                return;
            }
            Mailboxes.Page page;
            try {
                page = mailboxes.page(org.id(), cursor, limit);
            } catch (IllegalArgumentException e) {
                ApiResponses.problem(exchange, 400, "Bad cursor", "pass back the next cursor of a listing", null);
                return;
            }
            Set<String> acknowledged = acknowledgements.acknowledgedAmong(org.id(),
                    page.messages().stream().map(MailboxMessage::messageId).toList());
            acknowledged.forEach(id -> acknowledgements.finish(mailboxes, org.id(), id));
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("organisation", org.id());
            body.put("messages", page.messages().stream().filter(m -> !acknowledged.contains(m.messageId())).toList());
            page.next().ifPresent(next -> body.put("next", next));
            ApiResponses.json(exchange, 200, body);
        });
    }

    public void fetch(Exchange exchange) {
        owner(exchange).ifPresent(org -> withMessageId(exchange, id -> mailboxes.fetch(org.id(), id)
                .filter(m -> !acknowledgedBefore(org.id(), id)).ifPresentOrElse(
                m -> {
                    states.fetched(m.message().messageId()); // the sender sees it fetched, not yet acknowledged
                    exchange.getMessage().setHeader("X-Bridgeway-Exchange-Id", m.message().exchangeId());
                    exchange.getMessage().setHeader("X-Bridgeway-Message-Id", m.message().messageId());
                    ApiResponses.bytes(exchange, 200, m.message().mediaType(), m.payload());
                },
                () -> notFound(exchange))));
    }

    public void acknowledge(Exchange exchange) {
        owner(exchange).ifPresent(org -> withMessageId(exchange, id -> {
            Optional<MailboxMessage> removed = mailboxes.acknowledge(org.id(), id,
                    message -> acknowledgements.recordOnce(org.id(), message));
            if (removed.isEmpty() && !acknowledgements.acknowledged(org.id(), id)) {
                notFound(exchange);
                return;
            }
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
            exchange.getMessage().setBody(null);
        }));
    }

    /** Acknowledged before, its removal cut off (a gateway node stopped in between): removed now, and not shown. */
    private boolean acknowledgedBefore(String recipient, String messageId) {
        if (!acknowledgements.acknowledged(recipient, messageId)) {
            return false;
        }
        acknowledgements.finish(mailboxes, recipient, messageId);
        return true;
    }

    /** The mailbox named in the path, if the caller owns it; otherwise the refusal is written. */
    private Optional<Organisation> owner(Exchange exchange) {
        Optional<Organisation> caller = ApiResponses.authenticated(callers, exchange);
        if (caller.isEmpty()) {
            return Optional.empty();
        }
        Organisation mailbox;
        try {
            mailbox = Organisation.parseId(exchange.getMessage().getHeader("organisation", String.class));
        } catch (InvalidValueException e) {
            ApiResponses.problem(exchange, 400, "Bad mailbox", e.getMessage(), null);
            return Optional.empty();
        }
        if (!mailbox.equals(caller.get())) {
            ApiResponses.problem(exchange, 403, "Forbidden", "an organisation may read only its own mailbox", null);
            return Optional.empty();
        }
        return Optional.of(mailbox);
    }

    private static void withMessageId(Exchange exchange, java.util.function.Consumer<String> action) {
        String id = exchange.getMessage().getHeader("messageId", String.class);
        if (!Mailboxes.isMessageId(id)) {
            ApiResponses.problem(exchange, 400, "Bad message id", "a message id is a UUID", null);
            return;
        }
        action.accept(id);
    }

    private static void notFound(Exchange exchange) {
        ApiResponses.problem(exchange, 404, "Not found", "no such message in this mailbox", null);
    }
}
