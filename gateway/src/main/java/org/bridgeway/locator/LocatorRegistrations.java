package org.bridgeway.locator;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.bridgeway.audit.AppendRefusedException;
import org.bridgeway.audit.AuditEvent;
import org.bridgeway.audit.AuditEventType;
import org.bridgeway.audit.AuditLog;
import org.bridgeway.locator.ResponsibleAuthorityLocator.ChildKeys;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.Postcode;
import org.bridgeway.store.TimeOrderedIds;

/**
 * A local authority's own entries: registered (or changed) and withdrawn under its own reference, each one audit
 * entry (identifiers only: the authority, its reference, the entry id, the kind and whether it is new) written in the
 * same transaction as the index, so that neither exists without the other.
 */
public final class LocatorRegistrations {
    /** What an authority registers: the child's keys are digested here and never kept. */
    public record Registration(DfeLaCode authority, String reference, Involvement involvement, LocalDate startedOn,
                               Optional<LocalDate> endedOn, Optional<DfeLaCode> hostAuthority, ChildKeys child,
                               List<Postcode> postcodes) {
    }

    /** The entry as written; {@code created} when the reference was new (or withdrawn before). */
    public record Registered(String entryId, boolean created, Optional<Instant> expiresAt) {
    }

    private final LocatorIndex index;
    private final LocatorKeys keys;
    private final AuditLog auditLog;
    private final Clock clock;

    public LocatorRegistrations(LocatorIndex index, LocatorKeys keys, AuditLog auditLog, Clock clock) {
        this.index = index;
        this.keys = keys;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    static String origin(DfeLaCode authority, String reference) {
        return "registered:" + authority.value() + ":" + reference;
    }

    /** Registers the entry, or replaces what the same reference said before (its keys too). */
    public Registered register(Registration r) {
        String origin = origin(r.authority(), r.reference());
        LocatorIndex.Entry entry = new LocatorIndex.Entry(origin, r.authority(), r.hostAuthority(), r.involvement(),
                r.startedOn(), r.endedOn(), r.reference(), r.child().nhsNumber().map(keys::nhs));
        List<LocatorKeys.Key> matchKeys = keys.all(r.child(), r.postcodes());
        Instant now = clock.instant();
        AtomicReference<Registered> written = new AtomicReference<>();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reference", r.reference());
        details.put("involvement", r.involvement().name());
        details.put("keys", matchKeys.size());
        String exchangeId = "LR-" + TimeOrderedIds.next();
        auditLog.append(List.of(new AuditEvent(AuditEventType.LOCATOR_REGISTERED, exchangeId,
                authorityId(r.authority()), null, details)), c -> {
            boolean created = index.byOrigin(c, origin).isEmpty();
            String entryId = index.put(c, entry, matchKeys, true, now);
            written.set(new Registered(entryId, created, r.endedOn().map(index::expiryOf)));
        });
        return written.get();
    }

    /** Withdraws the authority's entry under {@code reference}; empty when it has none. */
    public Optional<String> withdraw(DfeLaCode authority, String reference) {
        String origin = origin(authority, reference);
        AtomicReference<Optional<String>> removed = new AtomicReference<>(Optional.empty());
        String exchangeId = "LW-" + TimeOrderedIds.next();
        try {
            auditLog.append(List.of(new AuditEvent(AuditEventType.LOCATOR_WITHDRAWN, exchangeId,
                    authorityId(authority), null, Map.of("reference", reference))), c -> {
                Optional<String> entryId = index.remove(c, origin);
                if (entryId.isEmpty()) {
                    // nothing to withdraw: the append is refused, so nothing is recorded
                    throw new AppendRefusedException("no locator entry under this reference");
                }
                removed.set(entryId);
            });
        } catch (AppendRefusedException nothing) {
            return Optional.empty();
        }
        return removed.get();
    }

    private static String authorityId(DfeLaCode authority) {
        return "local-authority:" + authority.value();
    }
}
