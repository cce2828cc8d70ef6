package org.bridgeway.locator;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.bridgeway.locator.ResponsibleAuthorityLocator.ChildKeys;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.PlacementEvent;
import org.bridgeway.model.PlacementNotice;
import org.bridgeway.pipeline.Dispatch;
import org.bridgeway.pipeline.ExchangeStep;

/**
 * The placement exchange's step that fills the locator index, in the notice's own audit transaction
 * ({@link Dispatch#withWrite}): a start makes the child looked after by the placing authority from the placement's
 * start (or keeps the earlier start of an involvement still current), with the placement authority as host when it
 * is another; a change moves the host; an end ends the involvement, from which the entry expires after the
 * retention. The child is found by its NHS number and by its name, date of birth and the home postcode the notices
 * gave (never the placement's), as keyed digests only; the entry is the placing authority's child, by a digest of its local id.
 */
public final class PlacementLocatorFill implements ExchangeStep {
    private final LocatorIndex index;
    private final LocatorKeys keys;
    private final Clock clock;

    public PlacementLocatorFill(LocatorIndex index, LocatorKeys keys, Clock clock) {
        this.index = index;
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public Dispatch apply(Dispatch dispatch) {
        if (!(dispatch.notice() instanceof PlacementNotice notice) || dispatch.duplicate() || dispatch.held()) {
            return dispatch;
        }
        DfeLaCode placing = DfeLaCode.parse(notice.sender().code());
        DfeLaCode placedIn = DfeLaCode.parse(notice.placement().localAuthority().code());
        String origin = "placement:" + placing.value() + ":" + keys.digestOf("child-local-id:" + placing.value(),
                notice.child().localId());
        PlacementNotice.Child child = notice.child();
        ChildKeys childKeys = new ChildKeys(child.nhsNumber(), child.givenName(), child.familyName(),
                Optional.of(child.dateOfBirth()), Optional.empty());
        // never the placement's postcode: a match on it would confirm a guessed placement to the asker (C2)
        List<LocatorKeys.Key> matchKeys = keys.all(childKeys, child.homePostcode().stream().toList());
        Optional<String> nhsKey = child.nhsNumber().map(keys::nhs);
        Optional<DfeLaCode> host = placedIn.equals(placing) ? Optional.empty() : Optional.of(placedIn);
        return dispatch.withWrite(connection -> {
            Optional<LocatorIndex.Stored> existing = index.byOrigin(connection, origin);
            boolean current = existing.filter(s -> s.entry().endedOn().isEmpty()).isPresent();
            LocatorIndex.Entry entry;
            if (notice.event() == PlacementEvent.ENDED) {
                entry = new LocatorIndex.Entry(origin, placing,
                        existing.flatMap(s -> s.entry().hostAuthority()).or(() -> host), Involvement.LOOKED_AFTER,
                        existing.map(s -> s.entry().startedOn()).orElse(notice.placement().startDate()),
                        notice.lifecycle().endDate(), dispatch.exchangeId(), nhsKey.or(() ->
                                existing.flatMap(s -> s.entry().nhsKey())));
            } else {
                // a change, or a start while the child is still looked after (a move's new-area start, a start sent
                // again), keeps the involvement's start; a start after an end begins a new one
                entry = new LocatorIndex.Entry(origin, placing, host, Involvement.LOOKED_AFTER,
                        current ? existing.get().entry().startedOn() : notice.placement().startDate(),
                        Optional.empty(), dispatch.exchangeId(),
                        nhsKey.or(() -> existing.flatMap(s -> s.entry().nhsKey())));
            }
            index.put(connection, entry, matchKeys, false, clock.instant());
        });
    }
}
