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
import java.util.ArrayList;
import java.util.List;
import org.bridgeway.adapters.Digests;
import org.bridgeway.audit.KeyedDigest;
import org.bridgeway.model.ExclusionNotice;
import org.bridgeway.model.ExclusionReason;
import org.bridgeway.policy.EarlyWarningPolicy;
import org.bridgeway.policy.PolicyLoadException;
import org.bridgeway.store.Database;
import org.bridgeway.testing.AdjustableClock;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.SyntheticExclusions;
import org.bridgeway.testing.SyntheticExclusions.Pupil;
import org.bridgeway.testing.StepWrites;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repeated-suspension early warning, against a real (H2) database with the gateway's migrations and the
 * shipped thresholds (3 suspensions of more than 3 days within 90 days, remembered for 120 days), on a clock the
 * test moves.
 */
class RepeatedSuspensionWatchTest {
    private static final EarlyWarningPolicy THRESHOLDS = EarlyWarningPolicy.repeatedSuspensions(
            GatewayFixture.projectRoot().resolve("policies").resolve("early-warnings"));
    private static final Pupil JAYDEN = new Pupil("878400119050", null, "Jayden", "Fictionby", LocalDate.of(2011, 8, 12));
    private static final Pupil OTHER = new Pupil("878400119060", null, "Robin", "Otherwell", LocalDate.of(2011, 3, 2));
    private static final LocalDate SEPT = LocalDate.of(2025, 9, 15);
    /** More than 3 days: 8 sessions are 4 days. */
    private static final int LONG = 8;

    @TempDir
    Path data;
    private Database database;
    private AdjustableClock clock;
    private RepeatedSuspensionWatch watch;

    @BeforeEach
    void open() {
        database = Database.embedded(data.resolve("db"));
        clock = new AdjustableClock(Instant.parse("2025-11-25T10:00:00Z"));
        watch = new RepeatedSuspensionWatch(database.dataSource(), KeyedDigest.loadOrCreate(data.resolve("keys"),
                RepeatedSuspensionWatch.KEY_FILE), THRESHOLDS, clock);
    }

    @AfterEach
    void close() throws Exception {
        database.close();
    }

    @Test
    void theShippedThresholdsAreThoseTheAgreementDescribes() {
        assertThat(THRESHOLDS.suspensions()).isEqualTo(3);
        assertThat(THRESHOLDS.moreThanDays()).isEqualTo(3);
        assertThat(THRESHOLDS.windowDays()).isEqualTo(90);
        assertThat(THRESHOLDS.retentionDays()).isGreaterThanOrEqualTo(THRESHOLDS.windowDays());
        assertThat(THRESHOLDS.agreement()).isEqualTo("ISA-EX-2026");
    }

    @Test
    void invalidThresholdsAreRefusedNamingTheFileAndField() throws Exception {
        Path dir = Files.createDirectories(data.resolve("early-warnings"));
        Path file = dir.resolve(EarlyWarningPolicy.REPEATED_SUSPENSIONS_FILE);
        String valid = Files.readString(GatewayFixture.projectRoot()
                .resolve("policies/early-warnings").resolve(EarlyWarningPolicy.REPEATED_SUSPENSIONS_FILE));

        Files.writeString(file, valid.replace("retentionDays: 120", "retentionDays: 30"));
        assertThat(catchThrowableOfType(PolicyLoadException.class,
                () -> EarlyWarningPolicy.repeatedSuspensions(dir)))
                .satisfies(e -> {
                    assertThat(e.field()).isEqualTo("$.retentionDays");
                    assertThat(e.getMessage()).contains(EarlyWarningPolicy.REPEATED_SUSPENSIONS_FILE)
                            .contains("must be at least windowDays");
                });
        Files.writeString(file, valid.replace("suspensions: 3", "suspensions: three"));
        assertThat(catchThrowableOfType(PolicyLoadException.class,
                () -> EarlyWarningPolicy.repeatedSuspensions(dir)).field()).isEqualTo("$.suspensions");
        Files.writeString(file, valid + "windowWeeks: 13\n");
        assertThat(catchThrowableOfType(PolicyLoadException.class,
                () -> EarlyWarningPolicy.repeatedSuspensions(dir)).field()).isEqualTo("$.windowWeeks");
    }

