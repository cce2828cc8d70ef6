package org.bridgeway.locator;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import javax.sql.DataSource;
import org.bridgeway.audit.AuditUnavailableException;
import org.bridgeway.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How much one caller may ask the locator, across every gateway node on the database: a token bucket per caller (a
 * burst, then a steady rate per minute) and a probing rule (this many unanswered queries within a window and the
 * caller is refused until the window has passed since it tripped). Each caller's standing is a row of
 * {@code locator_limit} (V52), read {@code FOR UPDATE}, changed by {@link CallerLimit}'s arithmetic and written back in
 * one transaction, so that nodes behind a balancer share one bucket and one count per caller. {@link LocatorQueries}
 * audits what it answers. Each verdict says whether it is the first refusal of a spell, so that a caller hammering a
 * refusal is audited once per spell, not once per request.
 *
 * <p>Times are kept to the microsecond, the databases' resolution: the clock is read to the microsecond, and a
 * refusal's end is kept rounded up to it, which gives the same verdicts as its exact end. A caller's row is written
 * when it is first seen (its own statement: on PostgreSQL a failed insert would spoil the transaction it ran in, and
 * another node may insert the same row at the same moment). Rows idle long enough to be as good as fresh are deleted
 * now and then. A database that cannot be used fails the query as the index's reads do
 * ({@link AuditUnavailableException}: 503, try again).
 */
public final class LocatorLimits {
    private static final Logger LOG = LoggerFactory.getLogger(LocatorLimits.class);
    /** How often each node deletes the rows of idle callers, at most (when it is asked). */
    static final Duration PRUNE_EVERY = Duration.ofMinutes(1);
    /** A row pruned between its insert and its lock is inserted again, this many times at most. */
    private static final int ATTEMPTS = 3;
    private static final String COLUMNS = "tokens, refilled_at, miss_window_start, misses, refused_until,"
            + " refused_by, last_seen";

    /** Allowed, or refused by a rule with how long to wait. */
    public record Verdict(String refusedBy, Duration retryAfter, boolean firstOfSpell) {
        static final Verdict ALLOWED = new Verdict(null, Duration.ZERO, false);

        public boolean allowed() {
            return refusedBy == null;
        }
    }

    public static final String RATE_LIMITED = "locator.rate-limited";
    public static final String PROBING = "locator.probing";

    private final DataSource dataSource;
    private final LocatorSettings settings;
    private final Clock clock;
    private final AtomicReference<Instant> nextPrune = new AtomicReference<>(Instant.MIN);

