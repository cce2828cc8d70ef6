package org.bridgeway.model;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A school tells the child's local authority (and, more narrowly, the police) that it has suspended or
 * permanently excluded a pupil: repeated exclusions are a warning sign of criminal exploitation.
 *
 * <p>The school is the sender. Every part validates itself: a notice that exists is valid, and an invalid one is
 * refused with an {@link InvalidNoticeException} listing every {@link FieldViolation}. The static {@code check}
 * methods apply the same rules to values that may be missing, so that a reader can report every problem of a
 * record at once before building anything.
 */
public record ExclusionNotice(
        String exchangeId,
        String idempotencyKey,
        School school,
        Child child,
        Exclusion exclusion,
        Optional<String> repeatedSuspensionWarning) implements Notice {

    /** The stable dotted names of the fields an exclusion notice carries; all are in the exchange's catalogue. */
    public static final class Fields {
        public static final String SCHOOL_URN = "school.urn";
        public static final String SCHOOL_NAME = "school.name";
        public static final String SCHOOL_LOCAL_AUTHORITY = "school.localAuthority";
        public static final String CHILD_UPN = "child.upn";
        public static final String CHILD_LOCAL_ID = "child.localId";
        public static final String CHILD_GIVEN_NAME = "child.givenName";
        public static final String CHILD_FAMILY_NAME = "child.familyName";
        public static final String CHILD_DATE_OF_BIRTH = "child.dateOfBirth";
        public static final String EXCLUSION_CATEGORY = "exclusion.category";
        public static final String EXCLUSION_REASONS = "exclusion.reasons";
        public static final String EXCLUSION_START_DATE = "exclusion.startDate";
        public static final String EXCLUSION_SESSIONS = "exclusion.sessions";
        public static final String EXCLUSION_DAYS = "exclusion.days";
        /** Set by the gateway, not the school: the pattern of repeated suspensions it recognised, in words. */
        public static final String EXCLUSION_REPEATED_SUSPENSION_WARNING = "exclusion.repeatedSuspensionWarning";

        public static final List<String> ALL = List.of(SCHOOL_URN, SCHOOL_NAME, SCHOOL_LOCAL_AUTHORITY, CHILD_UPN,
                CHILD_LOCAL_ID, CHILD_GIVEN_NAME, CHILD_FAMILY_NAME, CHILD_DATE_OF_BIRTH, EXCLUSION_CATEGORY,
                EXCLUSION_REASONS, EXCLUSION_START_DATE, EXCLUSION_SESSIONS, EXCLUSION_DAYS,
                EXCLUSION_REPEATED_SUSPENSION_WARNING);

        private Fields() {
        }
    }

    /** The stable ids of the rules this record enforces beyond those of its value types. */
    public static final class Rules {
        public static final String UPN_PLACEHOLDER = "child.upn.placeholder";
        public static final String LOCAL_ID_FORMAT = ChildIdentity.Rules.LOCAL_ID_FORMAT;
        public static final String REASONS_COUNT = "exclusion.reasons.count";
        public static final String REASONS_DUPLICATE = "exclusion.reasons.duplicate";
        public static final String SESSIONS_RANGE = "exclusion.sessions.range";
        public static final String SESSIONS_REQUIRED = "exclusion.sessions.required";
        public static final String SESSIONS_PERMANENT = "exclusion.sessions.permanent";
        public static final String DAYS_RANGE = "exclusion.days.range";
        public static final String DAYS_PERMANENT = "exclusion.days.permanent";
        public static final String DAYS_SESSIONS = "exclusion.days.sessions";
        public static final String START_BEFORE_BIRTH = "exclusion.startDate.before-birth";

        private Rules() {
        }
    }

    /** An exclusion carries at least one reason and at most three (census rule). */
    public static final int MAX_REASONS = 3;
    /**
     * A head teacher may suspend a pupil for at most 45 school days in a school year, so no one suspension is
     * longer; a session is half a school day.
     */
    public static final int MAX_DAYS = 45;
    public static final int MAX_SESSIONS = 2 * MAX_DAYS;
    static final int MAX_NAME_LENGTH = 100;
    static final int MAX_SCHOOL_NAME_LENGTH = 200;

    /** The school that excluded the pupil: its GIAS URN, the DfE number of the LA it is in, and its name. */
    public record School(SchoolUrn urn, DfeLaCode localAuthority, Optional<String> name) {
        public School {
            Objects.requireNonNull(urn, Fields.SCHOOL_URN);
            Objects.requireNonNull(localAuthority, Fields.SCHOOL_LOCAL_AUTHORITY);
            name = Objects.requireNonNullElse(name, Optional.<String>empty()).map(String::strip);
            InvalidNoticeException.throwIfAny(check(name.orElse(null)));
        }

        /** The rules on the school's parts that its value types do not already enforce. */
        public static List<FieldViolation> check(String name) {
            List<FieldViolation> v = new ArrayList<>();
            if (name != null) {
                text(v, Fields.SCHOOL_NAME, name, MAX_SCHOOL_NAME_LENGTH);
            }
            return v;
        }

        /** The school as the sender of its notices. */
        public Organisation organisation() {
            return new Organisation(OrganisationType.SCHOOL, urn.value(), name.orElse(null));
        }
    }

    /**
     * The pupil, as the school records it. The UPN must be a real (or temporary) UPN: a school gives every pupil
     * one, so the SSDA903 placeholders UN1 to UN5 are refused. The local authority's child id is given when the
     * school knows it (a looked-after pupil, or one with a social worker).
     */
    public record Child(
            Upn upn,
            Optional<String> localId,
            String givenName,
            String familyName,
            LocalDate dateOfBirth) {

        public Child {
            Objects.requireNonNull(upn, Fields.CHILD_UPN);
            localId = Objects.requireNonNullElse(localId, Optional.empty());
            givenName = Objects.requireNonNull(givenName, Fields.CHILD_GIVEN_NAME).strip();
            familyName = Objects.requireNonNull(familyName, Fields.CHILD_FAMILY_NAME).strip();
            Objects.requireNonNull(dateOfBirth, Fields.CHILD_DATE_OF_BIRTH);
            InvalidNoticeException.throwIfAny(check(upn, localId.orElse(null), givenName, familyName));
        }

        /** The pupil's rules; a null argument is a part that is absent or already reported, and is skipped. */
        public static List<FieldViolation> check(Upn upn, String localId, String givenName, String familyName) {
            List<FieldViolation> v = new ArrayList<>();
            if (upn != null && upn.isPlaceholder()) {
                v.add(new FieldViolation(Fields.CHILD_UPN, Rules.UPN_PLACEHOLDER, "a school gives every pupil a UPN"
                        + " (a temporary one if need be); the SSDA903 placeholders UN1 to UN5 are not accepted"));
            }
            if (localId != null) {
                v.addAll(ChildIdentity.checkLocalId(Fields.CHILD_LOCAL_ID, localId));
            }
            if (givenName != null) {
                text(v, Fields.CHILD_GIVEN_NAME, givenName, MAX_NAME_LENGTH);
            }
            if (familyName != null) {
                text(v, Fields.CHILD_FAMILY_NAME, familyName, MAX_NAME_LENGTH);
            }
            return v;
        }

        /** Names no value: a pupil must never reach a log line through a careless toString. */
        @Override
        public String toString() {
            return "Child[personal data withheld]";
        }
    }

    /**
     * The exclusion. Its length is counted in sessions (half school days), as the census counts it, and in days
     * where the school gives them too. A permanent exclusion has no length; a suspension must have one; a
     * lunchtime exclusion may. Reasons are kept in the school's order (the first is the main reason).
     */
    public record Exclusion(
            ExclusionCategory category,
            LocalDate startDate,
            Optional<Integer> sessions,
            Optional<BigDecimal> days,
            List<ExclusionReason> reasons) {

        public Exclusion {
            Objects.requireNonNull(category, Fields.EXCLUSION_CATEGORY);
            Objects.requireNonNull(startDate, Fields.EXCLUSION_START_DATE);
            sessions = Objects.requireNonNullElse(sessions, Optional.empty());
            days = Objects.requireNonNullElse(days, Optional.empty());
            reasons = List.copyOf(Objects.requireNonNull(reasons, Fields.EXCLUSION_REASONS));
            InvalidNoticeException.throwIfAny(check(category, sessions.orElse(null), days.orElse(null), reasons));
        }

        /** The exclusion's rules; a null argument is a part that is absent or already reported, and is skipped. */
        public static List<FieldViolation> check(ExclusionCategory category, Integer sessions, BigDecimal days,
                                                 List<ExclusionReason> reasons) {
            List<FieldViolation> v = new ArrayList<>();
            if (reasons != null) {
                if (reasons.isEmpty() || reasons.size() > MAX_REASONS) {
                    v.add(new FieldViolation(Fields.EXCLUSION_REASONS, Rules.REASONS_COUNT,
                            "an exclusion has at least one and at most " + MAX_REASONS + " reasons"));
                }
                if (new HashSet<>(reasons).size() < reasons.size()) {
                    v.add(new FieldViolation(Fields.EXCLUSION_REASONS, Rules.REASONS_DUPLICATE,
                            "a reason is given more than once"));
                }
            }
            if (sessions != null && (sessions < 1 || sessions > MAX_SESSIONS)) {
                v.add(new FieldViolation(Fields.EXCLUSION_SESSIONS, Rules.SESSIONS_RANGE, "sessions must be 1 to "
                        + MAX_SESSIONS + " (a suspension lasts at most " + MAX_DAYS + " school days)"));
            }
            if (days != null && !isWholeHalfDays(days)) {
                v.add(new FieldViolation(Fields.EXCLUSION_DAYS, Rules.DAYS_RANGE, "days must be 0.5 to " + MAX_DAYS
                        + " in steps of half a day"));
            }
            if (category == ExclusionCategory.PERMANENT) {
                if (sessions != null) {
                    v.add(new FieldViolation(Fields.EXCLUSION_SESSIONS, Rules.SESSIONS_PERMANENT,
                            "a permanent exclusion has no length in sessions"));
                }
                if (days != null) {
                    v.add(new FieldViolation(Fields.EXCLUSION_DAYS, Rules.DAYS_PERMANENT,
                            "a permanent exclusion has no length in days"));
                }
            } else if (category == ExclusionCategory.SUSPENSION && sessions == null) {
                v.add(new FieldViolation(Fields.EXCLUSION_SESSIONS, Rules.SESSIONS_REQUIRED,
                        "a suspension must give its length in sessions"));
            }
            if (category != ExclusionCategory.PERMANENT && sessions != null && days != null && isWholeHalfDays(days)
                    && days.multiply(BigDecimal.valueOf(2)).compareTo(BigDecimal.valueOf(sessions)) != 0) {
                v.add(new FieldViolation(Fields.EXCLUSION_DAYS, Rules.DAYS_SESSIONS,
                        "days and sessions disagree: a session is half a school day"));
            }
            return v;
        }

        private static boolean isWholeHalfDays(BigDecimal days) {
            BigDecimal halves = days.multiply(BigDecimal.valueOf(2));
            return halves.signum() > 0 && halves.stripTrailingZeros().scale() <= 0
                    && halves.compareTo(BigDecimal.valueOf(MAX_SESSIONS)) <= 0;
        }

        /** Names no value: the kind and reasons of an exclusion are personal data about the pupil. */
        @Override
        public String toString() {
            return "Exclusion[personal data withheld]";
        }
    }

    public ExclusionNotice {
        Objects.requireNonNull(exchangeId, "exchangeId");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(school, "school");
        Objects.requireNonNull(child, "child");
        Objects.requireNonNull(exclusion, "exclusion");
        repeatedSuspensionWarning = Objects.requireNonNullElse(repeatedSuspensionWarning, Optional.empty());
        List<FieldViolation> v = new ArrayList<>(check(child.dateOfBirth(), exclusion.startDate()));
        repeatedSuspensionWarning.ifPresent(w -> text(v, Fields.EXCLUSION_REPEATED_SUSPENSION_WARNING, w,
                MAX_SCHOOL_NAME_LENGTH));
        InvalidNoticeException.throwIfAny(v);
    }

    /** A notice as a school sends it: without the gateway's repeated-suspension warning. */
    public ExclusionNotice(String exchangeId, String idempotencyKey, School school, Child child, Exclusion exclusion) {
        this(exchangeId, idempotencyKey, school, child, exclusion, Optional.empty());
    }

    /** The same notice carrying the early warning the gateway raised for it (the pattern, in words). */
    public ExclusionNotice withRepeatedSuspensionWarning(String warning) {
        return new ExclusionNotice(exchangeId, idempotencyKey, school, child, exclusion, Optional.of(warning));
    }

    /** The rules across the pupil and the exclusion; null dates are skipped. */
    public static List<FieldViolation> check(LocalDate dateOfBirth, LocalDate startDate) {
        if (dateOfBirth != null && startDate != null && !startDate.isAfter(dateOfBirth)) {
            return List.of(new FieldViolation(Fields.EXCLUSION_START_DATE, Rules.START_BEFORE_BIRTH,
                    "the exclusion starts on or before the pupil's date of birth"));
        }
        return List.of();
    }

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.EXCLUSION_NOTICE;
    }

    @Override
    public Organisation sender() {
        return school.organisation();
    }

    /** Identifiers only, never personal data. */
    @Override
    public String toString() {
        return "ExclusionNotice[exchangeId=" + exchangeId + ", sender=" + sender().id() + "]";
    }

    @Override
    public Map<String, String> fields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put(Fields.SCHOOL_URN, school.urn().value());
        school.name().ifPresent(v -> f.put(Fields.SCHOOL_NAME, v));
        f.put(Fields.SCHOOL_LOCAL_AUTHORITY, school.localAuthority().value());
        f.put(Fields.CHILD_UPN, child.upn().value());
        child.localId().ifPresent(v -> f.put(Fields.CHILD_LOCAL_ID, v));
        f.put(Fields.CHILD_GIVEN_NAME, child.givenName());
        f.put(Fields.CHILD_FAMILY_NAME, child.familyName());
        f.put(Fields.CHILD_DATE_OF_BIRTH, child.dateOfBirth().toString());
        f.put(Fields.EXCLUSION_CATEGORY, exclusion.category().code());
        f.put(Fields.EXCLUSION_REASONS,
                exclusion.reasons().stream().map(ExclusionReason::code).collect(Collectors.joining(",")));
        f.put(Fields.EXCLUSION_START_DATE, exclusion.startDate().toString());
        exclusion.sessions().ifPresent(v -> f.put(Fields.EXCLUSION_SESSIONS, v.toString()));
        exclusion.days().ifPresent(v -> f.put(Fields.EXCLUSION_DAYS, v.stripTrailingZeros().toPlainString()));
        repeatedSuspensionWarning.ifPresent(v -> f.put(Fields.EXCLUSION_REPEATED_SUSPENSION_WARNING, v));
        return Collections.unmodifiableMap(f);
    }

    /** Names and other free text: the rules of {@link FreeText}. */
    private static void text(List<FieldViolation> v, String field, String value, int max) {
        v.addAll(FreeText.check(field, value, max));
    }
}
