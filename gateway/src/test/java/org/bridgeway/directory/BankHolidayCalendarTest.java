package org.bridgeway.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.bridgeway.directory.BankHolidayCalendar.DayKind;
import org.bridgeway.policy.PolicyLoadException;
import org.bridgeway.testing.GatewayFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shipped calendar is the published one, and a calendar that could mislead a count stops the start. */
class BankHolidayCalendarTest {
    private static final Path SHIPPED = GatewayFixture.projectRoot().resolve("policies").resolve("directory");

    @TempDir
    Path dir;

    @Test
    void theShippedCalendarHoldsEightBankHolidaysAYearIncludingSubstituteDays() {
        BankHolidayCalendar calendar = BankHolidayCalendar.load(SHIPPED);

        for (int year = 2025; year <= 2028; year++) {
            int y = year;
            assertThat(calendar.holidays()).filteredOn(d -> d.getYear() == y).as("%s", year).hasSize(8);
        }
        // Boxing Day 2026 is a Saturday, Christmas 2027 a Saturday, New Year's Day 2028 a Saturday
        assertThat(calendar.kindOf(LocalDate.parse("2026-12-28"))).isEqualTo(DayKind.BANK_HOLIDAY);
        assertThat(calendar.kindOf(LocalDate.parse("2027-12-27"))).isEqualTo(DayKind.BANK_HOLIDAY);
        assertThat(calendar.kindOf(LocalDate.parse("2028-01-03"))).isEqualTo(DayKind.BANK_HOLIDAY);
        assertThat(calendar.kindOf(LocalDate.parse("2026-12-26"))).isEqualTo(DayKind.WEEKEND);
        assertThat(calendar.kindOf(LocalDate.parse("2026-12-29"))).isEqualTo(DayKind.WEEKDAY);
        // the earliest years, for returns of 2023-24 and 2024-25: the coronation's one-off holiday among them
        assertThat(calendar.kindOf(LocalDate.parse("2023-05-08"))).isEqualTo(DayKind.BANK_HOLIDAY);
        assertThat(calendar.kindOf(LocalDate.parse("2024-08-26"))).isEqualTo(DayKind.BANK_HOLIDAY);
    }

    @Test
    void aDateOutsideTheYearsCoveredIsRefusedNotGuessed() {
        BankHolidayCalendar calendar = BankHolidayCalendar.load(SHIPPED);

        assertThatThrownBy(() -> calendar.kindOf(LocalDate.parse("2029-01-01")))
                .isInstanceOf(BankHolidayCalendar.OutsideCalendarException.class)
                .hasMessageContaining("covers 2023 to 2028");
        assertThatThrownBy(() -> calendar.kindOf(LocalDate.parse("2022-12-30")))
                .isInstanceOf(BankHolidayCalendar.OutsideCalendarException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a weekend date         | 2026-12-26 | $.holidays[0].date | 2026-12-26 is a saturday
            a date twice           | 2026-12-25 | $.holidays[1].date | 2026-12-25 is listed twice
            a date after the years | 2029-01-01 | $.holidays[0].date | outside the years covered, 2025 to 2028
            not a date             | 2026-02-30 | $.holidays[0].date | does not match bank-holidays.schema.json
            """)
    void aCalendarThatCouldMisleadACountStopsTheStart(String what, String date, String field, String message)
            throws IOException {
        String holidays = "  - {date: \"" + date + "\", title: \"First\"}\n"
                + "  - {date: \"2026-12-25\", title: \"Christmas Day\"}\n";
        Files.writeString(dir.resolve(BankHolidayCalendar.FILE), "division: england-and-wales\n"
                + "source: https://www.gov.uk/bank-holidays\nyears: {from: 2025, to: 2028}\nholidays:\n" + holidays);
        Files.copy(SHIPPED.resolve(BankHolidayCalendar.SCHEMA_FILE), dir.resolve(BankHolidayCalendar.SCHEMA_FILE));

        assertThatThrownBy(() -> BankHolidayCalendar.load(dir))
                .isInstanceOf(PolicyLoadException.class)
                .hasMessageContaining(dir.resolve(BankHolidayCalendar.FILE).toString())
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((PolicyLoadException) e).field()).isEqualTo(field));
    }
}
