package org.bridgeway.model;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The child a missing-episode or return-interview notice is about, as far as the sender knows: a force may know
 * only a name and date of birth, a council its own child id. Either is enough to identify the child (the gateway
 * matches episodes by a keyed digest of one or the other), so at least one must be given in full.
 *
 * <p>Field names are the {@code child.*} names of the exchanges' catalogues.
 */
public record ChildIdentity(
        Optional<String> localId,
        Optional<NhsNumber> nhsNumber,
        Optional<Upn> upn,
        Optional<String> givenName,
        Optional<String> familyName,
        Optional<LocalDate> dateOfBirth,
        Optional<PlacementNotice.Sex> sex,
        Optional<SchoolUrn> schoolUrn) {
    private static final Pattern LOCAL_ID_SHAPE = Pattern.compile("[A-Za-z0-9._-]{1,50}");

    public static final class Fields {
        /** The child as a whole: where a rule is about the child rather than one field. */
        public static final String CHILD = "child";
        public static final String LOCAL_ID = "child.localId";
        public static final String NHS_NUMBER = "child.nhsNumber";
        public static final String UPN = "child.upn";
        public static final String GIVEN_NAME = "child.givenName";
        public static final String FAMILY_NAME = "child.familyName";
        public static final String DATE_OF_BIRTH = "child.dateOfBirth";
        public static final String SEX = "child.sex";
        public static final String SCHOOL_URN = "child.schoolUrn";

        public static final List<String> ALL = List.of(LOCAL_ID, NHS_NUMBER, UPN, GIVEN_NAME, FAMILY_NAME,
                DATE_OF_BIRTH, SEX, SCHOOL_URN);

        private Fields() {
        }
    }

    public static final class Rules {
        public static final String IDENTITY_REQUIRED = "child.identity.required";
        public static final String LOCAL_ID_FORMAT = "child.localId.format";
        public static final String UPN_PLACEHOLDER = "child.upn.placeholder";

        private Rules() {
        }
    }

    static final int MAX_NAME_LENGTH = 100;

    public ChildIdentity {
        localId = Objects.requireNonNullElse(localId, Optional.<String>empty()).map(String::strip);
        nhsNumber = Objects.requireNonNullElse(nhsNumber, Optional.empty());
        upn = Objects.requireNonNullElse(upn, Optional.empty());
        givenName = Objects.requireNonNullElse(givenName, Optional.<String>empty()).map(String::strip);
        familyName = Objects.requireNonNullElse(familyName, Optional.<String>empty()).map(String::strip);
        dateOfBirth = Objects.requireNonNullElse(dateOfBirth, Optional.empty());
        sex = Objects.requireNonNullElse(sex, Optional.empty());
        schoolUrn = Objects.requireNonNullElse(schoolUrn, Optional.empty());
        InvalidNoticeException.throwIfAny(check(localId.orElse(null), upn.orElse(null), givenName.orElse(null),
                familyName.orElse(null), dateOfBirth.orElse(null)));
    }

    /** A child known by the authority's id alone. */
    public static ChildIdentity ofLocalId(String localId) {
        return new ChildIdentity(Optional.of(localId), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * The child's rules on values that may be absent (null). Identity needs the local id, or the given and family
     * name with the date of birth.
     */
    public static List<FieldViolation> check(String localId, Upn upn, String givenName, String familyName,
                                             LocalDate dateOfBirth) {
        List<FieldViolation> v = new ArrayList<>();
        if (localId != null) {
            v.addAll(checkLocalId(Fields.LOCAL_ID, localId));
        }
        if (upn != null && upn.isPlaceholder()) {
            v.add(new FieldViolation(Fields.UPN, Rules.UPN_PLACEHOLDER,
                    "leave the UPN out when it is not known; the SSDA903 placeholders UN1 to UN5 are not accepted"));
        }
        if (givenName != null) {
            v.addAll(FreeText.check(Fields.GIVEN_NAME, givenName, MAX_NAME_LENGTH));
        }
        if (familyName != null) {
            v.addAll(FreeText.check(Fields.FAMILY_NAME, familyName, MAX_NAME_LENGTH));
        }
        if (localId == null && (givenName == null || familyName == null || dateOfBirth == null)) {
            v.add(new FieldViolation(Fields.CHILD, Rules.IDENTITY_REQUIRED, "the child must be identified by the"
                    + " local authority's child id, or by given name, family name and date of birth"));
        }
        return v;
    }

    /** A local authority's child id: 1 to 50 letters, digits, dots, hyphens or underscores. */
    public static List<FieldViolation> checkLocalId(String field, String localId) {
        if (LOCAL_ID_SHAPE.matcher(localId).matches()) {
            return List.of();
        }
        return List.of(new FieldViolation(field, Rules.LOCAL_ID_FORMAT,
                "the local authority's child id must be 1 to 50 letters, digits, dots, hyphens or underscores"));
    }

    /** Adds the child's present fields in catalogue order. */
    void putFields(Map<String, String> f) {
        localId.ifPresent(v -> f.put(Fields.LOCAL_ID, v));
        nhsNumber.ifPresent(v -> f.put(Fields.NHS_NUMBER, v.value()));
        upn.ifPresent(v -> f.put(Fields.UPN, v.value()));
        givenName.ifPresent(v -> f.put(Fields.GIVEN_NAME, v));
        familyName.ifPresent(v -> f.put(Fields.FAMILY_NAME, v));
        dateOfBirth.ifPresent(v -> f.put(Fields.DATE_OF_BIRTH, v.toString()));
        sex.ifPresent(v -> f.put(Fields.SEX, v.name().toLowerCase(java.util.Locale.ROOT)));
        schoolUrn.ifPresent(v -> f.put(Fields.SCHOOL_URN, v.value()));
    }

    /** Names no value: a child must never reach a log line through a careless toString. */
    @Override
    public String toString() {
        return "ChildIdentity[personal data withheld]";
    }
}
