package org.bridgeway.adapters.missing;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.bridgeway.model.FieldViolation;
import org.bridgeway.model.FreeText;
import org.bridgeway.model.InvalidValueException;
import org.bridgeway.model.PlacementNotice;

/**
 * Reads the fields of one draft, keeping every violation and which fields could not be read, so that a rule about
 * a field that failed to read is not reported again (a mistyped date is a format error, not also a missing one).
 */
public final class DraftReading {
    /** Rule ids of reading, shared by every format. */
    public static final String REQUIRED = "value.required";
    public static final String DATE_FORMAT = "date.format";
    public static final String NOT_A_DATE = "date.not-a-date";
    public static final String DATE_TIME_FORMAT = "date-time.format";
    public static final String NOT_A_DATE_TIME = "date-time.not-a-date-time";
    public static final String BOOLEAN_FORMAT = "boolean.format";
    public static final String SEX_CODE = "sex.code";
    /** The suffix of the rule that refuses a date-time after now: {@code episode.start.future}. */
    public static final String FUTURE = ".future";

    /** Clocks of sending systems may run this far ahead of the gateway's; a date-time later than that is refused. */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /**
     * A date (no time, no zone) is in the future when it is after today anywhere: the earliest time zone is 14 hours
     * ahead of UTC, so a child born today in New Zealand is not refused in London.
     */
    static final ZoneOffset EARLIEST_ZONE = ZoneOffset.ofHours(14);

    private static final Pattern DATE_SHAPE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern DATE_TIME_SHAPE =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})");

    private final MissingDraft draft;
    private final List<FieldViolation> violations = new ArrayList<>();
    private final Set<String> failed = new HashSet<>();

    public DraftReading(MissingDraft draft) {
        this.draft = draft;
    }

    /** The parsed value, or null when absent (reported) or unreadable (reported). */
    public <T> T required(String field, Function<String, T> parser) {
        if (!draft.values().containsKey(field)) {
            violations.add(new FieldViolation(field, REQUIRED, "is required"));
            failed.add(field);
            return null;
        }
        return optional(field, parser);
    }

    /** The parsed value, or null when absent or unreadable (then a violation is recorded). */
    public <T> T optional(String field, Function<String, T> parser) {
        String text = draft.values().get(field);
        if (text == null) {
            return null;
        }
        if (text.isBlank()) {
            violations.add(new FieldViolation(field, FreeText.EMPTY, "must not be empty or only spaces;"
                    + " leave the field out when there is nothing to give"));
            failed.add(field);
            return null;
        }
        try {
            return parser.apply(text.strip());
        } catch (InvalidValueException e) {
            violations.add(FieldViolation.of(field, e));
            failed.add(field);
            return null;
        }
    }

    /** Free text as given (its rules are the record's), or null when absent or blank (blank is reported). */
    public String text(String field) {
        return optional(field, Function.identity());
    }

    /** Every item parsed, or null when absent or when any item is unreadable (each bad item is reported). */
    public <T> List<T> list(String field, Function<String, T> parser, String what) {
        List<String> items = draft.lists().get(field);
        if (items == null) {
            return null;
        }
        List<T> parsed = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            try {
                parsed.add(parser.apply(items.get(i)));
            } catch (InvalidValueException e) {
                violations.add(new FieldViolation(field, e.rule(), what + " " + (i + 1) + ": " + e.getMessage()));
                failed.add(field);
            }
        }
        return failed.contains(field) ? null : parsed;
    }

    public boolean given(String field) {
        return draft.values().containsKey(field) || draft.lists().containsKey(field);
    }

    public boolean failed(String field) {
        return failed.contains(field);
    }

    /** Marks a field as unreadable without a violation of its own: a group whose member failed to read. */
    public void fail(String field) {
        failed.add(field);
    }

    public void add(FieldViolation v) {
        violations.add(v);
    }

    /** The rules of the records, less those about fields that already failed to read. */
    public void addUnlessFailed(List<FieldViolation> ruled) {
        ruled.stream().filter(v -> !failed.contains(v.field())).forEach(violations::add);
    }

    /** Refuses a date-time later than now by more than the clock skew allowed. */
    public void notFuture(String field, OffsetDateTime t, Instant now) {
        if (t != null && t.toInstant().isAfter(now.plus(CLOCK_SKEW))) {
            violations.add(new FieldViolation(field, field + FUTURE, "is in the future (more than "
                    + CLOCK_SKEW.toMinutes() + " minutes after the gateway's time)"));
        }
    }

    /** Refuses a date after today everywhere on Earth. */
    public void notFuture(String field, LocalDate d, Instant now) {
        if (d != null && d.isAfter(LocalDate.ofInstant(now, EARLIEST_ZONE))) {
            violations.add(new FieldViolation(field, field + FUTURE, "is in the future"));
        }
    }

    public List<FieldViolation> violations() {
        return violations;
    }

    /** A date-time as RFC 3339 (JSON Schema's date-time) writes it: with seconds and its offset (Z or +01:00). */
    public static OffsetDateTime dateTime(String text) {
        if (!DATE_TIME_SHAPE.matcher(text).matches()) {
            throw new InvalidValueException(DATE_TIME_FORMAT, "must be a date-time with its offset, written"
                    + " yyyy-mm-ddThh:mm:ssZ or yyyy-mm-ddThh:mm:ss+01:00");
        }
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeException e) {
            throw new InvalidValueException(NOT_A_DATE_TIME, "is not a real date and time");
        }
    }

    /** A date written yyyy-mm-dd. */
    public static LocalDate date(String text) {
        if (!DATE_SHAPE.matcher(text).matches()) {
            throw new InvalidValueException(DATE_FORMAT, "must be a date written yyyy-mm-dd");
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeException e) {
            throw new InvalidValueException(NOT_A_DATE, "is not a real calendar date");
        }
    }

    public static boolean bool(String text) {
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidValueException(BOOLEAN_FORMAT, "must be true or false");
        };
    }

    /** The child's sex as Bridgeway writes it: male or female. */
    public static PlacementNotice.Sex sex(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "male" -> PlacementNotice.Sex.MALE;
            case "female" -> PlacementNotice.Sex.FEMALE;
            default -> throw new InvalidValueException(SEX_CODE, "must be male or female");
        };
    }
}
