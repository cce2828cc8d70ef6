package org.bridgeway.adapters.ssda903;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Objects;

/**
 * The dates a return is judged against, given by the caller because the adapters have no clock: the last day of
 * the return's collection year (an SSDA903 year runs from 1 April to 31 March) and today. No episode may start or
 * end after either.
 *
 * @param collectionYearEnd the last day of the collection year the return is for (a 31 March)
 * @param today             the date the return is read
 */
public record ReturnPeriod(LocalDate collectionYearEnd, LocalDate today) {
    private static final MonthDay YEAR_END = MonthDay.of(3, 31);

    public ReturnPeriod {
        Objects.requireNonNull(collectionYearEnd, "collectionYearEnd");
        Objects.requireNonNull(today, "today");
    }

    /**
     * A return read today for the collection year that is running: its year ends on the first 31 March on or after
     * today. A return for a year just ended, sent in the spring, is thereby judged against the running year, which
     * never refuses a date that is not in the future.
     */
    public static ReturnPeriod asOf(LocalDate today) {
        LocalDate end = YEAR_END.atYear(today.getYear());
        return new ReturnPeriod(today.isAfter(end) ? end.plusYears(1) : end, today);
    }
}