    @Test
    void theThirdLongSuspensionWithinTheWindowCarriesTheWarningAndTheSecondDoesNot() {
        assertThat(warning(suspension(SyntheticExclusions.EXMOOR_VALE, JAYDEN, SEPT, LONG))).isNull();
        assertThat(warning(suspension(SyntheticExclusions.EXMOOR_VALE, JAYDEN, SEPT.plusDays(28), 10))).isNull();

        String third = warning(suspension(SyntheticExclusions.EXMOOR_VALE, JAYDEN, SEPT.plusDays(60), LONG));

        assertThat(third).isEqualTo("3 suspensions of more than 3 days in 90 days, at one school");
        // a fourth in the window still carries it
        assertThat(warning(suspension(SyntheticExclusions.EXMOOR_VALE, JAYDEN, SEPT.plusDays(70), LONG)))
                .isEqualTo("4 suspensions of more than 3 days in 90 days, at one school");
    }

    @Test
    void thePatternIsRecognisedAcrossSchools() {
        warning(suspension(SyntheticExclusions.EXMOOR_VALE, JAYDEN, SEPT, LONG));
        warning(suspension(SyntheticExclusions.EXMOOR_VALE, JAYDEN, SEPT.plusDays(28), LONG));

        assertThat(warning(suspension(SyntheticExclusions.MEDWAY, JAYDEN, SEPT.plusDays(70), LONG)))
                .isEqualTo("3 suspensions of more than 3 days in 90 days, across 2 schools");
    }

    @Test
    void shortSuspensionsOtherPupilsAndOtherKindsOfExclusionDoNotCount() {
        // exactly 3 days is not more than 3 days
        warning(suspension(SyntheticExclusions.EXMOOR_VALE, JAYDEN, SEPT, 6));
        warning(SyntheticExclusions.permanent(SyntheticExclusions.EXMOOR_VALE, JAYDEN, SEPT.plusDays(1),
                ExclusionReason.PD));
        warning(suspension(SyntheticExclusions.EXMOOR_VALE, OTHER, SEPT.plusDays(2), LONG));
        warning(suspension(SyntheticExclusions.EXMOOR_VALE, JAYDEN, SEPT.plusDays(3), LONG));

        assertThat(warning(suspension(SyntheticExclusions.EXMOOR_VALE, JAYDEN, SEPT.plusDays(4), LONG))).isNull();
        assertThat(rows()).hasSize(3);
    }

    @Test
    void suspensionsOutsideTheWindowDoNotCount() {
        warning(suspension(SyntheticExclusions.EXMOOR_VALE, JAYDEN, SEPT, LONG));
        warning(suspension(SyntheticExclusions.EXMOOR_VALE, JAYDEN, SEPT.plusDays(50), LONG));

        // 90 days after the first: the window (the 90 days up to this start) no longer holds it
        assertThat(warning(suspension(SyntheticExclusions.EXMOOR_VALE, JAYDEN, SEPT.plusDays(90), LONG))).isNull();
    }

    @Test
    void twoSuspensionsOfOnePupilDecidedAtOnceCannotBothMissThePattern() {
        warning(suspension(SyntheticExclusions.EXMOOR_VALE, JAYDEN, SEPT, LONG));
        Dispatch second = watch.apply(Dispatch.received(suspension(SyntheticExclusions.EXMOOR_VALE, JAYDEN,
                SEPT.plusDays(20), LONG), clock.instant()));
        Dispatch third = watch.apply(Dispatch.received(suspension(SyntheticExclusions.MEDWAY, JAYDEN,
                SEPT.plusDays(40), LONG), clock.instant()));
        assertThat(((ExclusionNotice) third.notice()).repeatedSuspensionWarning())
                .as("decided before the second was remembered: two suspensions").isEmpty();

        StepWrites.accept(database.dataSource(), second);
        assertThat(catchThrowableOfType(StepOutdated.class, () -> StepWrites.accept(database.dataSource(), third)))
                .as("the second is remembered now: the third completes the pattern").isNotNull();
        assertThat(rows()).hasSize(2);

        assertThat(warning((ExclusionNotice) third.notice())).as("decided again")
                .isEqualTo("3 suspensions of more than 3 days in 90 days, across 2 schools");
    }

    @Test
    void aSuspensionWhoseNoticeIsNotAcceptedIsNotRemembered() {
        warning(suspension(SyntheticExclusions.EXMOOR_VALE, JAYDEN, SEPT, LONG));
        Dispatch decided = watch.apply(Dispatch.received(suspension(SyntheticExclusions.EXMOOR_VALE, JAYDEN,
                SEPT.plusDays(20), LONG), clock.instant()));

        assertThat(decided.writes()).as("its row waits for the notice's audit transaction").hasSize(1);
        assertThat(rows()).hasSize(1);
    }

