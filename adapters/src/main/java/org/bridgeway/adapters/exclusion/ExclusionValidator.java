package org.bridgeway.adapters.exclusion;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.bridgeway.adapters.Digests;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.ExclusionCategory;
import org.bridgeway.model.ExclusionNotice;
import org.bridgeway.model.ExclusionNotice.Fields;
import org.bridgeway.model.ExclusionReason;
import org.bridgeway.model.FieldViolation;
import org.bridgeway.model.InvalidValueException;
import org.bridgeway.model.SchoolUrn;
import org.bridgeway.model.Upn;

/**
 * Turns a draft into a notice, or into every violation it has. Each field is read on its own, so one bad field
 * does not hide another; the notice's own rules then run on whatever could be read. Violations come in catalogue
 * order of their fields, and no message repeats a submitted value.
 */
final class ExclusionValidator {
    private static final Pattern DATE_SHAPE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern SESSIONS_SHAPE = Pattern.compile("\\d{1,4}");
    private static final Pattern DAYS_SHAPE = Pattern.compile("\\d{1,3}(\\.\\d{1,3})?");

    /** The rule ids of this step; the notice and its value types name their own. */
    static final String REQUIRED = "value.required";
    static final String DATE_FORMAT = "date.format";
    static final String NOT_A_DATE = "date.not-a-date";
    static final String WHOLE_NUMBER = "number.whole";
    static final String HALF_DAYS = "number.half-days";

    private ExclusionValidator() {
    }

    /** The outcome for one draft: a notice, or the violations that stopped it. */
    sealed interface Outcome {
        record Valid(ExclusionNotice notice) implements Outcome {
        }

        record Invalid(List<FieldViolation> violations) implements Outcome {
        }
    }

    /** Checks a draft; {@code exchangeIds} is called once, and only when the draft is valid. */
    static Outcome validate(ExclusionDraft draft, Supplier<String> exchangeIds) {
        Reading r = new Reading(draft);
        SchoolUrn urn = r.required(Fields.SCHOOL_URN, SchoolUrn::parse);
        DfeLaCode la = r.required(Fields.SCHOOL_LOCAL_AUTHORITY, DfeLaCode::parse);
        String schoolName = r.optional(Fields.SCHOOL_NAME, Function.identity());
        Upn upn = r.required(Fields.CHILD_UPN, Upn::parse);
        String localId = r.optional(Fields.CHILD_LOCAL_ID, Function.identity());
        String givenName = r.required(Fields.CHILD_GIVEN_NAME, Function.identity());
        String familyName = r.required(Fields.CHILD_FAMILY_NAME, Function.identity());
        LocalDate dob = r.required(Fields.CHILD_DATE_OF_BIRTH, ExclusionValidator::date);
        ExclusionCategory category = r.required(Fields.EXCLUSION_CATEGORY, ExclusionCategory::fromCode);
        LocalDate start = r.required(Fields.EXCLUSION_START_DATE, ExclusionValidator::date);
        Integer sessions = r.optional(Fields.EXCLUSION_SESSIONS, ExclusionValidator::sessions);
        BigDecimal days = r.optional(Fields.EXCLUSION_DAYS, ExclusionValidator::days);
        List<ExclusionReason> reasons = r.reasons();

        List<FieldViolation> v = r.violations;
        v.addAll(ExclusionNotice.School.check(schoolName));
        v.addAll(ExclusionNotice.Child.check(upn, localId, givenName, familyName));
        // an unreadable length must not also be reported as a missing one
        boolean lengthUnread = r.failed(Fields.EXCLUSION_SESSIONS) || r.failed(Fields.EXCLUSION_DAYS);
        v.addAll(ExclusionNotice.Exclusion.check(lengthUnread ? null : category, sessions, days, reasons));
        v.addAll(ExclusionNotice.check(dob, start));
        if (!v.isEmpty()) {
            v.sort(Comparator.comparingInt(x -> Fields.ALL.indexOf(x.field())));
            return new Outcome.Invalid(List.copyOf(v));
        }
        return new Outcome.Valid(new ExclusionNotice(exchangeIds.get(), idempotencyKey(urn, upn, category, start),
                new ExclusionNotice.School(urn, la, Optional.ofNullable(schoolName)),
                new ExclusionNotice.Child(upn, Optional.ofNullable(localId), givenName, familyName, dob),
                new ExclusionNotice.Exclusion(category, start, Optional.ofNullable(sessions),
                        Optional.ofNullable(days), reasons)));
    }

