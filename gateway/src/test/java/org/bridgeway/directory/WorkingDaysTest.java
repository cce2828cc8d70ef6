package org.bridgeway.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.bridgeway.testing.GatewayFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Working days skip weekends and the bank holidays of England and Wales, substitute days included. */
class WorkingDaysTest {
    private static final WorkingDays DAYS = new WorkingDays(BankHolidayCalendar.load(
            GatewayFixture.projectRoot().resolve("policies").resolve("directory")));

    @ParameterizedTest(name = "{0} + {1} working days = {2} ({3})")
    @CsvSource(delimiter = '|', textBlock = """
            2026-03-02 | 5  | 2026-03-09 | a Monday: the next Monday
            2026-03-06 | 1  | 2026-03-09 | a Friday: the weekend skipped
            2026-03-07 | 1  | 2026-03-09 | a Saturday: Monday is the first
            2026-03-31 | 5  | 2026-04-09 | Good Friday and Easter Monday skipped
            2026-12-23 | 5  | 2027-01-04 | Christmas, the Boxing Day substitute and New Year's Day skipped
            2027-12-24 | 2  | 2027-12-30 | both substitute days of Christmas 2027 skipped
            2027-12-31 | 1  | 2028-01-04 | New Year's Day 2028 is observed on Monday 3rd
            2026-05-22 | 1  | 2026-05-26 | the spring bank holiday
            2026-03-04 | 0  | 2026-03-04 | no working days: the same day
            2026-03-02 | 10 | 2026-03-16 | regulation 14's ten
            """)
    void addingWorkingDays(LocalDate from, int count, LocalDate expected, String why) {
        assertThat(DAYS.plus(from, count)).as(why).isEqualTo(expected);
    }

    @ParameterizedTest(name = "after {0} up to {1}: {2} ({3})")
    @CsvSource(delimiter = '|', textBlock = """
            2026-03-02 | 2026-03-02 | 0 | the same day
            2026-03-02 | 2026-02-27 | 0 | earlier
            2026-03-02 | 2026-03-03 | 1 | the next day
            2026-03-06 | 2026-03-08 | 0 | a Friday to the Sunday after
            2026-03-06 | 2026-03-09 | 1 | a Friday to the Monday after
            2026-04-02 | 2026-04-07 | 1 | across Easter
            2026-12-24 | 2027-01-04 | 4 | across Christmas and New Year
            """)
    void countingWorkingDaysBetween(LocalDate from, LocalDate to, int expected, String why) {
        assertThat(DAYS.after(from, to)).as(why).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is read on {1}")
    @CsvSource(textBlock = """
            2026-03-04, 2026-03-04
            2026-03-07, 2026-03-09
            2026-04-03, 2026-04-07
            2026-12-25, 2026-12-29
            """)
    void somethingArrivingOnADayOffIsReadOnTheNextWorkingDay(LocalDate day, LocalDate expected) {
        assertThat(DAYS.onOrAfter(day)).isEqualTo(expected);
    }

    @Test
    void countingAgreesWithWalkingTheDaysOneByOne() {
        LocalDate start = LocalDate.parse("2025-11-03");
        for (int offset = 0; offset < 450; offset += 4) {
            LocalDate from = start.plusDays(offset);
            for (int span = -2; span <= 75; span++) {
                LocalDate to = from.plusDays(span);
                assertThat(DAYS.after(from, to)).as("after %s up to %s", from, to).isEqualTo(walked(from, to));
            }
        }
        LocalDate first = LocalDate.parse("2022-12-31");
        LocalDate last = LocalDate.parse("2028-12-31");
        assertThat(DAYS.after(first, last)).as("the whole calendar").isEqualTo(walked(first, last));
    }

    @Test
    void aSpanTheCalendarDoesNotCoverIsRefusedAtItsFirstUncoveredDay() {
        assertThatThrownBy(() -> DAYS.after(LocalDate.parse("2028-12-20"), LocalDate.parse("2029-01-05")))
                .isInstanceOf(BankHolidayCalendar.OutsideCalendarException.class)
                .hasMessageStartingWith("2029-01-01 is outside");
        assertThatThrownBy(() -> DAYS.after(LocalDate.parse("2022-12-20"), LocalDate.parse("2023-01-05")))
                .isInstanceOf(BankHolidayCalendar.OutsideCalendarException.class)
                .hasMessageStartingWith("2022-12-21 is outside");
    }

    private static int walked(LocalDate from, LocalDate to) {
        int count = 0;
        for (LocalDate day = from.plusDays(1); !day.isAfter(to); day = day.plusDays(1)) {
            if (DAYS.isWorkingDay(day)) {
                count++;
            }
        }
        return count;
    }
}
