package org.bridgeway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bridgeway.audit.KeyedDigest;
import org.bridgeway.audit.SameTransaction;
import org.bridgeway.model.ChildIdentity;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.EpisodeUpdate;
import org.bridgeway.model.MissingEpisodeNotice;
import org.bridgeway.model.MissingType;
import org.bridgeway.model.NhsNumber;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.OrganisationType;
import org.bridgeway.model.PoliceForceCode;
import org.bridgeway.model.ReportedBy;
import org.bridgeway.model.RiskLevel;
import org.bridgeway.policy.PolicyLoadException;
import org.bridgeway.policy.RepeatedMissingPolicy;
import org.bridgeway.store.Database;
import org.bridgeway.testing.AdjustableClock;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.StepWrites;
import org.bridgeway.workflow.MissingEpisodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repeated-missing watch, against a real (H2) database with the gateway's migrations and the shipped thresholds
 * (3 episodes in 30 days, missing longer than 24 hours, or graded HIGH; remembered for 90 days), on a clock the test
 * moves.
 */
class RepeatedMissingWatchTest {
    private static final RepeatedMissingPolicy THRESHOLDS = RepeatedMissingPolicy.read(
            GatewayFixture.projectRoot().resolve("policies").resolve("early-warnings"));
    private static final Instant MAY = Instant.parse("2026-05-04T18:00:00Z");

    @TempDir
    Path data;
    private Database database;
    private AdjustableClock clock;
    private RepeatedMissingWatch watch;
    private MissingEpisodes episodes;
    private KeyedDigest keys;
    private String byName;
    private String byNhsNumber;
    private int notices;

    @BeforeEach
    void open() {
        database = Database.embedded(data.resolve("db"));
        clock = new AdjustableClock(MAY);
        keys = KeyedDigest.loadOrCreate(data.resolve("keys"), RepeatedMissingWatch.KEY_FILE);
        episodes = new MissingEpisodes(database.dataSource());
        watch = new RepeatedMissingWatch(database.dataSource(), keys, THRESHOLDS,
                id -> episodes.byId(id).map(MissingEpisodes.Episode::reportKey), clock);
        byName = keys.of("child:fictionby|jayden|2011-08-12");
        byNhsNumber = keys.of("nhs:9990000018");
    }

    @AfterEach
    void close() throws Exception {
        database.close();
    }

    @Test
    void theShippedThresholdsAreThoseTheIssueAsksFor() {
        assertThat(THRESHOLDS.episodes()).isEqualTo(3);
        assertThat(THRESHOLDS.windowDays()).isEqualTo(30);
        assertThat(THRESHOLDS.longerThanHours()).isEqualTo(24);
        assertThat(THRESHOLDS.riskAtLeast()).isEqualTo("HIGH");
        assertThat(THRESHOLDS.retentionDays()).isGreaterThanOrEqualTo(THRESHOLDS.windowDays());
        assertThat(THRESHOLDS.agreement()).isEqualTo("ISA-ME-2026");
    }

