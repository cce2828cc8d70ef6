package org.bridgeway.api;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.bridgeway.adapters.custody.CustodyHandoverJsonReader;
import org.bridgeway.adapters.missing.MissingReadResult;
import org.bridgeway.directory.AuthorityDirectory;
import org.bridgeway.directory.BankHolidayCalendar;
import org.bridgeway.handover.CustodyHandovers;
import org.bridgeway.handover.HandoverLedger;
import org.bridgeway.handover.HandoverParties;
import org.bridgeway.handover.HandoverTimers;
import org.bridgeway.intake.JsonIntakeResult;
import org.bridgeway.intake.PlacementJsonIntake;
import org.bridgeway.intake.Violation;
import org.bridgeway.model.CustodyHandoverNotice;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.OrganisationType;
import org.bridgeway.model.PoliceForceCode;
import org.bridgeway.pipeline.Dispatch;

/**
 * {@code /api/v1/custody-handovers}: a force asks the authorities to accommodate a child charged and refused bail
 * (PACE 1984 s.38(6)), the authorities acknowledge and the first answers, and the force closes the handover.
 * <ul>
 *   <li>{@code POST} (a force, as itself): the request. 202 with {@code handoverId}, {@code exchangeId}, the
 *       authorities asked (code, name, relation, which contact is staffed now and its phone), the responsible
 *       authority and how it was found (when none was, only the suite authority is asked and the answer says so), and
 *       the deadlines. The same custody record again: 202, {@code duplicate}, the same handover.</li>
 *   <li>{@code POST /{handoverId}/acknowledgement}, {@code /answer} (an asked authority) and {@code /closure} (the
 *       requesting force): 202 with the exchange id. Refusals by the ledger are answered by {@link FailureAnswers}
 *       with their rule: 409 {@code handover.alreadyAnswered} (naming the owner), {@code handover.closed}; 403
 *       {@code handover.notAsked}, {@code handover.notRequester}; an unknown handover is 404 here.</li>
 *   <li>{@code GET}: the caller's open handovers (a force its requests, an authority those it was asked), each with
 *       its state, owner and deadlines.</li>
 * </ul>
 * The answers of every single-notice endpoint are {@link NoticeSubmissions}'; no answer repeats the child or the
 * charge.
 */
public final class CustodyHandoverApi {
    public static final String SCHEMA_RESOURCE = "/schemas/custody-handover-request.schema.json";

    private final CustodyHandoverJsonReader reader = new CustodyHandoverJsonReader();
    private final CustodyHandovers handovers;
    private final HandoverParties parties;
    private final HandoverTimers timers;
    private final BankHolidayCalendar calendar;
    private final CallerIdentity callers;
    private final Supplier<String> exchangeIds;
    private final Clock clock;

    public CustodyHandoverApi(CustodyHandovers handovers, HandoverParties parties, HandoverTimers timers,
                              BankHolidayCalendar calendar, CallerIdentity callers, Supplier<String> exchangeIds,
                              Clock clock) {
        this.handovers = handovers;
        this.parties = parties;
        this.timers = timers;
        this.calendar = calendar;
        this.callers = callers;
        this.exchangeIds = exchangeIds;
        this.clock = clock;
    }

    /** The force's request: the body becomes the notice, or the refusal is written. */
    public void acceptRequest(Exchange exchange) {
        NoticeSubmissions.accept(exchange, callers, (body, sender) -> intake(reader.readRequest(bytes(body), sender,
                clock.instant(), exchangeIds)), "custody handover request");
    }

    /** An asked authority's acknowledgement of the handover the path names. */
    public void acceptAcknowledgement(Exchange exchange) {
        String id = handoverIdOf(exchange);
        if (id != null) {
            NoticeSubmissions.accept(exchange, callers, (body, sender) -> intake(reader.readAcknowledgement(
                    bytes(body), id, sender, clock.instant(), exchangeIds)), "acknowledgement");
        }
    }

    /** An asked authority's answer (always an acceptance). */
    public void acceptAnswer(Exchange exchange) {
        String id = handoverIdOf(exchange);
        if (id != null) {
            NoticeSubmissions.accept(exchange, callers, (body, sender) -> intake(reader.readAnswer(bytes(body), id,
                    sender, clock.instant(), exchangeIds)), "answer");
        }
    }

    /** The force's closure: the transfer, or the s.38(7) certificate. */
    public void acceptClosure(Exchange exchange) {
        String id = handoverIdOf(exchange);
        if (id != null) {
            NoticeSubmissions.accept(exchange, callers, (body, sender) -> intake(reader.readClosure(bytes(body), id,
                    sender, clock.instant(), exchangeIds)), "closure");
        }
    }

