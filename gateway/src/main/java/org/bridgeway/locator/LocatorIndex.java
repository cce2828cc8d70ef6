package org.bridgeway.locator;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.bridgeway.audit.AuditUnavailableException;
import org.bridgeway.locator.LocatorKeys.Key;
import org.bridgeway.locator.LocatorKeys.Kind;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.store.TimeOrderedIds;

/**
 * The {@code locator_entry} and {@code locator_key} tables (V45): entries found only by their keyed digests. Writes
 * run on the connection of the audit transaction that records them (a placement notice's, a registration's), so an
 * entry exists exactly when its audit entry does. An entry whose involvement ended longer ago than the retention is
 * never answered, and is swept ({@link #sweep}).
 */
public final class LocatorIndex {
    /** What an entry says, as written. */
    public record Entry(String origin, DfeLaCode responsibleAuthority, Optional<DfeLaCode> hostAuthority,
                        Involvement involvement, LocalDate startedOn, Optional<LocalDate> endedOn, String source,
                        Optional<String> nhsKey) {
        public Entry {
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(responsibleAuthority, "responsibleAuthority");
            Objects.requireNonNull(hostAuthority, "hostAuthority");
            Objects.requireNonNull(involvement, "involvement");
            Objects.requireNonNull(startedOn, "startedOn");
            Objects.requireNonNull(endedOn, "endedOn");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(nhsKey, "nhsKey");
        }
    }

    /** An entry as stored, with its id and when it last changed. */
    public record Stored(String entryId, Entry entry, Instant updatedAt) {
        boolean activeOn(LocalDate day) {
            return entry.endedOn().map(end -> !end.isBefore(day)).orElse(true);
        }
    }

    /** What a lookup found: one child's entry, or nothing (no match, or keys shared by different children). */
    public record Match(Optional<Stored> entry, Optional<Kind> keyUsed) {
        static Match none(Optional<Kind> tried) {
            return new Match(Optional.empty(), tried);
        }
    }

    /** The current involvement first, a looked-after one before a plan, the latest started first. */
    private static Comparator<Stored> preference(LocalDate today) {
        return Comparator.<Stored, Boolean>comparing(s -> !s.activeOn(today))
                .thenComparing(s -> s.entry().involvement())
                .thenComparing(s -> s.entry().startedOn(), Comparator.reverseOrder())
                .thenComparing(Stored::updatedAt, Comparator.reverseOrder());
    }

    private final DataSource dataSource;
    private final Period retention;

    public LocatorIndex(DataSource dataSource, Period retention) {
        this.dataSource = dataSource;
        this.retention = retention;
    }

    public Period retention() {
        return retention;
    }