    @Test
    void invalidThresholdsAreRefusedNamingTheFileAndField() throws Exception {
        Path dir = Files.createDirectories(data.resolve("early-warnings"));
        Path file = dir.resolve(RepeatedMissingPolicy.FILE);
        String valid = Files.readString(GatewayFixture.projectRoot().resolve("policies/early-warnings")
                .resolve(RepeatedMissingPolicy.FILE));

        Files.writeString(file, valid.replace("retentionDays: 90", "retentionDays: 20"));
        assertThat(catchThrowableOfType(PolicyLoadException.class, () -> RepeatedMissingPolicy.read(dir)))
                .satisfies(e -> {
                    assertThat(e.field()).isEqualTo("$.retentionDays");
                    assertThat(e.getMessage()).contains(RepeatedMissingPolicy.FILE).contains("must be at least windowDays");
                });
        Files.writeString(file, valid.replace("riskAtLeast: HIGH", "riskAtLeast: SEVERE"));
        assertThat(catchThrowableOfType(PolicyLoadException.class, () -> RepeatedMissingPolicy.read(dir)))
                .satisfies(e -> {
                    assertThat(e.field()).isEqualTo("$.riskAtLeast");
                    assertThat(e.getMessage()).contains("[LOW, MEDIUM, HIGH]");
                });
        Files.writeString(file, valid.replace("longerThanHours: 24", "longerThanHours: 0"));
        assertThat(catchThrowableOfType(PolicyLoadException.class, () -> RepeatedMissingPolicy.read(dir)).field())
                .isEqualTo("$.longerThanHours");
        Files.writeString(file, valid.replace("episodes: 3", "episodes: three"));
        assertThat(catchThrowableOfType(PolicyLoadException.class, () -> RepeatedMissingPolicy.read(dir)).field())
                .isEqualTo("$.episodes");
        Files.writeString(file, valid.replace("exchangeType: missing-episode", "exchangeType: exclusion-notice"));
        assertThat(catchThrowableOfType(PolicyLoadException.class, () -> RepeatedMissingPolicy.read(dir)).field())
                .isEqualTo("$.exchangeType");
        Files.writeString(file, valid + "windowWeeks: 4\n");
        assertThat(catchThrowableOfType(PolicyLoadException.class, () -> RepeatedMissingPolicy.read(dir)).field())
                .isEqualTo("$.windowWeeks");
    }

    @Test
    void theThirdShortEpisodeWithinThirtyDaysCarriesThePromptAndTheSecondDoesNot() {
        assertThat(found("ME-1", MAY, Duration.ofHours(5), "MEDIUM")).isEmpty();
        assertThat(found("ME-2", MAY.plus(Duration.ofDays(12)), Duration.ofHours(3), "LOW")).isEmpty();

        assertThat(reported("ME-3", MAY.plus(Duration.ofDays(29)), "MEDIUM"))
                .contains("3 episodes in 30 days");
    }

    @Test
    void episodesOutsideTheWindowDoNotCount() {
        found("ME-1", MAY, Duration.ofHours(5), "MEDIUM");
        found("ME-2", MAY.plus(Duration.ofDays(12)), Duration.ofHours(3), "MEDIUM");

        // 30 days after the first: the window (the 30 days up to this start) no longer holds it
        assertThat(reported("ME-3", MAY.plus(Duration.ofDays(30)), "MEDIUM")).isEmpty();
    }

    @Test
    void anEpisodeLongerThan24HoursOrGradedHighPromptsOnItsOwn() {
        Optional<String> reported = reported("ME-1", MAY, "MEDIUM");
        clock.advance(Duration.ofHours(26));
        // still missing, regraded the next evening
        Optional<String> regraded = update("ME-1", MAY, Optional.empty(), "MEDIUM", List.of(byName));

        assertThat(reported).isEmpty();
        assertThat(regraded).contains("missing 26 hours so far");
        assertThat(reported("ME-2", MAY.plus(Duration.ofDays(40)), "HIGH")).contains("graded HIGH");
        assertThat(found("ME-3", MAY.plus(Duration.ofDays(41)), Duration.ofHours(30), "MEDIUM"))
                .contains("missing 30 hours");
    }

    @Test
    void thePromptIsGivenOncePerEpisodeNotOnItsLaterUpdates() {
        found("ME-1", MAY, Duration.ofHours(2), "LOW");
        found("ME-2", MAY.plus(Duration.ofDays(3)), Duration.ofHours(2), "LOW");
        assertThat(reported("ME-3", MAY.plus(Duration.ofDays(6)), "LOW")).contains("3 episodes in 30 days");

        clock.advance(Duration.ofDays(8));
        // found two days later: longer than 24 hours too, but the episode's prompt was given
        assertThat(update("ME-3", MAY.plus(Duration.ofDays(6)), Optional.of(MAY.plus(Duration.ofDays(8))), "HIGH",
                List.of(byName))).isEmpty();
        // a fourth episode is a new episode of the pattern: prompted again
        assertThat(reported("ME-4", MAY.plus(Duration.ofDays(9)), "LOW")).contains("4 episodes in 30 days");
    }