    /** The violations of the school's fields alone: a header that names the school for a whole document. */
    static List<FieldViolation> checkSchool(Map<String, String> values) {
        Reading r = new Reading(new ExclusionDraft(values, List.of()));
        r.required(Fields.SCHOOL_URN, SchoolUrn::parse);
        r.required(Fields.SCHOOL_LOCAL_AUTHORITY, DfeLaCode::parse);
        String name = r.optional(Fields.SCHOOL_NAME, Function.identity());
        r.violations.addAll(ExclusionNotice.School.check(name));
        return List.copyOf(r.violations);
    }

    /**
     * A stable key for one exclusion of one pupil at one school: SHA-256 over the URN, UPN, category and start
     * date, as "exclusion:" and 64 hex digits. The same exclusion sent again, by XML or JSON, gets the same key,
     * so it is recognised and not delivered twice; a correction to its length or reasons is a re-send too. The
     * key holds no personal data, but someone who knows all four values can recompute it.
     */
    static String idempotencyKey(SchoolUrn urn, Upn upn, ExclusionCategory category, LocalDate start) {
        String material = String.join("\u0000", "exclusion-notice", urn.value(), upn.value(), category.code(),
                start.toString());
        return "exclusion:" + Digests.sha256(material);
    }

    /** A date written yyyy-mm-dd, as CTF and JSON write dates. */
    static LocalDate date(String text) {
        if (!DATE_SHAPE.matcher(text).matches()) {
            throw new InvalidValueException(DATE_FORMAT, "must be a date written yyyy-mm-dd");
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeException e) {
            throw new InvalidValueException(NOT_A_DATE, "is not a real calendar date");
        }
    }

    private static Integer sessions(String text) {
        if (!SESSIONS_SHAPE.matcher(text).matches()) {
            throw new InvalidValueException(WHOLE_NUMBER, "must be a whole number of sessions");
        }
        return Integer.valueOf(text);
    }

    private static BigDecimal days(String text) {
        if (!DAYS_SHAPE.matcher(text).matches()) {
            throw new InvalidValueException(HALF_DAYS, "must be a number of days such as 2 or 1.5");
        }
        return new BigDecimal(text);
    }

    /** Reads the fields of one draft, keeping every violation and which fields failed to read. */
    private static final class Reading {
        private final ExclusionDraft draft;
        private final List<FieldViolation> violations = new ArrayList<>();
        private final List<String> failed = new ArrayList<>();

        Reading(ExclusionDraft draft) {
            this.draft = draft;
        }

        <T> T required(String field, Function<String, T> parser) {
            if (text(field) == null) {
                violations.add(new FieldViolation(field, REQUIRED, "is required"));
                failed.add(field);
                return null;
            }
            return optional(field, parser);
        }

        /** The parsed value, or null when absent or unreadable (then a violation is recorded). */
        <T> T optional(String field, Function<String, T> parser) {
            String text = text(field);
            if (text == null) {
                return null;
            }
            try {
                return parser.apply(text);
            } catch (InvalidValueException e) {
                violations.add(FieldViolation.of(field, e));
                failed.add(field);
                return null;
            }
        }

        /** The reasons, or null when absent or when any code is unknown (each unknown code is reported). */
        List<ExclusionReason> reasons() {
            if (draft.reasons() == null) {
                violations.add(new FieldViolation(Fields.EXCLUSION_REASONS, REQUIRED, "is required"));
                return null;
            }
            List<ExclusionReason> reasons = new ArrayList<>();
            boolean ok = true;
            for (int i = 0; i < draft.reasons().size(); i++) {
                try {
                    reasons.add(ExclusionReason.fromCode(draft.reasons().get(i)));
                } catch (InvalidValueException e) {
                    violations.add(new FieldViolation(Fields.EXCLUSION_REASONS, e.rule(),
                            "reason " + (i + 1) + ": " + e.getMessage()));
                    ok = false;
                }
            }
            return ok ? reasons : null;
        }

        boolean failed(String field) {
            return failed.contains(field);
        }

        /** The trimmed text of a field, or null when absent or blank. */
        private String text(String field) {
            String v = draft.values().get(field);
            return v == null || v.isBlank() ? null : v.strip();
        }
    }
}
