package org.bridgeway.adapters.ssda903;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A return read on a day is judged against the collection year running that day (1 April to 31 March). */
class ReturnPeriodTest {

    @ParameterizedTest
    @CsvSource({"2025-01-15, 2025-03-31", "2025-03-31, 2025-03-31", "2025-04-01, 2026-03-31",
            "2025-06-30, 2026-03-31", "2024-02-29, 2024-03-31"})
    void theRunningCollectionYearEndsOnTheFirst31MarchOnOrAfterToday(LocalDate today, LocalDate yearEnd) {
        ReturnPeriod period = ReturnPeriod.asOf(today);
        assertThat(period.collectionYearEnd()).isEqualTo(yearEnd);
        assertThat(period.today()).isEqualTo(today);
    }
}