    @Test
    void theSameNoticeSentAgainIsNotCountedTwiceAndCarriesItsPromptAgain() {
        RepeatedMissingWatch.Observed first = observed("retry-1", "ME-1", MAY, Optional.empty(), "LOW", List.of(byName));
        observe(first);
        observe(first);
        observe(observed("retry-2", "ME-1", MAY, Optional.of(MAY.plus(Duration.ofHours(2))), "LOW",
                List.of(byName)));
        assertThat(reported("ME-2", MAY.plus(Duration.ofDays(1)), "LOW")).isEmpty();

        RepeatedMissingWatch.Observed third = observed("retry-3", "ME-3", MAY.plus(Duration.ofDays(2)), Optional.empty(), "LOW",
                List.of(byName));
        assertThat(observe(third)).contains("3 episodes in 30 days");
        // its delivery failed and it is sent again: the same prompt, still three episodes
        assertThat(observe(third)).contains("3 episodes in 30 days");
    }

    @Test
    void theChildIsMatchedAcrossAgenciesByAnyOfItsMatchKeys() {
        // the council knows the child by name and NHS number, the force by name; a health report by NHS number only
        update("ME-1", MAY, Optional.of(MAY.plus(Duration.ofHours(2))), "LOW", List.of(byName, byNhsNumber));
        update("ME-2", MAY.plus(Duration.ofDays(2)), Optional.of(MAY.plus(Duration.ofDays(2)).plusSeconds(3600)),
                "LOW", List.of(byName));

        assertThat(update("ME-3", MAY.plus(Duration.ofDays(4)), Optional.empty(), "LOW", List.of(byNhsNumber)))
                .as("ME-1 shares the NHS number key, ME-2 only the name key: two episodes, no pattern").isEmpty();
        assertThat(update("ME-4", MAY.plus(Duration.ofDays(5)), Optional.empty(), "LOW", List.of(byName)))
                .contains("3 episodes in 30 days");
        assertThat(update("ME-5", MAY.plus(Duration.ofDays(5)), Optional.empty(), "LOW",
                List.of(keys.of("child:otherwell|robin|2011-03-02")))).as("another child").isEmpty();
    }

    @Test
    void episodesAreForgottenAfterTheRetentionPeriod() {
        found("ME-1", MAY, Duration.ofHours(2), "LOW");
        found("ME-2", MAY.plus(Duration.ofDays(1)), Duration.ofHours(2), "LOW");
        assertThat(rows()).hasSize(2);

        clock.advance(Duration.ofDays(THRESHOLDS.retentionDays()).plusMinutes(1));
        // a late report of a third episode inside the window: the first two are forgotten, so no pattern
        Instant third = MAY.plus(Duration.ofDays(2));
        assertThat(update("ME-3", third, Optional.of(third.plusSeconds(3600)), "LOW", List.of(byName))).isEmpty();
        assertThat(rows()).as("the expired rows are deleted, only the new one is kept").hasSize(1);
    }

    @Test
    void twoEpisodesOfOneChildDecidedAtOnceCannotBothMissThePattern() {
        found("ME-1", MAY, Duration.ofHours(2), "LOW");
        RepeatedMissingWatch.Observed second = observed("at-once-2", "ME-2", MAY.plus(Duration.ofDays(1)),
                Optional.empty(), "LOW", List.of(byName));
        RepeatedMissingWatch.Observed third = observed("at-once-3", "ME-3", MAY.plus(Duration.ofDays(2)),
                Optional.empty(), "LOW", List.of(byNhsNumber, byName));
        RepeatedMissingWatch.Decision secondDecided = watch.decide(second, clock.instant());
        RepeatedMissingWatch.Decision thirdDecided = watch.decide(third, clock.instant());
        assertThat(secondDecided.prompt()).isEmpty();
        assertThat(thirdDecided.prompt()).as("decided before the second was remembered: two episodes").isEmpty();

        inTransaction(c -> watch.confirm(c, second, secondDecided, clock.instant()));
        assertThat(catchThrowableOfType(StepOutdated.class,
                () -> inTransaction(c -> watch.confirm(c, third, thirdDecided, clock.instant()))))
                .as("the second is remembered now: the third completes the pattern").isNotNull();
        assertThat(rows()).as("nothing of the outdated third").extracting(r -> r.get(1)).doesNotContain("ME-3");

        assertThat(observe(third)).as("decided again").contains("3 episodes in 30 days");
    }