    /** After the pipeline: 202 with the handover, who was asked and how to reach them now, and the deadlines. */
    public void requested(Dispatch dispatch, Exchange exchange) {
        CustodyHandoverNotice notice = (CustodyHandoverNotice) dispatch.notice();
        CustodyHandovers.Handover handover = handovers.byRecord(notice.force().orElseThrow(),
                notice.request().orElseThrow().custodyReference()).orElseThrow(() -> new IllegalStateException(
                "exchange " + dispatch.exchangeId() + " was accepted with no handover recorded"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("handoverId", handover.handoverId());
        body.put("exchangeId", dispatch.exchangeId());
        body.put("duplicate", dispatch.duplicate());
        ZonedDateTime now = ZonedDateTime.now(clock);
        List<Map<String, Object>> asked = new ArrayList<>();
        for (CustodyHandovers.Party party : handover.parties()) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("code", party.authority().value());
            parties.entry(party.authority()).ifPresent(entry -> {
                a.put("name", entry.name());
                a.put("relation", party.relation());
                a.put("staffed", entry.staffedAt(now, calendar).name());
                a.put("phone", entry.contactAt(now, calendar).phone());
            });
            asked.add(a);
        }
        body.put("askedAuthorities", asked);
        Map<String, Object> responsible = new LinkedHashMap<>();
        handover.responsibleAuthority().ifPresent(r -> responsible.put("code", r.value()));
        responsible.put("foundBy", handover.responsibleFoundBy());
        if (handover.responsibleAuthority().isEmpty()) {
            responsible.put("note", "no responsible authority was found: only the custody suite's authority is"
                    + " asked, whose duty to receive the child stands (Children Act 1989 s.21(2)(b))");
        }
        body.put("responsibleAuthority", responsible);
        body.put("deadlines", deadlines(timers.deadlinesOf(handover.handoverId()).orElseGet(() ->
                timers.deadlinesFor(HandoverLedger.requested(handover, dispatch.receivedAt())))));
        ApiResponses.json(exchange, 202, body);
    }

    /** After the pipeline: 202 with the exchange id and the handover, and for an answer its owner (the sender). */
    public void stepAccepted(Dispatch dispatch, Exchange exchange) {
        CustodyHandoverNotice notice = (CustodyHandoverNotice) dispatch.notice();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("exchangeId", dispatch.exchangeId());
        body.put("duplicate", dispatch.duplicate());
        notice.handoverId().ifPresent(id -> body.put("handoverId", id));
        body.put("step", notice.step().name());
        notice.handoverId().flatMap(handovers::byId).ifPresent(h -> {
            body.put("state", h.state().name());
            h.owner().ifPresent(o -> body.put("owner", o.value()));
        });
        ApiResponses.json(exchange, 202, body);
    }

    /** The caller's open handovers: a force's requests, or those an authority was asked. */
    public void list(Exchange exchange) {
        Optional<Organisation> caller = ApiResponses.authenticated(callers, exchange);
        if (caller.isEmpty()) {
            return;
        }
        List<CustodyHandovers.Handover> open = caller.get().type() == OrganisationType.POLICE_FORCE
                ? handovers.openOfForce(new PoliceForceCode(caller.get().code()))
                : handovers.openAskedOf(DfeLaCode.parse(caller.get().code()));
        List<Map<String, Object>> listed = open.stream().map(h -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("handoverId", h.handoverId());
            m.put("force", h.force().value());
            m.put("custodyReference", h.custodyReference());
            m.put("state", h.state().name());
            m.put("requestedAt", h.requestedAt().toString());
            m.put("suiteAuthority", h.suiteAuthority().value());
            h.responsibleAuthority().ifPresent(r -> m.put("responsibleAuthority", r.value()));
            m.put("accommodationRequested", h.accommodationRequested());
            h.owner().ifPresent(o -> m.put("owner", o.value()));
            h.decision().ifPresent(d -> m.put("decision", d));
            timers.deadlinesOf(h.handoverId()).ifPresent(d -> m.put("deadlines", deadlines(d)));
            return m;
        }).toList();
        ApiResponses.json(exchange, 200, Map.of("handovers", listed));
    }

    public void schema(Exchange exchange) {
        ApiResponses.bytes(exchange, 200, "application/schema+json", PlacementJsonIntake.resource(SCHEMA_RESOURCE));
    }

    /** The handover the path names, or null when it is unknown (404 written). */
    private String handoverIdOf(Exchange exchange) {
        String id = exchange.getMessage().getHeader("handoverId", String.class);
        if (id == null || handovers.byId(id).isEmpty()) {
            ApiResponses.refuse(exchange, 404, "Not found", "no custody handover has this id", Map.of("rule",
                    "handover.unknown"));
            return null;
        }
        return id;
    }

    private static Map<String, Object> deadlines(HandoverTimers.Deadlines d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("acknowledgeBy", d.acknowledgeBy().toString());
        m.put("answerBy", d.answerBy().toString());
        d.collectBy().ifPresent(c -> m.put("collectBy", c.toString()));
        return m;
    }

    private static JsonIntakeResult intake(MissingReadResult<CustodyHandoverNotice> read) {
        if (read instanceof MissingReadResult.Refused<CustodyHandoverNotice> refused) {
            return new JsonIntakeResult.Refused(refused.violations().stream().map(Violation::of).toList());
        }
        return new JsonIntakeResult.Accepted(((MissingReadResult.Accepted<CustodyHandoverNotice>) read).notice());
    }

    private static byte[] bytes(byte[] body) {
        return body == null ? new byte[0] : body;
    }
}
