package org.bridgeway.locator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * {@link ResponsibleAuthorityLocator} over the locator index, for the gateway's own use (a custody handover finds the
 * authority to ask): the same exact match as a query ({@link LocatorIndex#find}), without the query's audit entry,
 * limits or access notice, since the exchange that asks records in its own audit entries that it asked and how the
 * authority was found. Only an involvement current at {@code at} locates: one that has ended (a query still shows it
 * until it expires) no longer makes its authority the responsible one.
 */
public final class IndexLocator implements ResponsibleAuthorityLocator {
    private final LocatorIndex index;
    private final LocatorKeys keys;

    public IndexLocator(LocatorIndex index, LocatorKeys keys) {
        this.index = index;
        this.keys = keys;
    }

    @Override
    public Optional<Located> locate(ChildKeys child, Instant at) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        return index.find(keys.nhsKey(child), keys.demographicKey(child), at).entry()
                .filter(stored -> stored.activeOn(day)).map(stored -> {
            LocatorIndex.Entry e = stored.entry();
            return new Located(e.responsibleAuthority(), e.hostAuthority(), e.involvement().name(), e.startedOn(),
                    e.endedOn());
        });
    }
}
