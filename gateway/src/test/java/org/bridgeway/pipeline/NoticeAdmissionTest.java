package org.bridgeway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
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

    private void accept(PlacementNotice notice, boolean commit) throws SQLException {
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            admission.recordAccepted(c, notice, Instant.now());
            if (commit) {
                c.commit();
            } else {
                c.rollback();
            }
        }
    }

    @Test
    void aNoticeIsADuplicateOnlyOnceItsAcceptanceIsCommitted() throws SQLException {
        assertThat(admission.admit(notice("exchange-1")).duplicate()).isFalse();
        accept(notice("exchange-1"), false); // the audit transaction failed, or the process died before its commit
        assertThat(admission.admit(notice("exchange-2")).duplicate()).isFalse();

        accept(notice("exchange-2"), true);
        Dispatch again = admission.admit(notice("exchange-3"));
        assertThat(again.duplicate()).isTrue();
        assertThat(again.exchangeId()).isEqualTo("exchange-2");
    }

    @Test
    void theSecondOfTwoRacingAcceptancesIsRefusedAndBecomesADuplicateOfTheFirst() throws SQLException {
        Dispatch racing = admission.admit(notice("exchange-2"));
        accept(notice("exchange-1"), true);

        assertThatThrownBy(() -> accept(notice("exchange-2"), true))
                .isInstanceOf(NoticeAdmission.AlreadyAccepted.class).hasMessageContaining("key-1");
        Dispatch duplicate = admission.duplicateOf(racing);
        assertThat(duplicate.duplicate()).isTrue();
        assertThat(duplicate.exchangeId()).isEqualTo("exchange-1");
    }

    @Test
    void acceptedNoticesSurviveARestart() throws SQLException {
        accept(notice("exchange-1"), true);
        NoticeAdmission afterRestart = new NoticeAdmission(database.dataSource(), Clock.systemUTC());
        assertThat(afterRestart.admit(notice("exchange-2")).exchangeId()).isEqualTo("exchange-1");
    }
}