    @Test
    void twoUpdatesOfOneEpisodeDecidedAtOnceCannotBothCarryItsPrompt() {
        reported("ME-1", MAY, "LOW");
        clock.advance(Duration.ofHours(30));
        RepeatedMissingWatch.Observed regraded = observed("regraded", "ME-1", MAY, Optional.empty(), "MEDIUM",
                List.of(byName));
        RepeatedMissingWatch.Observed seen = observed("seen", "ME-1", MAY, Optional.empty(), "MEDIUM",
                List.of(byName));
        RepeatedMissingWatch.Decision regradedDecided = watch.decide(regraded, clock.instant());
        RepeatedMissingWatch.Decision seenDecided = watch.decide(seen, clock.instant());
        assertThat(regradedDecided.prompt()).contains("missing 30 hours so far");
        assertThat(seenDecided.prompt()).contains("missing 30 hours so far");

        inTransaction(c -> watch.confirm(c, regraded, regradedDecided, clock.instant()));
        assertThat(catchThrowableOfType(StepOutdated.class,
                () -> inTransaction(c -> watch.confirm(c, seen, seenDecided, clock.instant())))).isNotNull();

        assertThat(observe(seen)).as("the episode's prompt was carried by the other update").isEmpty();
    }

    @Test
    void anUpdateWhoseNoticeIsNotAcceptedIsNotRemembered() {
        found("ME-1", MAY, Duration.ofHours(2), "LOW");
        MissingEpisodeNotice refusedLater = report("MP/2", "police:kent", MAY.plus(Duration.ofDays(1)),
                RiskLevel.LOW, policeKnows());
        Dispatch decided = watch.apply(Dispatch.received(refusedLater, clock.instant()));

        assertThat(decided.writes()).as("its rows wait for the notice's audit transaction").hasSize(1);
        assertThat(rows()).hasSize(1);
    }