    /** When an entry that ended on {@code endedOn} stops being answered: the retention after the end of that day. */
    public Instant expiryOf(LocalDate endedOn) {
        return endedOn.plusDays(1).plus(retention).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The entry of {@code origin}, if there is one (expired or not). */
    public Optional<Stored> byOrigin(Connection c, String origin) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT + " WHERE e.origin = ?")) {
            s.setString(1, origin);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(read(r)) : Optional.empty();
            }
        }
    }

    /**
     * Writes the entry of its origin, new or replacing what it said, and adds {@code keys} to those it is found by
     * ({@code replaceKeys}: instead of them). Returns the entry id.
     */
    public String put(Connection c, Entry entry, List<Key> keys, boolean replaceKeys, Instant now)
            throws SQLException {
        Optional<Stored> existing = byOrigin(c, entry.origin());
        String entryId = existing.map(Stored::entryId).orElseGet(() -> "LX-" + TimeOrderedIds.next());
        Timestamp expires = entry.endedOn().map(end -> Timestamp.from(expiryOf(end))).orElse(null);
        if (existing.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO locator_entry (entry_id, origin,"
                    + " responsible_authority, host_authority, involvement, started_on, ended_on, source, nhs_key,"
                    + " expires_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, entryId);
                s.setString(2, entry.origin());
                bind(s, 3, entry, expires, now);
                s.executeUpdate();
            }
        } else {
            try (PreparedStatement s = c.prepareStatement("UPDATE locator_entry SET responsible_authority = ?,"
                    + " host_authority = ?, involvement = ?, started_on = ?, ended_on = ?, source = ?,"
                    + " nhs_key = ?, expires_at = ?, updated_at = ? WHERE entry_id = ?")) {
                bind(s, 1, entry, expires, now);
                s.setString(10, entryId);
                s.executeUpdate();
            }
            if (replaceKeys) {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM locator_key WHERE entry_id = ?")) {
                    s.setString(1, entryId);
                    s.executeUpdate();
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO locator_key (match_key, entry_id, key_kind)"
                + " SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM locator_key WHERE match_key = ? AND entry_id = ?)")) {
            for (Key key : keys) {
                s.setString(1, key.digest());
                s.setString(2, entryId);
                s.setString(3, key.kind().name());
                s.setString(4, key.digest());
                s.setString(5, entryId);
                s.addBatch();
            }
            s.executeBatch();
        }
        return entryId;
    }

    private static void bind(PreparedStatement s, int from, Entry entry, Timestamp expires, Instant now)
            throws SQLException {
        s.setString(from, entry.responsibleAuthority().value());
        s.setString(from + 1, entry.hostAuthority().map(DfeLaCode::value).orElse(null));
        s.setString(from + 2, entry.involvement().name());
        s.setDate(from + 3, Date.valueOf(entry.startedOn()));
        s.setDate(from + 4, entry.endedOn().map(Date::valueOf).orElse(null));
        s.setString(from + 5, entry.source());
        s.setString(from + 6, entry.nhsKey().orElse(null));
        s.setTimestamp(from + 7, expires);
        s.setTimestamp(from + 8, Timestamp.from(now));
    }

    /** Deletes the entry of {@code origin} and its keys; returns its id, or empty when there was none. */
    public Optional<String> remove(Connection c, String origin) throws SQLException {
        Optional<Stored> existing = byOrigin(c, origin);
        if (existing.isPresent()) {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM locator_key WHERE entry_id = ?")) {
                s.setString(1, existing.get().entryId());
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM locator_entry WHERE entry_id = ?")) {
                s.setString(1, existing.get().entryId());
                s.executeUpdate();
            }
        }
        return existing.map(Stored::entryId);
    }

    /**
     * The one child these keys name, at {@code now}: by the NHS number when given and found; else by name, date of
     * birth and postcode together when that finds one entry, or several tied together by one NHS number, and no NHS
     * number other than the one given. Never a partial match: a key is all of its parts or nothing.
     */
    public Match find(Optional<Key> nhs, Optional<Key> demographic, Instant now) {
        Optional<Kind> tried = nhs.isPresent() ? Optional.of(Kind.NHS_NUMBER)
                : demographic.map(Key::kind);
        if (nhs.isEmpty() && demographic.isEmpty()) {
            return Match.none(tried);
        }
        Map<String, Stored> byNhs = new LinkedHashMap<>();
        Map<String, Stored> byDemographic = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(SELECT_KEYED)) {
            s.setString(1, nhs.map(Key::digest).orElse(""));
            s.setString(2, demographic.map(Key::digest).orElse(""));
            s.setTimestamp(3, Timestamp.from(now));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Stored stored = read(r);
                    String matched = r.getString("match_key");
                    if (nhs.isPresent() && matched.equals(nhs.get().digest())) {
                        byNhs.put(stored.entryId(), stored);
                    } else {
                        byDemographic.put(stored.entryId(), stored);
                    }
                }
            }
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot read the locator index", e);
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (!byNhs.isEmpty()) {
            return new Match(byNhs.values().stream().min(preference(today)), Optional.of(Kind.NHS_NUMBER));
        }
        if (byDemographic.isEmpty()) {
            return Match.none(tried);
        }
        if (!oneChild(byDemographic.values(), nhs)) {
            return Match.none(Optional.of(Kind.NAME_BIRTH_POSTCODE));
        }
        return new Match(byDemographic.values().stream().min(preference(today)),
                Optional.of(Kind.NAME_BIRTH_POSTCODE));
    }

    /**
     * Whether the entries a name, birth and postcode key found are surely one child, other than the one an NHS number
     * given names: a single entry, or several all carrying one NHS number. Several without one (placement entries
     * often carry none; two authorities, two sources) may be two children of one name, birth and postcode: ambiguous.
     */
    private static boolean oneChild(Collection<Stored> found, Optional<Key> nhsGiven) {
        List<Optional<String>> nhsKeys = found.stream().map(st -> st.entry().nhsKey()).distinct().toList();
        if (found.size() > 1 && (nhsKeys.size() > 1 || nhsKeys.get(0).isEmpty())) {
            return false;
        }
        return nhsGiven.isEmpty() || nhsKeys.get(0).map(k -> k.equals(nhsGiven.get().digest())).orElse(true);
    }

    /** Deletes the entries no longer answered; returns how many. */
    public int sweep(Instant now) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement keys = c.prepareStatement("DELETE FROM locator_key WHERE entry_id IN"
                    + " (SELECT entry_id FROM locator_entry WHERE expires_at <= ?)");
                 PreparedStatement entries = c.prepareStatement("DELETE FROM locator_entry WHERE expires_at <= ?")) {
                keys.setTimestamp(1, Timestamp.from(now));
                keys.executeUpdate();
                entries.setTimestamp(1, Timestamp.from(now));
                int swept = entries.executeUpdate();
                c.commit();
                return swept;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot sweep the locator index", e);
        }
    }

    private static final String COLUMNS = "e.entry_id, e.origin, e.responsible_authority, e.host_authority,"
            + " e.involvement, e.started_on, e.ended_on, e.source, e.nhs_key, e.updated_at";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM locator_entry e";
    private static final String SELECT_KEYED = "SELECT " + COLUMNS + ", k.match_key FROM locator_key k"
            + " JOIN locator_entry e ON e.entry_id = k.entry_id WHERE k.match_key IN (?, ?)"
            + " AND (e.expires_at IS NULL OR e.expires_at > ?)";

    private static Stored read(ResultSet r) throws SQLException {
        String host = r.getString("host_authority");
        Date ended = r.getDate("ended_on");
        return new Stored(r.getString("entry_id"), new Entry(r.getString("origin"),
                DfeLaCode.parse(r.getString("responsible_authority")),
                Optional.ofNullable(host).map(DfeLaCode::parse), Involvement.valueOf(r.getString("involvement")),
                r.getDate("started_on").toLocalDate(), Optional.ofNullable(ended).map(Date::toLocalDate),
                r.getString("source"), Optional.ofNullable(r.getString("nhs_key"))),
                r.getTimestamp("updated_at").toInstant());
    }
}