    public LocatorLimits(DataSource dataSource, LocatorSettings settings, Clock clock) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.clock = clock;
    }

    /** Whether {@code caller} may ask now; an allowed query takes one token. */
    public Verdict ask(String caller) {
        pruneIfDue();
        return apply(caller, (standing, now) -> standing.ask(settings, now));
    }

    /**
     * Counts an answered query's result; returns the probing refusal when this miss trips the rule (its first
     * refusal: the caller's later queries are refused without counting).
     */
    public Verdict answered(String caller, boolean known) {
        if (known) {
            return Verdict.ALLOWED;
        }
        return apply(caller, (standing, now) -> standing.missed(settings, now));
    }

    /** Applies {@code rule} to the caller's standing under its row's lock, at the time read once it is held. */
    private Verdict apply(String caller, BiFunction<CallerLimit, Instant, Verdict> rule) {
        try (Connection c = dataSource.getConnection()) {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                c.setAutoCommit(false);
                try {
                    CallerLimit standing = locked(c, caller);
                    if (standing != null) {
                        Verdict verdict = rule.apply(standing, now());
                        write(c, caller, standing);
                        c.commit();
                        return verdict;
                    }
                    c.rollback();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
                c.setAutoCommit(true);
                insertFresh(c, caller);
            }
            throw new SQLException("the locator_limit row of a caller was deleted each time it was inserted", "55000");
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot read or write the locator's limits", e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static CallerLimit locked(Connection c, String caller) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM locator_limit WHERE caller = ?"
                + " FOR UPDATE")) {
            s.setString(1, caller);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return null;
                }
                CallerLimit standing = new CallerLimit();
                standing.tokens = r.getDouble("tokens");
                standing.refilledAt = r.getTimestamp("refilled_at").toInstant();
                standing.missWindowStart = instant(r.getTimestamp("miss_window_start"));
                standing.misses = r.getInt("misses");
                standing.refusedUntil = instant(r.getTimestamp("refused_until"));
                standing.refusedBy = r.getString("refused_by");
                standing.lastSeen = r.getTimestamp("last_seen").toInstant();
                return standing;
            }
        }
    }

    /** A new caller's row, unless another query (on this node or another) has just written it. */
    private void insertFresh(Connection c, String caller) throws SQLException {
        CallerLimit fresh = CallerLimit.fresh(settings, now());
        try (PreparedStatement s = c.prepareStatement("INSERT INTO locator_limit (" + COLUMNS + ", caller)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            bind(s, fresh, caller);
            s.executeUpdate();
        } catch (SQLException e) {
            if (!Database.isConstraintViolation(e)) {
                throw e;
            }
        }
    }

    private static void write(Connection c, String caller, CallerLimit standing) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE locator_limit SET tokens = ?, refilled_at = ?,"
                + " miss_window_start = ?, misses = ?, refused_until = ?, refused_by = ?, last_seen = ?"
                + " WHERE caller = ?")) {
            bind(s, standing, caller);
            s.executeUpdate();
        }
    }

    /** The standing as the columns in {@link #COLUMNS} order, then the caller. */
    private static void bind(PreparedStatement s, CallerLimit standing, String caller) throws SQLException {
        s.setDouble(1, standing.tokens);
        s.setTimestamp(2, Timestamp.from(standing.refilledAt));
        s.setTimestamp(3, timestamp(standing.missWindowStart));
        s.setInt(4, standing.misses);
        s.setTimestamp(5, timestamp(roundedUp(standing.refusedUntil)));
        s.setString(6, standing.refusedBy);
        s.setTimestamp(7, Timestamp.from(standing.lastSeen));
        s.setString(8, caller);
    }

    /**
     * Deletes, at most every {@link #PRUNE_EVERY} on this node, the rows of callers whose standing is as good as fresh
     * ({@link CallerLimit#idle}): forgetting them changes no verdict. A failure is only logged: the query's own
     * statements tell whether the database can be used.
     */
    private void pruneIfDue() {
        Instant now = now();
        Instant due = nextPrune.get();
        if (now.isBefore(due) || !nextPrune.compareAndSet(due, now.plus(PRUNE_EVERY))) {
            return;
        }
        Timestamp idleSince = Timestamp.from(now.minus(CallerLimit.idle(settings)));
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM locator_limit WHERE last_seen <= ?"
                     + " AND refilled_at <= ? AND (refused_until IS NULL OR refused_until <= ?)"
                     + " AND (miss_window_start IS NULL OR miss_window_start <= ?)")) {
            s.setTimestamp(1, idleSince);
            s.setTimestamp(2, idleSince);
            s.setTimestamp(3, Timestamp.from(now));
            s.setTimestamp(4, Timestamp.from(now.minus(settings.probingWindow())));
            int pruned = s.executeUpdate();
            LOG.debug("pruned the locator limits of {} idle callers", pruned);
        } catch (SQLException e) {
            LOG.warn("cannot prune the locator limits of idle callers: {}", e.toString());
        }
    }

    private static Instant roundedUp(Instant t) {
        if (t == null) {
            return null;
        }
        Instant down = t.truncatedTo(ChronoUnit.MICROS);
        return down.equals(t) ? t : down.plus(1, ChronoUnit.MICROS);
    }

    private static Timestamp timestamp(Instant t) {
        return t == null ? null : Timestamp.from(t);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