    @Test
    void theSameSuspensionReportedTwiceIsCountedOnce() {
        warning(suspension(SyntheticExclusions.EXMOOR_VALE, JAYDEN, SEPT, LONG));
        warning(suspension(SyntheticExclusions.EXMOOR_VALE, JAYDEN, SEPT, LONG));

        assertThat(warning(suspension(SyntheticExclusions.EXMOOR_VALE, JAYDEN, SEPT.plusDays(10), LONG))).isNull();
    }

    @Test
    void suspensionsAreForgottenAfterTheRetentionPeriod() {
        warning(suspension(SyntheticExclusions.EXMOOR_VALE, JAYDEN, SEPT, LONG));
        warning(suspension(SyntheticExclusions.EXMOOR_VALE, JAYDEN, SEPT.plusDays(28), LONG));
        assertThat(rows()).hasSize(2);

        clock.advance(Duration.ofDays(THRESHOLDS.retentionDays()).plusMinutes(1));
        // a late report of a third suspension inside the window: the first two are forgotten, so no pattern
        assertThat(warning(suspension(SyntheticExclusions.MEDWAY, JAYDEN, SEPT.plusDays(60), LONG))).isNull();

        assertThat(rows()).as("the expired rows are deleted, only the new one is kept").hasSize(1);
    }

    @Test
    void theStoreHoldsAMatchKeyAndTheAllowedColumnsOnly() throws Exception {
        ExclusionNotice notice = suspension(SyntheticExclusions.EXMOOR_VALE, JAYDEN, SEPT, LONG);
        warning(notice);

        List<List<String>> rows = rows();
        assertThat(rows).hasSize(1);
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM suspension_watch")) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnName(i).toLowerCase());
            }
            assertThat(columns).containsExactly("match_key", "school_urn", "start_date", "sessions", "category",
                    "expires_at");
        }
        String row = String.join("|", rows.get(0));
        assertThat(row).doesNotContain(JAYDEN.upn(), JAYDEN.givenName(), JAYDEN.familyName(),
                JAYDEN.dateOfBirth().toString());
        // the match key is keyed: not a plain hash of the UPN, and another gateway's key gives another match key
        assertThat(rows.get(0).get(0)).matches("[0-9a-f]{64}")
                .isNotEqualTo(Digests.sha256("upn:" + JAYDEN.upn()))
                .isEqualTo(watch.matchKey(notice));
        RepeatedSuspensionWatch elsewhere = new RepeatedSuspensionWatch(database.dataSource(),
                KeyedDigest.loadOrCreate(data.resolve("other-keys"), RepeatedSuspensionWatch.KEY_FILE), THRESHOLDS,
                clock);
        assertThat(elsewhere.matchKey(notice)).isNotEqualTo(watch.matchKey(notice));
    }

    @Test
    void aTemporaryUpnFallsBackToNameAndDateOfBirthFoldedForCaseAndAccents() {
        Pupil temporary = new Pupil("87840011905A", null, "Zoë", "O'Fictionby", LocalDate.of(2011, 8, 12));
        Pupil sameAtAnotherSchool = new Pupil("88640011977B", null, "ZOE", "Ofictionby", LocalDate.of(2011, 8, 12));
        assertThat(watch.matchKey(suspension(SyntheticExclusions.EXMOOR_VALE, temporary, SEPT, LONG)))
                .isEqualTo(watch.matchKey(suspension(SyntheticExclusions.MEDWAY, sameAtAnotherSchool, SEPT, LONG)));
    }

    private static ExclusionNotice suspension(SyntheticExclusions.School school, Pupil pupil, LocalDate start,
                                              int sessions) {
        return SyntheticExclusions.suspension(school, pupil, start, sessions, ExclusionReason.PD);
    }

    /** The warning the watch puts on the notice, or null. */
    private String warning(ExclusionNotice notice) {
        Dispatch out = StepWrites.accept(database.dataSource(), watch.apply(Dispatch.received(notice,
                clock.instant())));
        return ((ExclusionNotice) out.notice()).repeatedSuspensionWarning().orElse(null);
    }

    private List<List<String>> rows() {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM suspension_watch")) {
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
