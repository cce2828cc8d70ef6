package org.bridgeway.pipeline;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.bridgeway.adapters.Digests;
import org.bridgeway.audit.KeyedDigest;
import org.bridgeway.model.ChildIdentity;
import org.bridgeway.model.EpisodeUpdate;
import org.bridgeway.model.MissingEpisodeNotice;
import org.bridgeway.model.RiskLevel;
import org.bridgeway.policy.RepeatedMissingPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The repeated-missing watch: recognises a child missing often (several episodes within a rolling window), for long
 * (longer than a number of hours, until found or so far) or at high risk, across agencies, and puts a
 * strategy-discussion prompt on the missing-episode notice that first completes such a pattern for its episode
 * ({@code episode.strategyDiscussionPrompt}, e.g. "3 episodes in 30 days; missing 26 hours"), for the policy to
 * permit to the responsible authority and the police. Later updates of the same episode do not carry it again; the
 * same notice sent again (a retry after a failure) does, and is not counted twice.
 *
 * <p>The watch decides from what it reads, before the policy, and remembers the update only with the notice's audit
 * entries, in their transaction ({@link Dispatch#withWrite}): a notice refused or failed later leaves nothing, and
 * the watch adds no transaction (nor a wait for the embedded database's one writer) of its own. There the decision is
 * confirmed under the episode's row locks; every acceptance takes the audit log's sequencer in turn, so another
 * notice of the same child accepted in between, through any gateway node, is seen, and a decision it outdated (a
 * pattern it completed, an episode prompt it carried) refuses the append: the notice goes through the pipeline again
 * ({@link StepOutdated}).
 *
 * <p>The child is matched by <em>match keys</em> ({@link ChildMatchKeys}): HMAC-SHA256, under a key the gateway
 * keeps in its {@code keys/} folder ({@value #KEY_FILE}), of the NHS number; of the family name, given name and date
 * of birth; and of the responsible authority with its own child id, as far as the notice has them. A force that
 * knows the child by name and a council that knows them by its id and name are thereby matched; a police report by
 * name only and a council report by id only are not. Never a register of children: no name, NHS number or date of
 * birth is stored, and without the key a match key cannot be tied to a child.
 *
 * <p>Only what the watch needs is remembered (match key; the episode, as the SHA-256 of its first report's idempotency
 * key, since a report passes the watch before the gateway has recorded its episode id; start, end, risk grade; and
 * the SHA-256 of the idempotency key of the notice that carried the prompt), each row until {@link RepeatedMissingPolicy#retentionDays()}
 * after the episode's last update. Expired rows are deleted as the watch is used and never counted. The thresholds
 * are policy data: {@code policies/early-warnings/repeated-missing.yaml}.
 */
public final class RepeatedMissingWatch implements ExchangeStep {
    private static final Logger LOG = LoggerFactory.getLogger(RepeatedMissingWatch.class);
    public static final String KEY_FILE = "missing-match.key";
    private static final String READ_EPISODE = "SELECT match_key, risk_level, prompted_by FROM missing_watch"
            + " WHERE episode_key = ? ORDER BY match_key";
    private static final String LOCK_EPISODE = READ_EPISODE + " FOR UPDATE";
    /** The risk column of an episode no update has graded yet. */
    private static final String UNGRADED = "UNGRADED";

    private final DataSource dataSource;
    private final KeyedDigest matchKeys;
    private final RepeatedMissingPolicy thresholds;
    private final Clock clock;
    private final ExpirySweep expiry;
    private final Reports reports;

    /**
     * Which report an episode began with: the idempotency key of its first report, by the gateway's episode id
     * (the episode store's {@code reportKey}). A report passes the watch before its episode is recorded, and carries
     * no episode id (the gateway assigns it in the report's audit transaction), so the watch knows an episode by its
     * report, and an update by the report of the episode it names.
     */
    @FunctionalInterface
    public interface Reports {
        Optional<String> reportKeyOf(String episodeId);
    }

    public RepeatedMissingWatch(DataSource dataSource, KeyedDigest matchKeys, RepeatedMissingPolicy thresholds,
                                Reports reports, Clock clock) {
        this.dataSource = dataSource;
        this.matchKeys = matchKeys;
        this.thresholds = thresholds;
        this.reports = reports;
        this.clock = clock;
        this.expiry = new ExpirySweep(dataSource, "missing_watch", "missing episode(s)");
    }

    /**
     * One update of an episode as the watch sees it.
     *
     * @param idempotencyKey the notice's idempotency key: the same update sent again has the same
     * @param episodeKey     the episode, as the SHA-256 of the idempotency key of its first report
     * @param matchKeys      the child's match keys (at least one)
     * @param riskLevel      the grade's code, when the update has one (a council's report may not)
     * @param asOf           when the sender made the update: an open episode has lasted until then "so far" (not
     *                       until the gateway saw it, which for an update held for its report may be much later)
     */
    record Observed(String idempotencyKey, String episodeKey, List<String> matchKeys, Instant start,
                    Optional<Instant> end, Optional<String> riskLevel, Instant asOf) {
        Observed {
            Objects.requireNonNull(idempotencyKey, "idempotencyKey");
            Objects.requireNonNull(episodeKey, "episodeKey");
            matchKeys = List.copyOf(matchKeys);
            if (matchKeys.isEmpty()) {
                throw new IllegalArgumentException("an episode is watched under at least one match key");
            }
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            Objects.requireNonNull(riskLevel, "riskLevel");
            Objects.requireNonNull(asOf, "asOf");
        }
    }

    /** What the watch found for one child when an update came. */
    record Pattern(int episodes, Duration missingFor, boolean stillMissing, Optional<String> riskLevel) {
        /** The prompt in words, naming every threshold met; empty when none is. */
        Optional<String> describe(RepeatedMissingPolicy t) {
            List<String> met = new ArrayList<>();
            if (episodes >= t.episodes()) {
                met.add(episodes + " episodes in " + t.windowDays() + " days");
            }
            if (missingFor.compareTo(Duration.ofHours(t.longerThanHours())) > 0) {
                met.add("missing " + missingFor.toHours() + " hours" + (stillMissing ? " so far" : ""));
            }
            if (riskLevel.isPresent() && t.meetsRisk(riskLevel.get())) {
                met.add("graded " + riskLevel.get());
            }
            return met.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", met));
        }
    }

    /**
     * What the watch decided for an update from the episode's rows as it read them: the prompt the notice is to
     * carry, and whether it is the first prompt of the episode (to be marked as this notice's).
     */
    record Decision(Optional<String> prompt, boolean firstOfEpisode) {
    }

    /**
     * Decides the prompt the update is to carry, from what is stored, without writing or locking anything: when the
     * episode's child now meets a threshold and no other notice has carried the episode's prompt, or when this same
     * notice carried it before. Only once the notice is accepted are the rows written, and the decision confirmed
     * under their lock ({@link #confirm}).
     */
    Decision decide(Observed update, Instant now) {
        expiry.sweep(now);
        try (Connection c = dataSource.getConnection()) {
            Remembered before = readEpisode(c, update.episodeKey(), false);
            return decide(c, update, Digests.sha256(update.idempotencyKey()), before, now);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the repeated-missing watch's episodes", e);
        }
    }

    /** @param notice the SHA-256 of the update's idempotency key, as {@code prompted_by} names a notice */
    private Decision decide(Connection c, Observed update, String notice, Remembered before, Instant now)
            throws SQLException {
        if (before.promptedBy().isPresent() && !before.promptedBy().get().equals(notice)) {
            return new Decision(Optional.empty(), false);
        }
        Optional<String> prompt = pattern(c, update, before, now).describe(thresholds);
        return new Decision(prompt, prompt.isPresent() && before.promptedBy().isEmpty());
    }

    /**
     * Remembers the update, in the notice's audit transaction: locks the episode's rows, decides again from what
     * they and the child's other episodes hold now, and writes the update only when that is what was decided before
     * the notice was rendered. Another notice of the same child accepted in between (through this gateway node or
     * another) may have completed the pattern or carried the episode's prompt: then nothing is written and
     * {@link StepOutdated} sends the notice through the pipeline again, to be decided afresh.
     */
    void confirm(Connection c, Observed update, Decision decided, Instant now) throws SQLException {
        // updates of one episode through several gateway nodes take its rows one at a time, in one order
        Remembered before = readEpisode(c, update.episodeKey(), true);
        String notice = Digests.sha256(update.idempotencyKey());
        if (!decide(c, update, notice, before, now).equals(decided)) {
            throw new StepOutdated("the repeated-missing watch's episodes of the child changed before the notice "
                    + notice + " was accepted");
        }
        remember(c, update, before, now);
        if (decided.firstOfEpisode()) {
            markPrompted(c, update.episodeKey(), notice);
        }
    }

    /**
     * What the watch held of an episode before this update: the grade under each of its match keys, and the notice
     * that carried its prompt (every row of an episode names the same one).
     */
    private record Remembered(Map<String, String> gradeByMatchKey, Optional<String> promptedBy) {
    }

    /**
     * Reads the episode's rows; locked, what is read stays so until the transaction ends (and the first write or
     * lock of an embedded database's transaction waits for the one that is writing).
     */
    private static Remembered readEpisode(Connection c, String episodeKey, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(lock ? LOCK_EPISODE : READ_EPISODE)) {
            ps.setString(1, episodeKey);
            try (ResultSet rs = ps.executeQuery()) {
                Map<String, String> grades = new HashMap<>();
                String promptedBy = null;
                while (rs.next()) {
                    grades.put(rs.getString(1), rs.getString(2));
                    promptedBy = promptedBy == null ? rs.getString(3) : promptedBy;
                }
                return new Remembered(grades, Optional.ofNullable(promptedBy));
            }
        }
    }

    /**
     * One row per match key of the episode: the update replaces what was known of it; an end or a grade once known
     * stays when a later update does not give one. A match key the episode had no row for gets one.
     */
    private void remember(Connection c, Observed update, Remembered before, Instant now) throws SQLException {
        Timestamp expires = Timestamp.from(now.plus(Duration.ofDays(thresholds.retentionDays())));
        Timestamp end = update.end().map(Timestamp::from).orElse(null);
        try (PreparedStatement change = c.prepareStatement("UPDATE missing_watch SET start_at = ?, "
                + "end_at = COALESCE(?, end_at), risk_level = COALESCE(?, risk_level), expires_at = ? "
                + "WHERE match_key = ? AND episode_key = ?");
             PreparedStatement insert = c.prepareStatement("INSERT INTO missing_watch (match_key, episode_key, "
                     + "start_at, end_at, risk_level, prompted_by, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (String key : update.matchKeys().stream().sorted().toList()) {
                if (before.gradeByMatchKey().containsKey(key)) {
                    change.setTimestamp(1, Timestamp.from(update.start()));
                    change.setTimestamp(2, end);
                    change.setString(3, update.riskLevel().orElse(null));
                    change.setTimestamp(4, expires);
                    change.setString(5, key);
                    change.setString(6, update.episodeKey());
                    change.executeUpdate();
                } else {
                    insert.setString(1, key);
                    insert.setString(2, update.episodeKey());
                    insert.setTimestamp(3, Timestamp.from(update.start()));
                    insert.setTimestamp(4, end);
                    insert.setString(5, update.riskLevel().orElse(UNGRADED));
                    insert.setString(6, before.promptedBy().orElse(null));
                    insert.setTimestamp(7, expires);
                    insert.executeUpdate();
                }
            }
        }
    }

    private static void markPrompted(Connection c, String episodeKey, String notice) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE missing_watch SET prompted_by = ? WHERE episode_key = ?")) {
            ps.setString(1, notice);
            ps.setString(2, episodeKey);
            ps.executeUpdate();
        }
    }

    /**
     * The child's episodes (under any of its match keys) that have not expired and started in the window ending on
     * this episode's start, this one included, and how long this episode has lasted (until its end, or so far).
     */
    private Pattern pattern(Connection c, Observed update, Remembered before, Instant now) throws SQLException {
        String keys = String.join(", ", Collections.nCopies(update.matchKeys().size(), "?"));
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(DISTINCT episode_key) FROM missing_watch "
                + "WHERE match_key IN (" + keys + ") AND episode_key <> ? AND expires_at > ? AND start_at > ? "
                + "AND start_at <= ?")) {
            int i = 1;
            for (String key : update.matchKeys()) {
                ps.setString(i++, key);
            }
            ps.setString(i++, update.episodeKey());
            ps.setTimestamp(i++, Timestamp.from(now));
            ps.setTimestamp(i++, Timestamp.from(update.start().minus(Duration.ofDays(thresholds.windowDays()))));
            ps.setTimestamp(i, Timestamp.from(update.start()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                int episodes = rs.getInt(1) + 1; // and this one, which starts inside the window it ends
                Instant until = update.end().orElse(update.asOf());
                Duration missingFor = until.isBefore(update.start()) ? Duration.ZERO
                        : Duration.between(update.start(), until);
                return new Pattern(episodes, missingFor, update.end().isEmpty(), gradeOf(update, before));
            }
        }
    }

    /** The episode's grade: this update's, or the last an earlier update gave. */
    private static Optional<String> gradeOf(Observed update, Remembered before) {
        if (update.riskLevel().isPresent()) {
            return update.riskLevel();
        }
        String earlier = before.gradeByMatchKey().get(update.matchKeys().get(0));
        return earlier == null || UNGRADED.equals(earlier) ? Optional.empty() : Optional.of(earlier);
    }

    /**
     * Decides the prompt the update is to carry and adds it to the notice; the update is remembered in the notice's
     * audit transaction, where the decision is confirmed. Runs after the episode ledger: a notice it held (an update
     * before its report) is watched when released; a duplicate is not watched again.
     */
    @Override
    public Dispatch apply(Dispatch dispatch) {
        if (!(dispatch.notice() instanceof MissingEpisodeNotice notice) || dispatch.held() || dispatch.duplicate()) {
            return dispatch;
        }
        Optional<String> report = notice.update() == EpisodeUpdate.REPORTED ? Optional.of(notice.idempotencyKey())
                : notice.episodeId().flatMap(reports::reportKeyOf);
        List<String> keys = matchKeys(notice);
        if (report.isEmpty() || keys.isEmpty()) {
            return dispatch;
        }
        Observed update = new Observed(notice.idempotencyKey(), Digests.sha256(report.get()), keys, notice.start(),
                notice.end(), notice.riskLevel().map(RiskLevel::code), notice.updatedAt().toInstant());
        Instant now = clock.instant();
        Decision decided = decide(update, now);
        Dispatch watched = dispatch.withWrite(c -> {
            confirm(c, update, decided, now);
            if (decided.prompt().isPresent()) {
                LOG.info("exchange {}: repeated-missing strategy-discussion prompt raised{}", dispatch.exchangeId(),
                        notice.episodeId().map(id -> " for episode " + id).orElse(" on a report"));
            }
        });
        return decided.prompt().map(p -> watched.withNotice(notice.withStrategyDiscussionPrompt(p))).orElse(watched);
    }

    /**
     * The child's match keys, as far as the notice has the identifiers: the NHS number; family name, given name and
     * date of birth; the responsible authority with its own child id (an id means nothing without its authority).
     */
    List<String> matchKeys(MissingEpisodeNotice notice) {
        ChildIdentity child = notice.child().identity();
        List<String> keys = new ArrayList<>();
        child.nhsNumber().ifPresent(n -> keys.add(matchKeys.of("nhs:" + n.value())));
        if (child.familyName().isPresent() && child.givenName().isPresent() && child.dateOfBirth().isPresent()) {
            keys.add(ChildMatchKeys.ofNameAndBirth(matchKeys, "child", child.familyName().get(),
                    child.givenName().get(), child.dateOfBirth().get()));
        }
        if (child.localId().isPresent() && notice.placingAuthority().isPresent()) {
            keys.add(matchKeys.of("la:" + notice.placingAuthority().get().value() + "|" + child.localId().get()));
        }
        return keys;
    }
}
