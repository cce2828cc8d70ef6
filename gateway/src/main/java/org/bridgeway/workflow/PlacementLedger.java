package org.bridgeway.workflow;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bridgeway.fault.RuleRefused;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.PlacementEvent;
import org.bridgeway.model.PlacementNotice;
import org.bridgeway.pipeline.Disclosure;
import org.bridgeway.pipeline.Dispatch;
import org.bridgeway.pipeline.ExchangeStep;
import org.bridgeway.pipeline.PlacementRouting;
import org.bridgeway.store.TimeOrderedIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The placement exchange's own step: keeps the gateway's record of the placements it carried
 * ({@link PlacementRecords}), so that a change or end reaches exactly the organisations told of the start.
 *
 * <ul>
 *   <li>A start records the placement with the organisations it was disclosed to (a recipient the policy denied is
 *       not among them). A start of a placement already recorded (the same placement sent by the API and in a
 *       return) records nothing more.</li>
 *   <li>A change closes the child's current placement that started before it, and for a new carer or address in
 *       the same area records the new placement with the organisations the change was disclosed to; a move to
 *       another area records nothing new: the new placement's start does, told to the new area as any start.</li>
 *   <li>An end closes the placement it names by its start date.</li>
 * </ul>
 * A change or end of a placement the gateway never carried is refused ({@code placement.unknown}, 409), as is one of
 * a placement already changed or ended ({@code placement.closed}, 409), and a new carer or address in another area
 * than the placement's ({@code placement.change.area}, 409: that is a move). Every write is made with the notice's
 * audit entries, in their transaction ({@link Dispatch#withDecidedWrite}).
 */
public final class PlacementLedger implements ExchangeStep {
    private static final Logger LOG = LoggerFactory.getLogger(PlacementLedger.class);

    /** Prefix of the gateway's placement ids. */
    public static final String PLACEMENT_ID_PREFIX = "PL-";

    private final PlacementRecords records;
    private final Clock clock;

    public PlacementLedger(PlacementRecords records, Clock clock) {
        this.records = records;
        this.clock = clock;
    }

    @Override
    public Dispatch apply(Dispatch dispatch) {
        if (!(dispatch.notice() instanceof PlacementNotice notice)) {
            return dispatch;
        }
        DfeLaCode placing = DfeLaCode.parse(notice.sender().code());
        String child = notice.child().localId();
        return switch (notice.event()) {
            case STARTED -> started(dispatch, notice, records.find(placing, child, notice.placement().startDate()));
            case CHANGED -> changed(dispatch, notice, records.currentBefore(placing, child,
                    notice.placement().startDate()).orElseThrow(PlacementLedger::unknown));
            case ENDED -> {
                PlacementRecords.Placement ended = records.find(placing, child, notice.placement().startDate())
                        .orElseThrow(PlacementLedger::unknown);
                yield dispatch.withWrite(c -> records.close(c, open(ended), PlacementEvent.ENDED,
                        notice.exchangeId(), clock.instant()));
            }
        };
    }

    /**
     * A start the gateway has not carried begins a placement record. One it has carried, sent again by another
     * channel (the case system after the return, say, now with a risk the return could not show), goes out again and
     * whoever it reaches that the record lacks joins it, so that the change or end reaches them too; while the start
     * of a placement that has since changed or ended is refused, for it would tell every recipient of a placement
     * that is no longer there.
     */
    private Dispatch started(Dispatch dispatch, PlacementNotice notice, Optional<PlacementRecords.Placement> carried) {
        if (carried.isEmpty()) {
            return dispatch.withDecidedWrite((c, decided) -> records.insert(c, begun(decided, notice),
                    clock.instant()));
        }
        PlacementRecords.Placement known = open(carried.get());
        return dispatch.withDecidedWrite((c, decided) -> records.addTold(c, known, told(decided), clock.instant()));
    }

    private Dispatch changed(Dispatch dispatch, PlacementNotice notice, PlacementRecords.Placement previous) {
        boolean moved = notice.lifecycle().isMove();
        DfeLaCode area = DfeLaCode.parse(notice.placement().localAuthority().code());
        if (moved == area.equals(previous.localAuthority())) {
            throw new RuleRefused(409, "placement.change.area", moved
                    ? "a MOVED_AREA change is to another area than the placement's; a new carer or address in the"
                    + " same area is NEW_CARER_OR_ADDRESS"
                    : "a new carer or address is in the placement's own area; a placement in another area is a"
                    + " MOVED_AREA change", Map.of("placementId", previous.placementId()));
        }
        if (moved && !notice.lifecycle().previousLocalAuthority().map(o -> DfeLaCode.parse(o.code()))
                .equals(Optional.of(previous.localAuthority()))) {
            throw new RuleRefused(409, "placement.previousLocalAuthority.mismatch", "placement.previousLocalAuthority"
                    + " is not the area the placement was notified in", Map.of("placementId", previous.placementId()));
        }
        LOG.info("exchange {}: placement {} changed ({})", notice.exchangeId(), previous.placementId(),
                notice.lifecycle().change().orElseThrow());
        Dispatch closing = dispatch.withWrite(c -> records.close(c, previous, PlacementEvent.CHANGED,
                notice.exchangeId(), clock.instant()));
        return moved ? closing
                : closing.withDecidedWrite((c, decided) -> records.insert(c, begun(decided, notice), clock.instant()));
    }

    /** The placement the accepted notice began, with whom it was disclosed to. */
    private static PlacementRecords.Placement begun(Dispatch decided, PlacementNotice notice) {
        return new PlacementRecords.Placement(PLACEMENT_ID_PREFIX + TimeOrderedIds.next(),
                DfeLaCode.parse(notice.sender().code()), notice.child().localId(), notice.placement().startDate(),
                notice.exchangeId(), DfeLaCode.parse(notice.placement().localAuthority().code()), told(decided),
                Optional.empty());
    }

    /** Whom the decided notice is disclosed to, with the relation that chose each agreement entry. */
    private static List<PlacementRouting.Told> told(Dispatch decided) {
        return decided.disclosures().stream().filter(Disclosure::allowed)
                .map(d -> new PlacementRouting.Told(d.recipient().id(), d.recipient().relation())).toList();
    }

    private static PlacementRecords.Placement open(PlacementRecords.Placement p) {
        if (p.closedBy().isPresent()) {
            throw closed();
        }
        return p;
    }

    static RuleRefused unknown() {
        return new RuleRefused(409, "placement.unknown", "the gateway never carried the start of this placement (the"
                + " placing authority, child and start date name none): a change or end goes only to those told of"
                + " its start");
    }

    static RuleRefused closed() {
        return new RuleRefused(409, "placement.closed", "this placement was already changed or ended");
    }

    static RuleRefused alreadyCarried() {
        return new RuleRefused(409, "placement.already-carried", "this placement was recorded meanwhile by another"
                + " notice of its start");
    }
}
