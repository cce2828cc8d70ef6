package org.bridgeway.pipeline;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.bridgeway.audit.KeyedDigest;
import org.bridgeway.model.ExclusionCategory;
import org.bridgeway.model.ExclusionNotice;
import org.bridgeway.policy.EarlyWarningPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The early warning of repeated suspensions: recognises a pupil who has had several long suspensions within a
 * rolling window, at one school or several, and puts the warning on the exclusion notice that completes the
 * pattern ({@code exclusion.repeatedSuspensionWarning}), for the policy to permit to whom its agreement says.
 *
 * <p>The pupil is matched by a <em>match key</em>: HMAC-SHA256, under a key the gateway generates and keeps in its
 * {@code keys/} folder ({@value #KEY_FILE}), of the pupil's normalised identifiers. Normally that is the UPN
 * (upper-cased), which stays with a pupil from school to school. A temporary UPN (ending in a letter) is issued by
 * one school and means nothing at another, so for such a pupil the key falls back to the family name, given name
 * (both case- and accent-folded, letters only) and date of birth; a pupil known by a temporary UPN at one school and
 * a permanent one at another is therefore not matched across the two. Without the key, a stored match key cannot be
 * tied to a pupil, nor tested against a guessed UPN.
 *
 * <p>Only suspensions longer than the threshold are remembered, and only what the watch needs (match key, school
 * URN, start date, length in sessions, category), each until its expiry ({@link EarlyWarningPolicy#retentionDays()} after
 * it was recorded). Expired rows are deleted as the watch is used (at most once a minute) and never counted. The
 * thresholds are policy data: {@code policies/early-warnings/repeated-suspensions.yaml}.
 *
 * <p>As the repeated-missing watch does, it decides from what it reads, before the policy, and remembers a
 * suspension only with the notice's audit entries, in their transaction ({@link Dispatch#withWrite}), where the
 * decision is confirmed: a notice refused or failed later leaves nothing, and two suspensions of one pupil accepted
 * at once cannot both miss the pattern.
 */
public final class RepeatedSuspensionWatch implements ExchangeStep {
    private static final Logger LOG = LoggerFactory.getLogger(RepeatedSuspensionWatch.class);
    public static final String KEY_FILE = "suspension-match.key";

    private final DataSource dataSource;
    private final KeyedDigest matchKeys;
    private final EarlyWarningPolicy thresholds;
    private final Clock clock;
    private final ExpirySweep expiry;

    public RepeatedSuspensionWatch(DataSource dataSource, KeyedDigest matchKeys, EarlyWarningPolicy thresholds,
                                   Clock clock) {
        this.dataSource = dataSource;
        this.matchKeys = matchKeys;
        this.thresholds = thresholds;
        this.clock = clock;
        this.expiry = new ExpirySweep(dataSource, "suspension_watch", "suspension(s)");
    }

    /**
     * Decides, from what is stored, whether a long suspension completes a pattern, and adds the warning to the
     * notice; the suspension is remembered with the notice's audit entries, in their transaction, where the decision
     * is confirmed ({@link #confirm}).
     */
    @Override
    public Dispatch apply(Dispatch dispatch) {
        if (!(dispatch.notice() instanceof ExclusionNotice notice)) {
            return dispatch;
        }
        Instant now = clock.instant();
        sweepExpired(now);
        if (!counts(notice)) {
            return dispatch;
        }
        Suspension suspension = suspension(notice, now);
        Optional<String> warning = decide(suspension, now);
        Dispatch watched = dispatch.withWrite(c -> {
            confirm(c, suspension, warning, now);
            if (warning.isPresent()) {
                LOG.info("exchange {}: repeated-suspension early warning raised", dispatch.exchangeId());
            }
        });
        return warning.map(w -> watched.withNotice(notice.withRepeatedSuspensionWarning(w))).orElse(watched);
    }

    /** A long suspension as the watch remembers it. */
    record Suspension(String matchKey, String schoolUrn, LocalDate start, int sessions, String category,
                      Instant expiresAt) {
    }

    private Suspension suspension(ExclusionNotice notice, Instant now) {
        ExclusionNotice.Exclusion e = notice.exclusion();
        return new Suspension(matchKey(notice), notice.school().urn().value(), e.startDate(),
                e.sessions().orElseGet(() -> e.days().orElseThrow().multiply(BigDecimal.valueOf(2)).intValue()),
                e.category().code(), now.plus(Duration.ofDays(thresholds.retentionDays())));
    }

    /** The warning the suspension is to carry, from the pupil's suspensions stored so far, without writing. */
    Optional<String> decide(Suspension suspension, Instant now) {
        try (Connection c = dataSource.getConnection()) {
            return decide(c, suspension, now);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the suspensions for the early warning", e);
        }
    }

    private Optional<String> decide(Connection c, Suspension suspension, Instant now) throws SQLException {
        Pattern pattern = recentSuspensions(c, suspension, now);
        return pattern.suspensions() < thresholds.suspensions() ? Optional.empty()
                : Optional.of(pattern.describe(thresholds));
    }

    /**
     * Remembers the suspension, in the notice's audit transaction, when the pupil's suspensions still give the
     * warning decided before the notice was rendered; another suspension of the pupil accepted in between (every
     * acceptance takes the audit log's sequencer in turn) that changed it refuses the append, and the notice goes
     * through the pipeline again ({@link StepOutdated}). The same suspension again (a retried or corrected notice)
     * is remembered once and counted once.
     */
    void confirm(Connection c, Suspension suspension, Optional<String> decided, Instant now) throws SQLException {
        if (!decide(c, suspension, now).equals(decided)) {
            throw new StepOutdated("the repeated-suspension watch's suspensions of the pupil changed before the "
                    + "notice was accepted");
        }
        try (PreparedStatement known = c.prepareStatement("SELECT 1 FROM suspension_watch "
                + "WHERE match_key = ? AND school_urn = ? AND start_date = ?")) {
            known.setString(1, suspension.matchKey());
            known.setString(2, suspension.schoolUrn());
            known.setDate(3, Date.valueOf(suspension.start()));
            try (ResultSet rs = known.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO suspension_watch "
                + "(match_key, school_urn, start_date, sessions, category, expires_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, suspension.matchKey());
            ps.setString(2, suspension.schoolUrn());
            ps.setDate(3, Date.valueOf(suspension.start()));
            ps.setInt(4, suspension.sessions());
            ps.setString(5, suspension.category());
            ps.setTimestamp(6, Timestamp.from(suspension.expiresAt()));
            ps.executeUpdate();
        }
    }

    /** What the watch found for one pupil in the window. */
    record Pattern(int suspensions, int schools) {
        String describe(EarlyWarningPolicy t) {
            return suspensions + " suspensions of more than " + t.moreThanDays() + " days in " + t.windowDays()
                    + " days, " + (schools == 1 ? "at one school" : "across " + schools + " schools");
        }
    }

    /** A suspension longer than the threshold counts; permanent and lunchtime exclusions are not suspensions. */
    boolean counts(ExclusionNotice notice) {
        ExclusionNotice.Exclusion e = notice.exclusion();
        if (e.category() != ExclusionCategory.SUSPENSION) {
            return false;
        }
        BigDecimal days = e.days().orElseGet(() -> BigDecimal.valueOf(e.sessions().orElse(0)).divide(BigDecimal.valueOf(2)));
        return days.compareTo(BigDecimal.valueOf(thresholds.moreThanDays())) > 0;
    }

    /** The pupil's match key: a keyed hash of the UPN, or of name and date of birth for a temporary UPN. */
    String matchKey(ExclusionNotice notice) {
        ExclusionNotice.Child child = notice.child();
        if (!child.upn().isTemporary()) {
            return matchKeys.of("upn:" + child.upn().value().toUpperCase(Locale.ROOT));
        }
        return ChildMatchKeys.ofNameAndBirth(matchKeys, "pupil", child.familyName(), child.givenName(),
                child.dateOfBirth());
    }

    /**
     * The suspensions of this pupil that have not expired and started in the window ending on this one's start, this
     * one included whether it is stored yet or not.
     */
    private Pattern recentSuspensions(Connection c, Suspension suspension, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT school_urn, start_date FROM suspension_watch "
                + "WHERE match_key = ? AND expires_at > ? AND start_date > ? AND start_date <= ?")) {
            ps.setString(1, suspension.matchKey());
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setDate(3, Date.valueOf(suspension.start().minusDays(thresholds.windowDays())));
            ps.setDate(4, Date.valueOf(suspension.start()));
            int count = 1;
            Set<String> schools = new HashSet<>(Set.of(suspension.schoolUrn()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    boolean thisOne = rs.getString(1).equals(suspension.schoolUrn())
                            && rs.getDate(2).toLocalDate().equals(suspension.start());
                    if (!thisOne) {
                        count++;
                        schools.add(rs.getString(1));
                    }
                }
            }
            return new Pattern(count, schools.size());
        }
    }

    /** Forgets every suspension whose retention has run out; at most once a minute, as the watch is used. */
    void sweepExpired(Instant now) {
        expiry.sweep(now);
    }
}
