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
import java.util.Set;
import javax.sql.DataSource;
import org.bridgeway.audit.KeyedDigest;
import org.bridgeway.model.ExclusionCategory;
import org.bridgeway.model.ExclusionNotice;
import org.bridgeway.policy.EarlyWarningPolicy;
import org.bridgeway.store.Database;
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

    /** Remembers a long suspension and, when it completes a pattern, adds the warning to the notice. */
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
        String matchKey = matchKey(notice);
        remember(matchKey, notice, now);
        Pattern pattern = recentSuspensions(matchKey, notice.exclusion().startDate(), now);
        if (pattern.suspensions() < thresholds.suspensions()) {
            return dispatch;
        }
        LOG.info("exchange {}: repeated-suspension early warning raised", dispatch.exchangeId());
        return dispatch.withNotice(notice.withRepeatedSuspensionWarning(pattern.describe(thresholds)));
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

    private void remember(String matchKey, ExclusionNotice notice, Instant now) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO suspension_watch "
                     + "(match_key, school_urn, start_date, sessions, category, expires_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ExclusionNotice.Exclusion e = notice.exclusion();
            ps.setString(1, matchKey);
            ps.setString(2, notice.school().urn().value());
            ps.setDate(3, Date.valueOf(e.startDate()));
            ps.setInt(4, e.sessions().orElseGet(() -> e.days().orElseThrow().multiply(BigDecimal.valueOf(2)).intValue()));
            ps.setString(5, e.category().code());
            ps.setTimestamp(6, Timestamp.from(now.plus(Duration.ofDays(thresholds.retentionDays()))));
            ps.executeUpdate();
        } catch (SQLException e) {
            if (!Database.isConstraintViolation(e)) {
                throw new IllegalStateException("cannot record the suspension for the early warning", e);
            }
            // the same suspension again (a retried or corrected notice): remembered once, counted once
        }
    }

    /** The suspensions of this pupil that have not expired and started in the window ending on {@code latest}. */
    private Pattern recentSuspensions(String matchKey, LocalDate latest, Instant now) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT school_urn FROM suspension_watch WHERE match_key = ?"
                     + " AND expires_at > ? AND start_date > ? AND start_date <= ?")) {
            ps.setString(1, matchKey);
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setDate(3, Date.valueOf(latest.minusDays(thresholds.windowDays())));
            ps.setDate(4, Date.valueOf(latest));
            int count = 0;
            Set<String> schools = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    count++;
                    schools.add(rs.getString(1));
                }
            }
            return new Pattern(count, schools.size());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the suspensions for the early warning", e);
        }
    }

    /** Forgets every suspension whose retention has run out; at most once a minute, as the watch is used. */
    void sweepExpired(Instant now) {
        expiry.sweep(now);
    }
}
