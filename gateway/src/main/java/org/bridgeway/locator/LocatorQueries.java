package org.bridgeway.locator;

import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.bridgeway.audit.AuditEvent;
import org.bridgeway.audit.AuditEventType;
import org.bridgeway.audit.AuditLog;
import org.bridgeway.audit.SameTransaction;
import org.bridgeway.locator.LocatorKeys.Key;
import org.bridgeway.locator.ResponsibleAuthorityLocator.ChildKeys;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.OrganisationType;
import org.bridgeway.store.TimeOrderedIds;

/**
 * A person's or system's query of the locator: limited per caller ({@link LocatorLimits}), matched exactly
 * ({@link LocatorIndex#find}), and audited as one entry whatever the answer. A match also writes, in the same audit
 * transaction, the access row from which {@link LocatorAccessRelay} raises the responsible authority's access notice:
 * the query never waits for the pipeline, and a crash after the answer loses no notice.
 */
public final class LocatorQueries {
    /** Who asks: the organisation, and the person (or system) as the caller's token or certificate names them. */
    public record Asker(Organisation organisation, String person) {
        public Asker {
            Objects.requireNonNull(organisation, "organisation");
            Objects.requireNonNull(person, "person");
        }

        /** What the limits count by: one person of one organisation, or one system. */
        String limitKey() {
            return organisation.id() + "|" + person;
        }
    }

    /** The answer to a query. */
    public sealed interface Answer {
        /** The query's id: the exchange id of its audit entry. */
        String queryId();
    }

    /** The one child the keys name, and the entry that answered. */
    public record Known(String queryId, LocatorIndex.Stored entry, LocatorKeys.Kind keyUsed) implements Answer {
    }

    /** No child, or not exactly one: nothing else is said. */
    public record Unknown(String queryId) implements Answer {
    }

    /** Refused by a rule ({@link LocatorLimits#RATE_LIMITED}, {@link LocatorLimits#PROBING}); nothing was looked up. */
    public record Refused(String queryId, String rule, Duration retryAfter) implements Answer {
    }

    private final LocatorIndex index;
    private final LocatorKeys keys;
    private final LocatorLimits limits;
    private final AuditLog auditLog;
    private final Clock clock;

    public LocatorQueries(LocatorIndex index, LocatorKeys keys, LocatorLimits limits, AuditLog auditLog,
                          Clock clock) {
        this.index = index;
        this.keys = keys;
        this.limits = limits;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    /**
     * Asks the locator for the child {@code child} names, for {@code purpose} under {@code caseReference}
     * (both checked by the caller of this method).
     */
    public Answer ask(Asker asker, String purpose, String caseReference, ChildKeys child) {
        String queryId = "LQ-" + TimeOrderedIds.next();
        String caseDigest = keys.digestOf("case-reference", caseReference);
        LocatorLimits.Verdict allowed = limits.ask(asker.limitKey());
        if (!allowed.allowed()) {
            if (allowed.firstOfSpell()) {
                auditLog.append(refusal(queryId, asker, purpose, caseDigest, allowed));
            }
            return new Refused(queryId, allowed.refusedBy(), allowed.retryAfter());
        }
        Optional<Key> nhs = keys.nhsKey(child);
        Optional<Key> demographic = keys.demographicKey(child);
        Instant now = clock.instant();
        LocatorIndex.Match match = index.find(nhs, demographic, now);
        LocatorLimits.Verdict probing = limits.answered(asker.limitKey(), match.entry().isPresent());

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("purpose", purpose);
        details.put("caseReferenceDigest", caseDigest);
        details.put("person", asker.person());
        details.put("keysGiven", (nhs.isPresent() ? "NHS_NUMBER" : "")
                + (nhs.isPresent() && demographic.isPresent() ? "," : "")
                + (demographic.isPresent() ? "NAME_BIRTH_POSTCODE" : ""));
        match.keyUsed().ifPresent(k -> details.put("keyUsed", k.name()));
        details.put("known", match.entry().isPresent());
        match.entry().ifPresent(e -> details.put("entryId", e.entryId()));
        String subject = match.entry().map(e -> new Organisation(OrganisationType.LOCAL_AUTHORITY,
                e.entry().responsibleAuthority().value(), null).id()).orElse(null);
        List<AuditEvent> events = new ArrayList<>();
        events.add(new AuditEvent(AuditEventType.LOCATOR_QUERIED, queryId, asker.organisation().id(), subject,
                details));
        if (!probing.allowed()) {
            events.add(refusal(queryId, asker, purpose, caseDigest, probing));
        }
        SameTransaction access = match.entry().<SameTransaction>map(e -> c -> {
            // what the notice says of the entry, as read now: the relay must not depend on the entry still existing
            try (PreparedStatement s = c.prepareStatement("INSERT INTO locator_access (access_id, entry_id,"
                    + " entry_source, involvement, started_on, responsible_authority, host_authority, asked_by,"
                    + " asked_by_person, purpose, case_reference, asked_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, queryId);
                s.setString(2, e.entryId());
                s.setString(3, e.entry().source());
                s.setString(4, e.entry().involvement().name());
                s.setDate(5, Date.valueOf(e.entry().startedOn()));
                s.setString(6, e.entry().responsibleAuthority().value());
                s.setString(7, e.entry().hostAuthority().map(DfeLaCode::value).orElse(null));
                s.setString(8, asker.organisation().id());
                s.setString(9, asker.person());
                s.setString(10, purpose);
                s.setString(11, caseReference);
                s.setTimestamp(12, Timestamp.from(now));
                s.executeUpdate();
            }
        }).orElse(SameTransaction.NOTHING);
        auditLog.append(events, access);
        return match.entry().<Answer>map(e -> new Known(queryId, e, match.keyUsed().orElseThrow()))
                .orElseGet(() -> new Unknown(queryId));
    }

    /** A refusal's rule in words, for the 429's detail. */
    public static String describe(String rule) {
        return LocatorLimits.PROBING.equals(rule)
                ? "too many queries from this caller matched no child: further queries are refused for a while"
                : "too many queries from this caller: ask again after the Retry-After seconds";
    }

    private static AuditEvent refusal(String queryId, Asker asker, String purpose, String caseDigest,
                                      LocatorLimits.Verdict verdict) {
        return new AuditEvent(AuditEventType.LOCATOR_REFUSED, queryId, asker.organisation().id(), null,
                Map.of("rule", verdict.refusedBy(), "purpose", purpose, "caseReferenceDigest", caseDigest,
                        "person", asker.person(), "retryAfterSeconds", verdict.retryAfter().toSeconds()));
    }
}
