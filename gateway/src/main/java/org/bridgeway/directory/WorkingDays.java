package org.bridgeway.directory;

import java.time.LocalDate;
import org.bridgeway.directory.BankHolidayCalendar.DayKind;

/**
 * Working days as the Care Planning, Placement and Case Review (England) Regulations 2010 count them: any day but a
 * Saturday, a Sunday or a bank holiday in England and Wales. Dates outside the calendar's years are refused
 * ({@link BankHolidayCalendar.OutsideCalendarException}).
 */
public final class WorkingDays {
    private final BankHolidayCalendar calendar;

    public WorkingDays(BankHolidayCalendar calendar) {
        this.calendar = calendar;
    }

    public boolean isWorkingDay(LocalDate date) {
        return calendar.kindOf(date) == DayKind.WEEKDAY;
    }

    /** The {@code count}th working day after {@code date} ({@code date} itself not counted): "within 5 working days". */
    public LocalDate plus(LocalDate date, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("a count of working days cannot be negative: " + count);
        }
        LocalDate day = date;
        for (int left = count; left > 0; ) {
            day = day.plusDays(1);
            if (isWorkingDay(day)) {
                left--;
            }
        }
        return day;
    }

    /** {@code date} when it is a working day, else the next working day: when something arriving then is read. */
    public LocalDate onOrAfter(LocalDate date) {
        LocalDate day = date;
        while (!isWorkingDay(day)) {
            day = day.plusDays(1);
        }
        return day;
    }

    /** How many working days lie after {@code from} up to and including {@code to}; 0 when {@code to} is not after it. */
    public int after(LocalDate from, LocalDate to) {
        return calendar.workingDaysAfter(from, to);
    }
}