    @Test
    void theStoreHoldsMatchKeysAndTheAllowedColumnsOnly() throws Exception {
        update("ME-1", MAY, Optional.empty(), "HIGH", List.of(byName, byNhsNumber));

        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM missing_watch")) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnName(i).toLowerCase());
            }
            assertThat(columns).containsExactly("match_key", "episode_key", "start_at", "end_at", "risk_level",
                    "prompted_by", "expires_at");
        }
        List<List<String>> rows = rows();
        assertThat(rows).extracting(r -> r.get(0)).containsExactlyInAnyOrder(byName, byNhsNumber);
        assertThat(rows).allSatisfy(r -> assertThat(String.join("|", r)).doesNotContain("9990000018", "Jayden",
                "jayden", "2011-08-12", "notice-"));
        assertThat(rows.get(0).get(5)).as("the notice that carried the prompt, by digest").matches("[0-9a-f]{64}");
    }

    @Test
    void theReportThatCompletesThePatternCarriesThePromptInWordsAndItsUpdatesDoNot() throws Exception {
        assertThat(prompt(report("MP/1", "police:greater-manchester", MAY, RiskLevel.MEDIUM, policeKnows()))).isNull();
        assertThat(prompt(report("KCC/2", "local-authority:886", MAY.plus(Duration.ofDays(9)), RiskLevel.LOW,
                councilKnows()))).as("the council's report of the same child, by its id, name and NHS number").isNull();
        MissingEpisodeNotice third = report("MP/3", "police:kent", MAY.plus(Duration.ofDays(20)), RiskLevel.LOW,
                policeKnows());

        MissingEpisodeNotice carried = (MissingEpisodeNotice) accepted(watch.apply(Dispatch.received(third,
                clock.instant()))).notice();

        assertThat(carried.strategyDiscussionPrompt()).contains("3 episodes in 30 days");
        assertThat(carried.fields()).containsEntry("episode.strategyDiscussionPrompt", "3 episodes in 30 days");
        // the ledger records the episode under the report's key; its regrade to HIGH names it by the episode id
        recorded("ME-0003", third);
        MissingEpisodeNotice regrade = update("ME-0003", "police:kent", "MP/3", MAY.plus(Duration.ofDays(20)),
                RiskLevel.HIGH, policeKnows());
        assertThat(prompt(regrade)).as("the episode's prompt was given, and it is still three episodes").isNull();
        assertThat(rows()).extracting(r -> r.get(1)).as("one episode, not two").containsOnlyOnce(
                org.bridgeway.adapters.Digests.sha256(third.idempotencyKey()));
        // a held or duplicate notice is not watched
        assertThat(watch.apply(Dispatch.received(regrade, clock.instant()).heldFor("episode.unknown")).notice())
                .isSameAs(regrade);
    }

    @Test
    void theMatchKeysAreKeyedAndFoldNamesForCaseAndAccents() {
        MissingEpisodeNotice police = report("MP/1", "police:greater-manchester", MAY, RiskLevel.LOW, policeKnows());
        MissingEpisodeNotice council = report("KCC/2", "local-authority:886", MAY, RiskLevel.LOW, councilKnows());

        assertThat(watch.matchKeys(police)).hasSize(1).allMatch(k -> k.matches("[0-9a-f]{64}"));
        assertThat(watch.matchKeys(council)).hasSize(3).containsAll(watch.matchKeys(police));
        RepeatedMissingWatch elsewhere = new RepeatedMissingWatch(database.dataSource(),
                KeyedDigest.loadOrCreate(data.resolve("other-keys"), RepeatedMissingWatch.KEY_FILE), THRESHOLDS,
                id -> Optional.empty(), clock);
        assertThat(elsewhere.matchKeys(police)).doesNotContainAnyElementsOf(watch.matchKeys(police));
    }

    /** What a force knows: name and date of birth, spelt its own way. */
    private static ChildIdentity policeKnows() {
        return new ChildIdentity(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("ZOE"),
                Optional.of("O'FICTIONBY"), Optional.of(LocalDate.of(2011, 8, 12)), Optional.empty(), Optional.empty());
    }

    /** What the placing council knows: its own id, the NHS number and the name as registered. */
    private static ChildIdentity councilKnows() {
        return new ChildIdentity(Optional.of("KT25009"), Optional.of(NhsNumber.parse("9990000018")), Optional.empty(),
                Optional.of("Zoë"), Optional.of("O'Fictionby"), Optional.of(LocalDate.of(2011, 8, 12)),
                Optional.empty(), Optional.empty());
    }

    /** A first report of an episode of a looked-after child placed by Kent, under the sender's reference. */
    private MissingEpisodeNotice report(String reference, String sender, Instant start, RiskLevel risk,
                                        ChildIdentity child) {
        return notice(EpisodeUpdate.REPORTED, Optional.empty(), reference, sender, start, risk, child);
    }

    /** A regrade naming its episode by the gateway's id, as a sender does once it has the id. */
    private MissingEpisodeNotice update(String episodeId, String sender, String reference, Instant start,
                                        RiskLevel risk, ChildIdentity child) {
        return notice(EpisodeUpdate.RISK_REGRADED, Optional.of(episodeId), reference, sender, start, risk, child);
    }

    private MissingEpisodeNotice notice(EpisodeUpdate kind, Optional<String> episodeId, String reference,
                                        String sender, Instant start, RiskLevel risk, ChildIdentity child) {
        Organisation from = Organisation.parseId(sender);
        boolean police = from.type() == OrganisationType.POLICE_FORCE;
        OffsetDateTime started = start.atOffset(ZoneOffset.UTC);
        return new MissingEpisodeNotice("bx-" + ++notices, "missing:" + sender + ":" + reference + ":" + kind, from,
                kind, started.plusHours(1), episodeId, police ? ReportedBy.POLICE : ReportedBy.LOCAL_AUTHORITY,
                police ? Optional.of(new PoliceForceCode(from.code())) : Optional.empty(),
                police ? Optional.of(reference) : Optional.empty(),
                police ? Optional.empty() : Optional.of(reference),
                new MissingEpisodeNotice.Child(child, true, Optional.of(new DfeLaCode("886")), Optional.empty()),
                new MissingEpisodeNotice.Episode(MissingType.MISSING, started, Optional.of(risk), Optional.empty(),
                        Optional.of("graded by the duty inspector"), Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.empty()),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The episode as the ledger records it for a report: under the report's idempotency key. */
    private void recorded(String episodeId, MissingEpisodeNotice report) throws Exception {
        MissingEpisodes.Episode episode = new MissingEpisodes.Episode(episodeId, Optional.empty(), "POLICE",
                report.sender().id(), Optional.of(report.sender().code()), report.policeReference(),
                new DfeLaCode("886"), Optional.empty(), Optional.of(report.sender().code()), Optional.empty(),
                Optional.empty(), MissingEpisodes.State.OPEN, "M", report.start(), Optional.empty(), "LOW",
                Optional.empty(), "0".repeat(64), EpisodeUpdate.REPORTED, report.updatedAt().toInstant(),
                report.idempotencyKey(), "f".repeat(64), report.idempotencyKey(), true);
        try (Connection c = database.dataSource().getConnection()) {
            episodes.insert(c, episode, clock.instant());
        }
    }

    private String prompt(MissingEpisodeNotice notice) {
        return ((MissingEpisodeNotice) accepted(watch.apply(Dispatch.received(notice, clock.instant()))).notice())
                .strategyDiscussionPrompt().orElse(null);
    }

    // ------------------------------------------------------------------------------------------------------------

    private RepeatedMissingWatch.Observed observed(String idempotencyKey, String episodeKey, Instant start,
                                                   Optional<Instant> end, String risk, List<String> matchKeys) {
        return new RepeatedMissingWatch.Observed(idempotencyKey, episodeKey, matchKeys, start, end,
                Optional.ofNullable(risk), clock.instant());
    }

    private Optional<String> update(String episodeId, Instant start, Optional<Instant> end, String risk,
                                    List<String> matchKeys) {
        return observe(observed("notice-" + ++notices, episodeId, start, end, risk, matchKeys));
    }

    /** The watch's decision on an update, confirmed and remembered as the notice's audit transaction does. */
    private Optional<String> observe(RepeatedMissingWatch.Observed update) {
        RepeatedMissingWatch.Decision decided = watch.decide(update, clock.instant());
        inTransaction(c -> watch.confirm(c, update, decided, clock.instant()));
        return decided.prompt();
    }

    private Dispatch accepted(Dispatch dispatch) {
        return StepWrites.accept(database.dataSource(), dispatch);
    }

    private void inTransaction(SameTransaction work) {
        StepWrites.inTransaction(database.dataSource(), work);
    }

    /** A first report of an episode that has just begun. */
    private Optional<String> reported(String episodeId, Instant start, String risk) {
        return update(episodeId, start, Optional.empty(), risk, List.of(byName));
    }

    /** An episode reported and found after {@code lasting}: the watch's answer to the found update. */
    private Optional<String> found(String episodeId, Instant start, Duration lasting, String risk) {
        reported(episodeId, start, risk);
        return update(episodeId, start, Optional.of(start.plus(lasting)), risk, List.of(byName));
    }

    private List<List<String>> rows() {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM missing_watch")) {
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
