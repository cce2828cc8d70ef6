package org.bridgeway.api;

import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.bridgeway.adapters.json.JsonBodyReader;
import org.bridgeway.intake.JsonIntakeResult;
import org.bridgeway.model.Notice;
import org.bridgeway.model.Organisation;
import org.bridgeway.pipeline.Dispatch;

/**
 * The answers every endpoint that takes one notice gives, whatever the exchange: 202 with the exchange id once the
 * notice has been decided, audited and durably accepted for every permitted mailbox; 400 listing every violation; 401 without a
 * known caller; 403 when the caller submits for another organisation; 413 (rule {@code body.too-large}) for a body
 * over the endpoint's limit, unread. A failure on the way (503 when the audit log or another resource is
 * unavailable) is answered by {@link FailureAnswers}, as on every endpoint. Bound once as
 * {@code noticeSubmissions}; the exchange's API bean parses.
 */
public final class NoticeSubmissions {

    /**
     * Parses and authorises a submission: the body becomes the notice, or the refusal is written and the exchange
     * ends with it.
     *
     * @param what the kind of notice, for the 400's title ("placement notice")
     */
    static void accept(Exchange exchange, CallerIdentity callers, Function<byte[], JsonIntakeResult> parse,
                       String what) {
        accept(exchange, callers, (body, caller) -> parse.apply(body), what);
    }

    /** The same, for a reader that takes the authenticated caller as the notice's sender. */
    static void accept(Exchange exchange, CallerIdentity callers,
                       BiFunction<byte[], Organisation, JsonIntakeResult> parse, String what) {
        Optional<Organisation> caller = ApiResponses.authenticated(callers, exchange);
        if (caller.isEmpty()) {
            return;
        }
        JsonIntakeResult result = parse.apply(exchange.getMessage().getBody(byte[].class), caller.get());
        if (result instanceof JsonIntakeResult.Refused refused && refused.tooLarge()) {
            ApiResponses.refuse(exchange, 413, "Body too large", refused.violations().get(0).message(),
                    Map.of("rule", JsonBodyReader.TOO_LARGE, "violations", refused.violations()));
            return;
        }
        if (result instanceof JsonIntakeResult.Refused refused) {
            ApiResponses.refuse(exchange, 400, "Invalid " + what,
                    refused.violations().size() + " violation(s); nothing was shared",
                    Map.of("violations", refused.violations()));
            return;
        }
        Notice notice = ((JsonIntakeResult.Accepted) result).notice();
        if (!notice.sender().equals(caller.get())) {
            ApiResponses.refuse(exchange, 403, "Forbidden", "an organisation may submit notices only as itself", null);
            return;
        }
        exchange.getMessage().setBody(notice);
    }

    /** After the pipeline: 202 with the exchange id (the first one, when the notice was a re-submission). */
    public void accepted(Dispatch dispatch, Exchange exchange) {
        ApiResponses.json(exchange, 202, Map.of("exchangeId", dispatch.exchangeId(), "duplicate", dispatch.duplicate()));
    }
}
