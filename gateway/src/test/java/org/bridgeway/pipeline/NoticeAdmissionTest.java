package org.bridgeway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.bridgeway.model.NhsNumber;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.PlacementNotice;
import org.bridgeway.model.Postcode;
import org.bridgeway.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoticeAdmissionTest {
    @TempDir
    Path temp;

    private Database database;
    private NoticeAdmission admission;

    @BeforeEach
    void open() {
        database = Database.embedded(temp);
        admission = new NoticeAdmission(database.dataSource(), Clock.systemUTC());
    }

    @AfterEach
    void close() throws Exception {
        database.close();
    }

    private static PlacementNotice notice(String exchangeId) {
        return new PlacementNotice(exchangeId, Organisation.parseId("local-authority:886"), "key-1",
                new PlacementNotice.Child("KT1", Optional.of(NhsNumber.parse("9990000018")), Optional.empty(),
                        Optional.empty(), Optional.empty(), PlacementNotice.Sex.FEMALE, LocalDate.of(2010, 1, 2),
                        Optional.empty(), Optional.empty()),
                new PlacementNotice.Placement(LocalDate.of(2025, 1, 1), "P", "C2", Optional.empty(), "U4",
                        Optional.empty(), Postcode.parse("M13 9PL"), Organisation.parseId("local-authority:352"),
                        Optional.empty(), Optional.empty()),
                List.of());
    }

    @Test
    void aNoticeStillInFlightIsNotADuplicateYet() {
        Dispatch first = admission.admit(notice("exchange-1"));
        assertThat(first.duplicate()).isFalse();

        assertThatThrownBy(() -> admission.admit(notice("exchange-2")))
                .isInstanceOf(NoticeInProgressException.class).hasMessageContaining("exchange-1");

        admission.delivered(first);
        Dispatch again = admission.admit(notice("exchange-3"));
        assertThat(again.duplicate()).isTrue();
        assertThat(again.exchangeId()).isEqualTo("exchange-1");
    }

    @Test
    void aClaimAbandonedByACrashIsReleasedAtTheNextStartSoTheNoticeCanBeSentAgain() {
        admission.admit(notice("exchange-1"));
        // the process dies here: never delivered, never released

        NoticeAdmission afterRestart = new NoticeAdmission(database.dataSource(), Clock.systemUTC());
        assertThat(afterRestart.releaseAbandonedClaims()).isEqualTo(1);
        Dispatch resent = afterRestart.admit(notice("exchange-2"));
        assertThat(resent.duplicate()).isFalse();
        assertThat(resent.exchangeId()).isEqualTo("exchange-2");
    }

    @Test
    void deliveredClaimsSurviveARestart() {
        admission.delivered(admission.admit(notice("exchange-1")));
        NoticeAdmission afterRestart = new NoticeAdmission(database.dataSource(), Clock.systemUTC());
        assertThat(afterRestart.releaseAbandonedClaims()).isZero();
        assertThat(afterRestart.admit(notice("exchange-2")).duplicate()).isTrue();
    }
}
