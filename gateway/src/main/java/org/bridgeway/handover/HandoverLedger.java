package org.bridgeway.handover;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bridgeway.fault.RuleRefused;
import org.bridgeway.model.CustodyHandoverNotice;
import org.bridgeway.model.CustodyHandoverNotice.AccommodationType;
import org.bridgeway.model.CustodyHandoverNotice.CertificateLimb;
import org.bridgeway.model.CustodyHandoverNotice.HandoverRecord;
import org.bridgeway.model.CustodyHandoverNotice.ResponsibleFoundBy;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.HandoverDecision;
import org.bridgeway.model.HandoverStep;
import org.bridgeway.model.PoliceForceCode;
import org.bridgeway.pipeline.Dispatch;
import org.bridgeway.pipeline.ExchangeStep;
import org.bridgeway.store.TimeOrderedIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The custody-handover exchange's own step: applies each step to the gateway's record of its handover
 * ({@link CustodyHandovers}) and says on the notice what the gateway recorded ({@link HandoverRecord}: who was asked
 * and how, who owns it), so that the recipients, the policy and the audit facts come from the record, never from the
 * sender's say.
 *
 * <ul>
 *   <li>A request opens a handover ({@code CH-} and a time-ordered id) and asks the suite and responsible authorities
 *       ({@link HandoverParties}); its deadlines are scheduled in its transaction ({@link HandoverTimers#requested}).
 *       The same custody record again is a duplicate at admission (its key is the record).</li>
 *   <li>An acknowledgement or answer from an authority that was not asked is refused ({@value #NOT_ASKED}, 403);
 *       any step of a closed handover ({@value CustodyHandovers#CLOSED}, 409).</li>
 *   <li>The first answer owns the handover: the check here answers most losers early, and the conditional write in
 *       the answer's audit transaction settles a true race, refusing the loser's whole append
 *       ({@value CustodyHandovers#ALREADY_ANSWERED}, 409, naming the owner). A secure decision answers only a secure
 *       request ({@value #DECISION_NOT_SECURE}).</li>
 *   <li>Only the requesting force closes ({@value #NOT_REQUESTER}, 403), once; the secure limb of a certificate only
 *       for a secure request ({@value #LIMB_NOT_SECURE}); a certificate records whether an authority failed to
 *       provide: nobody had answered, or the owner had not collected by its deadline.</li>
 * </ul>
 */
public final class HandoverLedger implements ExchangeStep {
    public static final String NOT_ASKED = "handover.notAsked";
    public static final String UNKNOWN = "handover.unknown";
    public static final String NOT_REQUESTER = "handover.notRequester";
    public static final String DECISION_NOT_SECURE = "handover.decision.secure-not-requested";
    public static final String LIMB_NOT_SECURE = "certificate.limb.secure-not-requested";
    public static final String STEP_BEFORE_REQUEST = "handover.stepBeforeRequest";
    public static final String CHANGED = "handover.changed";
    private static final Logger LOG = LoggerFactory.getLogger(HandoverLedger.class);

    private final CustodyHandovers handovers;
    private final HandoverParties parties;
    private final HandoverTimers timers;

    public HandoverLedger(CustodyHandovers handovers, HandoverParties parties, HandoverTimers timers) {
        this.handovers = handovers;
        this.parties = parties;
        this.timers = timers;
    }

    @Override
    public Dispatch apply(Dispatch dispatch) {
        if (!(dispatch.notice() instanceof CustodyHandoverNotice notice)) {
            return dispatch;
        }
        if (notice.step() == HandoverStep.REQUESTED) {
            return request(dispatch, notice);
        }
        CustodyHandovers.Handover handover = notice.handoverId().flatMap(handovers::byId).orElseThrow(() ->
                new RuleRefused(409, UNKNOWN, "no handover has this id"));
        return switch (notice.step()) {
            case ACKNOWLEDGED -> acknowledge(dispatch, notice, handover);
            case ANSWERED -> answer(dispatch, notice, handover);
            default -> close(dispatch, notice, handover);
        };
    }

    private Dispatch request(Dispatch dispatch, CustodyHandoverNotice notice) {
        CustodyHandoverNotice.Request request = notice.request().orElseThrow();
        PoliceForceCode force = notice.force().orElseThrow();
        handovers.byRecord(force, request.custodyReference()).ifPresent(existing -> {
            throw new RuleRefused(409, "handover.duplicate-request", "this custody record's handover was already"
                    + " requested", Map.of("handoverId", existing.handoverId()));
        });
        DfeLaCode suite = parties.suiteAuthority(force, request);
        Instant at = notice.stepAt().toInstant();
        HandoverParties.Responsible responsible = parties.responsible(request, at);
        List<CustodyHandoverNotice.AskedAuthority> asked = parties.asked(suite, responsible.authority());
        String handoverId = CustodyHandoverNotice.HANDOVER_ID_PREFIX + TimeOrderedIds.next();
        CustodyHandovers.Handover handover = new CustodyHandovers.Handover(handoverId, force,
                request.custodyReference(), suite, responsible.authority(), responsible.foundBy().name(),
                request.accommodation().name(), at, Optional.of(request.courtSittingAt().toInstant()),
                CustodyHandovers.State.OPEN, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                dispatch.exchangeId(), asked.stream().map(a -> new CustodyHandovers.Party(a.authority(),
                a.relation(), Optional.empty())).toList());
        HandoverTimers.Requested requested = requested(handover, dispatch.receivedAt());
        LOG.info("exchange {}: custody handover {} requested, {} authorities asked (responsible found by {})",
                dispatch.exchangeId(), handoverId, asked.size(), responsible.foundBy());
        return dispatch.withNotice(notice.withRecord(handoverId, record(handover, Optional.empty())))
                .withWrite(c -> {
                    handovers.insert(c, handover);
                    timers.requested(c, requested);
                });
    }

    private Dispatch acknowledge(Dispatch dispatch, CustodyHandoverNotice notice,
                                 CustodyHandovers.Handover handover) {
        DfeLaCode authority = askedSender(notice, handover);
        if (handover.state().closed()) {
            throw CustodyHandovers.closed();
        }
        Instant at = statedAfterRequest(notice, handover);
        return dispatch.withNotice(notice.withRecord(handover.handoverId(), record(handover, Optional.empty())))
                .withWrite(c -> {
                    handovers.acknowledge(c, handover.handoverId(), authority, at);
                    timers.acknowledged(c, handover.handoverId(), authority, dispatch.receivedAt());
                });
    }

    private Dispatch answer(Dispatch dispatch, CustodyHandoverNotice notice, CustodyHandovers.Handover handover) {
        DfeLaCode authority = askedSender(notice, handover);
        if (handover.state() != CustodyHandovers.State.OPEN) {
            throw CustodyHandovers.refusalOf(handover);
        }
        HandoverDecision decision = notice.answer().orElseThrow().decision();
        if (decision != HandoverDecision.ACCEPT_NON_SECURE
                && !AccommodationType.SECURE.name().equals(handover.accommodationRequested())) {
            throw new RuleRefused(400, DECISION_NOT_SECURE, "secure accommodation was not requested: the answer is"
                    + " ACCEPT_NON_SECURE");
        }
        Instant at = statedAfterRequest(notice, handover);
        CustodyHandovers.Handover owned = handover.answeredBy(authority, decision.name(), at);
        return dispatch.withNotice(notice.withRecord(handover.handoverId(), record(owned, Optional.empty())))
                .withWrite(c -> {
                    handovers.answer(c, handover.handoverId(), authority, decision.name(), at);
                    timers.answered(c, handover.handoverId(), authority, dispatch.receivedAt());
                });
    }

    private Dispatch close(Dispatch dispatch, CustodyHandoverNotice notice, CustodyHandovers.Handover handover) {
        if (!handover.force().value().equals(notice.sender().code())) {
            throw new RuleRefused(403, NOT_REQUESTER, "only the force that requested the handover closes it");
        }
        if (handover.state().closed()) {
            throw CustodyHandovers.closed();
        }
        Instant at = statedAfterRequest(notice, handover);
        Instant receivedAt = dispatch.receivedAt();
        Optional<Boolean> failed = Optional.empty();
        if (notice.step() == HandoverStep.CERTIFIED) {
            CustodyHandoverNotice.Certificate certificate = notice.certificate().orElseThrow();
            if (certificate.limb() == CertificateLimb.NO_SECURE_AND_INADEQUATE
                    && !AccommodationType.SECURE.name().equals(handover.accommodationRequested())) {
                throw new RuleRefused(400, LIMB_NOT_SECURE, "the secure limb is certified only when secure"
                        + " accommodation was requested (and so for a child of 12 or over)");
            }
            failed = Optional.of(authorityFailedToProvide(handover, receivedAt));
        }
        Optional<Boolean> stated = failed;
        CustodyHandovers.State closedAs = CustodyHandovers.State.valueOf(notice.step().name());
        return dispatch.withNotice(notice.withRecord(handover.handoverId(), record(handover, stated)))
                .withWrite(c -> {
                    CustodyHandovers.Handover locked = handovers.lockedOpen(c, handover.handoverId());
                    // the certificate's fact was worked out from an earlier read; an answer accepted since would
                    // make it untrue, so it is worked out again from the row this transaction holds
                    if (stated.isPresent() && stated.get() != authorityFailedToProvide(locked, receivedAt)) {
                        throw new RuleRefused(409, CHANGED, "an authority answered while the certificate was"
                                + " recorded: send the certificate again", Map.of("handoverId",
                                handover.handoverId()));
                    }
                    handovers.close(c, handover.handoverId(), closedAs, at);
                    timers.closed(c, handover.handoverId(), receivedAt);
                });
    }

    /**
     * The step's time as its sender states it, refused when before the request's: an acknowledgement, answer or
     * closure cannot precede what it answers. The deadlines and the Concordat figures use the gateway's own times.
     */
    private static Instant statedAfterRequest(CustodyHandoverNotice notice, CustodyHandovers.Handover handover) {
        Instant at = notice.stepAt().toInstant();
        if (at.isBefore(handover.requestedAt())) {
            throw new RuleRefused(400, STEP_BEFORE_REQUEST, "the step's time is before the request's time",
                    Map.of("handoverId", handover.handoverId(), "requestedAt", handover.requestedAt().toString()));
        }
        return at;
    }

    /**
     * Concordat principle 6: an authority failed to provide when no asked authority had answered by the certificate,
     * or the owner had not collected the child by its collection deadline; the certificate's time is when the gateway
     * received it, as the deadlines are the gateway's.
     */
    private boolean authorityFailedToProvide(CustodyHandovers.Handover handover, Instant certifiedAt) {
        if (handover.state() == CustodyHandovers.State.OPEN) {
            return true;
        }
        return timers.deadlinesOf(handover.handoverId()).flatMap(HandoverTimers.Deadlines::collectBy)
                .map(certifiedAt::isAfter).orElse(false);
    }

    /** The sender as an asked authority; anyone else is refused. */
    private static DfeLaCode askedSender(CustodyHandoverNotice notice, CustodyHandovers.Handover handover) {
        DfeLaCode authority = DfeLaCode.parse(notice.sender().code());
        if (!handover.asked(authority)) {
            throw new RuleRefused(403, NOT_ASKED, "this authority was not asked to accommodate the child",
                    Map.of("handoverId", handover.handoverId()));
        }
        return authority;
    }

    private HandoverRecord record(CustodyHandovers.Handover h, Optional<Boolean> authorityFailed) {
        return new HandoverRecord(h.force(), h.custodyReference(), h.suiteAuthority(), h.responsibleAuthority(),
                ResponsibleFoundBy.valueOf(h.responsibleFoundBy()), AccommodationType.valueOf(h.accommodationRequested()),
                h.parties().stream().map(p -> new CustodyHandoverNotice.AskedAuthority(p.authority(), p.relation(),
                        parties.mailbox(p.authority()))).toList(), h.owner(), authorityFailed);
    }

    /**
     * What the timers are told of a request: its deadlines run from when the gateway received it, never from the time
     * the force states (a backdated request would otherwise be overdue on arrival).
     */
    public static HandoverTimers.Requested requested(CustodyHandovers.Handover h, Instant receivedAt) {
        return new HandoverTimers.Requested(h.handoverId(), h.force(), h.suiteAuthority(), h.responsibleAuthority(),
                h.parties().stream().map(CustodyHandovers.Party::authority).toList(), receivedAt,
                h.courtSittingAt());
    }
}
