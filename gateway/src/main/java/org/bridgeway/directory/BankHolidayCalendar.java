package org.bridgeway.directory;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Collections;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.bridgeway.policy.PolicyLoadException;

/**
 * The bank holidays of England and Wales for the whole years the calendar covers
 * ({@code policies/directory/bank-holidays-england-and-wales.yaml}, validated at start). It knows what kind of day
 * a date is, and refuses to say for a date outside its years ({@link OutsideCalendarException}) rather than treat
 * an unknown bank holiday as a working day.
 */
public final class BankHolidayCalendar {
    public static final String FILE = "bank-holidays-england-and-wales.yaml";
    public static final String SCHEMA_FILE = "bank-holidays.schema.json";

    /** What kind of day a date is, as the directory's hours and the working-day count distinguish them. */
    public enum DayKind {
        WEEKDAY("weekday", "weekdays"), WEEKEND("weekend", "weekends"), BANK_HOLIDAY("bankHoliday", "bank holidays");

        private final String member;
        private final String label;

        DayKind(String member, String label) {
            this.member = member;
            this.label = label;
        }

        /** As a person reads it: "bank holidays". */
        public String label() {
            return label;
        }

        /** Its name in the directory's files. */
        public String member() {
            return member;
        }
    }

    /** A date the calendar cannot speak for: counting through it could miss a bank holiday. */
    public static final class OutsideCalendarException extends IllegalArgumentException {
        OutsideCalendarException(LocalDate date, int from, int to) {
            super(date + " is outside the bank-holiday calendar, which covers " + from + " to " + to
                    + " (" + FILE + ")");
        }
    }

    private final int fromYear;
    private final int toYear;
    private final NavigableSet<LocalDate> holidays;

    public BankHolidayCalendar(int fromYear, int toYear, Set<LocalDate> holidays) {
        if (toYear < fromYear) {
            throw new IllegalArgumentException("the calendar's last year " + toYear + " is before its first "
                    + fromYear);
        }
        this.fromYear = fromYear;
        this.toYear = toYear;
        this.holidays = Collections.unmodifiableNavigableSet(new TreeSet<>(holidays));
    }

    /** Reads and checks {@value #FILE} in {@code directory} against {@value #SCHEMA_FILE} beside it. */
    public static BankHolidayCalendar load(Path directory) {
        Path file = directory.resolve(FILE);
        JsonNode root = DirectoryFile.read(file, directory.resolve(SCHEMA_FILE), (tree, field) -> Optional.empty());
        int from = root.path("years").path("from").asInt();
        int to = root.path("years").path("to").asInt();
        if (to < from) {
            throw new PolicyLoadException(file, "$.years.to", "the last year " + to + " is before the first " + from);
        }
        Set<LocalDate> dates = new TreeSet<>();
        JsonNode holidays = root.get("holidays");
        for (int i = 0; i < holidays.size(); i++) {
            String field = "$.holidays[" + i + "].date";
            LocalDate date = LocalDate.parse(holidays.get(i).get("date").asText());
            if (date.getYear() < from || date.getYear() > to) {
                throw new PolicyLoadException(file, field, date + " is outside the years covered, " + from + " to "
                        + to);
            }
            if (isWeekend(date)) {
                throw new PolicyLoadException(file, field, date + " is a " + date.getDayOfWeek().toString()
                        .toLowerCase(java.util.Locale.ROOT) + ": a bank holiday at a weekend is listed on its"
                        + " substitute day");
            }
            if (!dates.add(date)) {
                throw new PolicyLoadException(file, field, date + " is listed twice");
            }
        }
        return new BankHolidayCalendar(from, to, dates);
    }

    public boolean covers(LocalDate date) {
        return date.getYear() >= fromYear && date.getYear() <= toYear;
    }

    /** @throws OutsideCalendarException when the calendar does not cover {@code date} */
    public DayKind kindOf(LocalDate date) {
        if (!covers(date)) {
            throw new OutsideCalendarException(date, fromYear, toYear);
        }
        if (isWeekend(date)) {
            return DayKind.WEEKEND;
        }
        return holidays.contains(date) ? DayKind.BANK_HOLIDAY : DayKind.WEEKDAY;
    }

    public Set<LocalDate> holidays() {
        return holidays;
    }

    /**
     * How many weekdays that are not bank holidays lie after {@code from} up to and including {@code to} (0 when
     * {@code to} is not after it): counted from the dates, not walked a day at a time.
     *
     * @throws OutsideCalendarException for the first day of that span the calendar does not cover
     */
    public int workingDaysAfter(LocalDate from, LocalDate to) {
        if (!to.isAfter(from)) {
            return 0;
        }
        LocalDate first = from.plusDays(1);
        if (!covers(first)) {
            throw new OutsideCalendarException(first, fromYear, toYear);
        }
        if (!covers(to)) {
            throw new OutsideCalendarException(LocalDate.of(toYear + 1, 1, 1), fromYear, toYear);
        }
        long holidaysOnWeekdays = holidays.subSet(from, false, to, true).stream().filter(d -> !isWeekend(d)).count();
        return Math.toIntExact(weekdaysUpTo(to) - weekdaysUpTo(from) - holidaysOnWeekdays);
    }

    /** Weekdays from Monday 29 December 1969 up to and including {@code date}: only a difference of two means much. */
    private static long weekdaysUpTo(LocalDate date) {
        long sinceMonday = date.toEpochDay() + 3; // day 0 of the epoch, 1 January 1970, was a Thursday
        long dayOfWeek = Math.floorMod(sinceMonday, 7); // 0 for a Monday, 6 for a Sunday
        return Math.floorDiv(sinceMonday, 7) * 5 + Math.min(dayOfWeek + 1, 5);
    }

    private static boolean isWeekend(LocalDate date) {
        return date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
    }
}
