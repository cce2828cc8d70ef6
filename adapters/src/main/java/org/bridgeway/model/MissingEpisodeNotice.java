package org.bridgeway.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One update of a child's missing episode: the first report, a new risk grade, the child found or returned, or the
 * episode closed. Reported by the police force that took the report, or, for a looked-after child missing from
 * placement, by the council (for itself, a children's home or a foster carer) through the council's system.
 *
 * <p>The first report names no episode: the gateway assigns {@code episode.id} ({@link #withEpisodeId}). Later
 * updates name their episode by that id, by the force and its reference, or by the reporter's own reference. Every
 * update carries the child and the episode as the sender knows them now, so that each stands on its own.
 *
 * <p>Every part validates itself: a notice that exists is valid, and an invalid one is refused with an
 * {@link InvalidNoticeException} listing every {@link FieldViolation}. The static {@code check} methods apply the
 * same rules to values that may be missing, so that a reader reports every problem of a record at once. Rules that
 * need the time now (dates in the future) belong to the readers: the model has no clock.
 */
public record MissingEpisodeNotice(
        String exchangeId,
        String idempotencyKey,
        Organisation sender,
        EpisodeUpdate update,
        OffsetDateTime updatedAt,
        Optional<String> episodeId,
        ReportedBy reportedBy,
        Optional<PoliceForceCode> reportingForce,
        Optional<String> policeReference,
        Optional<String> reporterReference,
        Child child,
        Episode episode,
        Optional<Found> found,
        Optional<Philomena> philomena,
        Optional<String> strategyDiscussionPrompt) implements Notice {
    /** The stable dotted names of the fields a missing-episode notice carries, in catalogue order. */
    public static final class Fields {
        public static final String REPORTING_FORCE = "episode.reportingForce";
        public static final String POLICE_REFERENCE = "episode.policeReference";
        public static final String TYPE = "episode.type";
        public static final String START = "episode.start";
        public static final String END = "episode.end";
        public static final String MISSING_FROM_POSTCODE = "episode.missingFromPostcode";
        public static final String LAST_SEEN_LOCATION = "episode.lastSeenLocation";
        public static final String FOUND_LOCATION = "episode.foundLocation";
        public static final String RISK_LEVEL = "episode.riskLevel";
        public static final String CONCERNS = "episode.concerns";
        public static final String HEALTH_CONCERNS = "episode.healthConcerns";
        public static final String SAFE_AND_WELL_CHECK = "episode.safeAndWellCheck";
        public static final String CIRCUMSTANCES = "episode.circumstances";
        public static final String CHILD_LOCAL_ID = ChildIdentity.Fields.LOCAL_ID;
        public static final String CHILD_NHS_NUMBER = ChildIdentity.Fields.NHS_NUMBER;
        public static final String CHILD_GIVEN_NAME = ChildIdentity.Fields.GIVEN_NAME;
        public static final String CHILD_FAMILY_NAME = ChildIdentity.Fields.FAMILY_NAME;
        public static final String CHILD_DATE_OF_BIRTH = ChildIdentity.Fields.DATE_OF_BIRTH;
        public static final String CHILD_SEX = ChildIdentity.Fields.SEX;
        public static final String CHILD_HOME_POSTCODE = "child.homePostcode";
        public static final String CHILD_LOOKED_AFTER = "child.lookedAfter";
        public static final String CHILD_PLACING_AUTHORITY = "child.placingAuthority";
        public static final String PHILOMENA_FORM_HELD = "philomena.formHeld";
        public static final String EPISODE_ID = "episode.id";
        /** A policy fact: agreements may send some updates only (a school hears of a report and a return). */
        public static final String UPDATE = "episode.update";
        public static final String UPDATED_AT = "episode.updatedAt";
        public static final String REPORTED_BY = "episode.reportedBy";
        public static final String REPORTER_REFERENCE = "episode.reporterReference";
        public static final String RISK_LEVEL_AS_SENT = "episode.riskLevelAsSent";
        public static final String RISK_RATIONALE = "episode.riskRationale";
        public static final String HOST_AUTHORITY = "episode.hostAuthority";
        public static final String FOUND_AUTHORITY = "episode.foundAuthority";
        public static final String FOUND_WITH = "episode.foundWith";
        public static final String FOUND_CONDITION = "episode.foundCondition";
        public static final String PREVENTION_INTERVIEW = "episode.preventionInterview";
        /** Set by the gateway's repeat-missing watch, not the sender. */
        public static final String STRATEGY_DISCUSSION_PROMPT = "episode.strategyDiscussionPrompt";
        public static final String CHILD_UPN = ChildIdentity.Fields.UPN;
        public static final String CHILD_SCHOOL_URN = ChildIdentity.Fields.SCHOOL_URN;
        public static final String PHILOMENA_DESCRIPTION = "philomena.description";
        public static final String PHILOMENA_ASSOCIATES = "philomena.associates";
        public static final String PHILOMENA_PLACES_FREQUENTED = "philomena.placesFrequented";
        public static final String PHILOMENA_MEDICAL_NEEDS = "philomena.medicalNeeds";

        /** The published catalogue, {@link ExchangeType#fields()}, in its order. */
        public static final List<String> ALL = ExchangeType.MISSING_EPISODE.fields();

        private Fields() {
        }
    }

    /** The stable ids of the rules this record enforces beyond those of its value types and {@link FreeText}. */
    public static final class Rules {
        public static final String EPISODE_ID_FORMAT = "episode.id.format";
        public static final String EPISODE_ID_ON_REPORT = "episode.id.reported";
        public static final String EPISODE_UNNAMED = "episode.id.required";
        public static final String REFERENCE_REQUIRED = "episode.reference.required";
        public static final String REFERENCE_FORMAT = "episode.reference.format";
        public static final String REPORTING_FORCE_REQUIRED = "episode.reportingForce.required";
        public static final String REPORTING_FORCE_SENDER = "episode.reportingForce.sender";
        public static final String REPORTED_BY_SENDER = "episode.reportedBy.sender";
        public static final String REPORTER_REFERENCE_POLICE = "episode.reporterReference.police";
        public static final String RISK_REQUIRED = "episode.riskLevel.required";
        public static final String RISK_AS_SENT = "episode.riskLevelAsSent.mapping";
        public static final String RISK_RATIONALE_REPORTER = "episode.riskRationale.reporter";
        public static final String HOST_NOT_LOOKED_AFTER = "episode.hostAuthority.not-looked-after";
        public static final String HOST_IS_PLACING = "episode.hostAuthority.placing-authority";
        public static final String PLACING_REQUIRED = "child.placingAuthority.required";
        public static final String HOME_REQUIRED = "child.homePostcode.required";
        public static final String END_REQUIRED = "episode.end.required";
        public static final String END_BEFORE_START = "episode.end.before-start";
        public static final String END_AFTER_UPDATE = "episode.end.after-update";
        public static final String START_BEFORE_BIRTH = "episode.start.before-birth";
        public static final String START_ADULT = "episode.start.adult";
        public static final String START_AFTER_UPDATE = "episode.start.after-update";
        public static final String CONDITION_DUPLICATE = "episode.foundCondition.duplicate";
        public static final String CHECK_NOT_DONE = "episode.safeAndWellCheck.not-done";
        public static final String CHECK_BEFORE_END = "episode.safeAndWellCheck.before-end";
        public static final String CHECK_AFTER_UPDATE = "episode.safeAndWellCheck.after-update";

        private Rules() {
        }
    }

    /** How the gateway writes the episode ids it assigns: "ME-" and a time-ordered id. */
    public static final String EPISODE_ID_PREFIX = "ME-";
    private static final Pattern EPISODE_ID_SHAPE = Pattern.compile(EPISODE_ID_PREFIX + "[0-9A-Za-z-]{1,64}");
    private static final Pattern REFERENCE_SHAPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 /._:-]{0,49}");
    static final int MAX_LOCATION_LENGTH = 200;
    static final int MAX_NARRATIVE_LENGTH = 2000;
    static final int MAX_PROMPT_LENGTH = 200;
    /** Missing children: an episode that starts on or after the 18th birthday is not one. */
    static final int ADULT_AGE = 18;

    /**
     * The child, with what decides who is responsible for them: a looked-after child's placing authority, or the
     * home area of a child missing from home.
     */
    public record Child(
            ChildIdentity identity,
            boolean lookedAfter,
            Optional<DfeLaCode> placingAuthority,
            Optional<Postcode> homePostcode) {

        public Child {
            Objects.requireNonNull(identity, "child");
            placingAuthority = Objects.requireNonNullElse(placingAuthority, Optional.empty());
            homePostcode = Objects.requireNonNullElse(homePostcode, Optional.empty());
            InvalidNoticeException.throwIfAny(check(lookedAfter, placingAuthority.orElse(null)));
        }

        /** A looked-after child's placing authority is responsible for it, so the sender must name it. */
        public static List<FieldViolation> check(Boolean lookedAfter, DfeLaCode placingAuthority) {
            if (Boolean.TRUE.equals(lookedAfter) && placingAuthority == null) {
                return List.of(new FieldViolation(Fields.CHILD_PLACING_AUTHORITY, Rules.PLACING_REQUIRED,
                        "a looked-after child's placing (responsible) authority is required"));
            }
            return List.of();
        }

        @Override
        public String toString() {
            return "Child[personal data withheld]";
        }
    }

    /**
     * The episode as the sender knows it now. The start is when the child left or was last seen by a responsible
     * adult, whichever is later (SSDA903). A legacy {@code ABSENT} grade is kept as sent beside its mapping.
     */
    public record Episode(
            MissingType type,
            OffsetDateTime start,
            Optional<RiskLevel> riskLevel,
            Optional<String> riskLevelAsSent,
            Optional<String> riskRationale,
            Optional<Postcode> missingFromPostcode,
            Optional<String> lastSeenLocation,
            Optional<DfeLaCode> hostAuthority,
            Optional<String> concerns,
            Optional<String> circumstances) {

        public Episode {
            Objects.requireNonNull(type, Fields.TYPE);
            Objects.requireNonNull(start, Fields.START);
            riskLevel = Objects.requireNonNullElse(riskLevel, Optional.empty());
            riskLevelAsSent = stripped(riskLevelAsSent).map(x -> x.toUpperCase(java.util.Locale.ROOT));
            riskRationale = stripped(riskRationale);
            missingFromPostcode = Objects.requireNonNullElse(missingFromPostcode, Optional.empty());
            lastSeenLocation = stripped(lastSeenLocation);
            hostAuthority = Objects.requireNonNullElse(hostAuthority, Optional.empty());
            concerns = stripped(concerns);
            circumstances = stripped(circumstances);
            InvalidNoticeException.throwIfAny(check(riskLevel.orElse(null), riskLevelAsSent.orElse(null),
                    riskRationale.orElse(null), lastSeenLocation.orElse(null), concerns.orElse(null),
                    circumstances.orElse(null)));
        }

        /** The episode's own rules; a null argument is absent or already reported, and is skipped. */
        public static List<FieldViolation> check(RiskLevel riskLevel, String riskLevelAsSent, String riskRationale,
                                                 String lastSeenLocation, String concerns, String circumstances) {
            List<FieldViolation> v = new ArrayList<>();
            if (riskLevelAsSent != null
                    && !(RiskLevel.isLegacyAbsent(riskLevelAsSent) && riskLevel == RiskLevel.NO_APPARENT_RISK)) {
                v.add(new FieldViolation(Fields.RISK_LEVEL_AS_SENT, Rules.RISK_AS_SENT, "the grade as sent is kept"
                        + " only for a legacy ABSENT, which is read as NO_APPARENT_RISK"));
            }
            text(v, Fields.RISK_RATIONALE, riskRationale, MAX_NARRATIVE_LENGTH);
            text(v, Fields.LAST_SEEN_LOCATION, lastSeenLocation, MAX_LOCATION_LENGTH);
            text(v, Fields.CONCERNS, concerns, MAX_NARRATIVE_LENGTH);
            text(v, Fields.CIRCUMSTANCES, circumstances, MAX_NARRATIVE_LENGTH);
            return v;
        }

        @Override
        public String toString() {
            return "Episode[personal data withheld]";
        }
    }

    /** The child found or returned: when (the episode's end), where, with whom, in what condition. */
    public record Found(
            OffsetDateTime end,
            Optional<DfeLaCode> foundAuthority,
            Optional<String> foundLocation,
            Optional<String> foundWith,
            List<FoundCondition> condition,
            Optional<PreventionInterview> preventionInterview,
            Optional<OffsetDateTime> safeAndWellCheck,
            Optional<String> healthConcerns) {

        public Found {
            Objects.requireNonNull(end, Fields.END);
            foundAuthority = Objects.requireNonNullElse(foundAuthority, Optional.empty());
            foundLocation = stripped(foundLocation);
            foundWith = stripped(foundWith);
            condition = List.copyOf(Objects.requireNonNullElse(condition, List.of()));
            preventionInterview = Objects.requireNonNullElse(preventionInterview, Optional.empty());
            safeAndWellCheck = Objects.requireNonNullElse(safeAndWellCheck, Optional.empty());
            healthConcerns = stripped(healthConcerns);
            InvalidNoticeException.throwIfAny(check(end, foundLocation.orElse(null), foundWith.orElse(null),
                    condition, preventionInterview.orElse(null), safeAndWellCheck.orElse(null),
                    healthConcerns.orElse(null)));
        }

        /** The found details' own rules; a null argument is absent or already reported, and is skipped. */
        public static List<FieldViolation> check(OffsetDateTime end, String foundLocation, String foundWith,
                                                 List<FoundCondition> condition,
                                                 PreventionInterview preventionInterview,
                                                 OffsetDateTime safeAndWellCheck, String healthConcerns) {
            List<FieldViolation> v = new ArrayList<>();
            text(v, Fields.FOUND_LOCATION, foundLocation, MAX_LOCATION_LENGTH);
            text(v, Fields.FOUND_WITH, foundWith, MAX_NARRATIVE_LENGTH);
            text(v, Fields.HEALTH_CONCERNS, healthConcerns, MAX_NARRATIVE_LENGTH);
            if (condition != null && new HashSet<>(condition).size() < condition.size()) {
                v.add(new FieldViolation(Fields.FOUND_CONDITION, Rules.CONDITION_DUPLICATE,
                        "a condition is given more than once"));
            }
            if (safeAndWellCheck != null) {
                if (preventionInterview != null && preventionInterview != PreventionInterview.DONE) {
                    v.add(new FieldViolation(Fields.SAFE_AND_WELL_CHECK, Rules.CHECK_NOT_DONE,
                            "a prevention interview time is given only when the interview was done"));
                }
                if (end != null && safeAndWellCheck.isBefore(end)) {
                    v.add(new FieldViolation(Fields.SAFE_AND_WELL_CHECK, Rules.CHECK_BEFORE_END,
                            "the prevention interview is held after the child is found, not before"));
                }
            }
            return v;
        }

        @Override
        public String toString() {
            return "Found[personal data withheld]";
        }
    }

    /**
     * Philomena Protocol Part 1, completed in advance by the carer: present when the carer holds a form, even if
     * none of its details is sent. Only the force handling an open report may see the details (by agreement).
     */
    public record Philomena(
            Optional<String> description,
            Optional<String> associates,
            Optional<String> placesFrequented,
            Optional<String> medicalNeeds) {

        public Philomena {
            description = stripped(description);
            associates = stripped(associates);
            placesFrequented = stripped(placesFrequented);
            medicalNeeds = stripped(medicalNeeds);
            InvalidNoticeException.throwIfAny(check(description.orElse(null), associates.orElse(null),
                    placesFrequented.orElse(null), medicalNeeds.orElse(null)));
        }

        /** A form held, with none of its details sent. */
        public static Philomena held() {
            return new Philomena(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }

        public static List<FieldViolation> check(String description, String associates, String placesFrequented,
                                                 String medicalNeeds) {
            List<FieldViolation> v = new ArrayList<>();
            text(v, Fields.PHILOMENA_DESCRIPTION, description, MAX_NARRATIVE_LENGTH);
            text(v, Fields.PHILOMENA_ASSOCIATES, associates, MAX_NARRATIVE_LENGTH);
            text(v, Fields.PHILOMENA_PLACES_FREQUENTED, placesFrequented, MAX_NARRATIVE_LENGTH);
            text(v, Fields.PHILOMENA_MEDICAL_NEEDS, medicalNeeds, MAX_NARRATIVE_LENGTH);
            return v;
        }

        @Override
        public String toString() {
            return "Philomena[personal data withheld]";
        }
    }

    /**
     * The values the rules across parts look at, each {@code null} when absent or unreadable (and then skipped).
     * A reader fills it from what it could read; the notice fills it from itself.
     */
    public record Candidate(
            Organisation sender,
            EpisodeUpdate update,
            OffsetDateTime updatedAt,
            String episodeId,
            ReportedBy reportedBy,
            PoliceForceCode reportingForce,
            String policeReference,
            String reporterReference,
            Boolean lookedAfter,
            DfeLaCode placingAuthority,
            Postcode homePostcode,
            Postcode missingFromPostcode,
            DfeLaCode hostAuthority,
            LocalDate dateOfBirth,
            OffsetDateTime start,
            OffsetDateTime end,
            RiskLevel riskLevel,
            String riskRationale,
            OffsetDateTime safeAndWellCheck) {
    }

    public MissingEpisodeNotice {
        Objects.requireNonNull(exchangeId, "exchangeId");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(update, Fields.UPDATE);
        Objects.requireNonNull(updatedAt, Fields.UPDATED_AT);
        episodeId = Objects.requireNonNullElse(episodeId, Optional.<String>empty()).map(String::strip);
        Objects.requireNonNull(reportedBy, Fields.REPORTED_BY);
        reportingForce = Objects.requireNonNullElse(reportingForce, Optional.empty());
        policeReference = Objects.requireNonNullElse(policeReference, Optional.<String>empty()).map(String::strip);
        reporterReference = Objects.requireNonNullElse(reporterReference, Optional.<String>empty())
                .map(String::strip);
        Objects.requireNonNull(child, "child");
        Objects.requireNonNull(episode, "episode");
        found = Objects.requireNonNullElse(found, Optional.empty());
        philomena = Objects.requireNonNullElse(philomena, Optional.empty());
        strategyDiscussionPrompt = stripped(strategyDiscussionPrompt);
        List<FieldViolation> v = new ArrayList<>(check(new Candidate(sender, update, updatedAt, episodeId.orElse(null),
                reportedBy, reportingForce.orElse(null), policeReference.orElse(null), reporterReference.orElse(null),
                child.lookedAfter(), child.placingAuthority().orElse(null), child.homePostcode().orElse(null),
                episode.missingFromPostcode().orElse(null), episode.hostAuthority().orElse(null),
                child.identity().dateOfBirth().orElse(null), episode.start(), found.map(Found::end).orElse(null),
                episode.riskLevel().orElse(null), episode.riskRationale().orElse(null),
                found.flatMap(Found::safeAndWellCheck).orElse(null))).stream()
                // a sender may not name a report's episode (the readers apply the rule), but the gateway gives its
                // report the id it assigned, so that every recipient can name the episode in what it sends back
                .filter(violation -> !violation.rule().equals(Rules.EPISODE_ID_ON_REPORT)).toList());
        text(v, Fields.STRATEGY_DISCUSSION_PROMPT, strategyDiscussionPrompt.orElse(null), MAX_PROMPT_LENGTH);
        InvalidNoticeException.throwIfAny(v);
    }

    /** The rules across the parts of a notice, in catalogue order of their fields. */
    public static List<FieldViolation> check(Candidate c) {
        List<FieldViolation> v = new ArrayList<>();
        checkReporter(c, v);
        checkEpisodeNamed(c, v);
        if (c.update() == EpisodeUpdate.FOUND && c.end() == null) {
            v.add(new FieldViolation(Fields.END, Rules.END_REQUIRED,
                    "a found update gives when the child was found or returned"));
        }
        checkTimes(c, v);
        if (c.riskLevel() == null && (c.update() == EpisodeUpdate.RISK_REGRADED
                || (c.update() == EpisodeUpdate.REPORTED && c.reportedBy() == ReportedBy.POLICE))) {
            v.add(new FieldViolation(Fields.RISK_LEVEL, Rules.RISK_REQUIRED,
                    "a regrade, and a police report, give the risk level"));
        }
        if (c.riskRationale() != null && (c.reportedBy() == ReportedBy.CHILDRENS_HOME
                || c.reportedBy() == ReportedBy.FOSTER_CARER)) {
            v.add(new FieldViolation(Fields.RISK_RATIONALE, Rules.RISK_RATIONALE_REPORTER,
                    "the reason for a risk grade comes from the police or the council, not a home or carer"));
        }
        if (c.hostAuthority() != null) {
            if (Boolean.FALSE.equals(c.lookedAfter())) {
                v.add(new FieldViolation(Fields.HOST_AUTHORITY, Rules.HOST_NOT_LOOKED_AFTER,
                        "only a looked-after child placed out of area has a host authority"));
            } else if (c.hostAuthority().equals(c.placingAuthority())) {
                v.add(new FieldViolation(Fields.HOST_AUTHORITY, Rules.HOST_IS_PLACING,
                        "the host authority is given only when it is not the placing authority"));
            }
        }
        if (c.update() == EpisodeUpdate.REPORTED && Boolean.FALSE.equals(c.lookedAfter())
                && c.placingAuthority() == null && c.homePostcode() == null && c.missingFromPostcode() == null) {
            v.add(new FieldViolation(Fields.CHILD_HOME_POSTCODE, Rules.HOME_REQUIRED, "a report of a child missing"
                    + " from home gives the home postcode (or the responsible authority), to find who is told"));
        }
        v.sort(java.util.Comparator.comparingInt(x -> order(x.field())));
        return v;
    }

    /** Who may report what: a force reports as police, for itself; a council for itself, a home or a carer. */
    private static void checkReporter(Candidate c, List<FieldViolation> v) {
        if (c.sender() != null && c.reportedBy() != null) {
            boolean police = c.reportedBy() == ReportedBy.POLICE;
            boolean fits = switch (c.sender().type()) {
                case POLICE_FORCE -> police;
                case LOCAL_AUTHORITY -> !police;
                default -> false;
            };
            if (!fits) {
                v.add(new FieldViolation(Fields.REPORTED_BY, Rules.REPORTED_BY_SENDER, "a police force sends the"
                        + " reports it took (POLICE); a council sends its own and those of homes and carers"));
            }
            if (police && c.sender().type() == OrganisationType.POLICE_FORCE && c.reportingForce() != null
                    && !c.reportingForce().value().equals(c.sender().code())) {
                v.add(new FieldViolation(Fields.REPORTING_FORCE, Rules.REPORTING_FORCE_SENDER,
                        "a force reports its own episodes: the reporting force is the sender"));
            }
        }
        if (c.reportingForce() == null && (c.reportedBy() == ReportedBy.POLICE || c.policeReference() != null)) {
            v.add(new FieldViolation(Fields.REPORTING_FORCE, Rules.REPORTING_FORCE_REQUIRED,
                    "a police report, and a police reference, name the force"));
        }
        if (c.policeReference() != null) {
            checkReference(Fields.POLICE_REFERENCE, c.policeReference(), v);
        }
        if (c.reporterReference() != null) {
            checkReference(Fields.REPORTER_REFERENCE, c.reporterReference(), v);
            if (c.reportedBy() == ReportedBy.POLICE) {
                v.add(new FieldViolation(Fields.REPORTER_REFERENCE, Rules.REPORTER_REFERENCE_POLICE,
                        "a police report is referred to by the police reference"));
            }
        }
    }

    /** A report carries its reporter's reference; any later update names the episode it updates. */
    private static void checkEpisodeNamed(Candidate c, List<FieldViolation> v) {
        if (c.episodeId() != null) {
            checkEpisodeId(Fields.EPISODE_ID, c.episodeId(), v);
        }
        if (c.update() == EpisodeUpdate.REPORTED) {
            if (c.episodeId() != null) {
                v.add(new FieldViolation(Fields.EPISODE_ID, Rules.EPISODE_ID_ON_REPORT,
                        "a first report names no episode id: the gateway assigns it"));
            }
            if (c.reportedBy() == ReportedBy.POLICE && c.policeReference() == null) {
                v.add(new FieldViolation(Fields.POLICE_REFERENCE, Rules.REFERENCE_REQUIRED,
                        "a police report gives the force's reference, by which later updates name it"));
            } else if (c.reportedBy() != null && c.reportedBy() != ReportedBy.POLICE && c.reporterReference() == null) {
                v.add(new FieldViolation(Fields.REPORTER_REFERENCE, Rules.REFERENCE_REQUIRED,
                        "a report gives the reporter's reference, by which later updates name it"));
            }
        } else if (c.update() != null && c.episodeId() == null
                && !(c.reportingForce() != null && c.policeReference() != null) && c.reporterReference() == null) {
            v.add(new FieldViolation(Fields.EPISODE_ID, Rules.EPISODE_UNNAMED, "an update names its episode: by the"
                    + " gateway's episode id, the force and its reference, or the reporter's reference"));
        }
    }

    private static void checkTimes(Candidate c, List<FieldViolation> v) {
        if (c.start() != null && c.dateOfBirth() != null) {
            LocalDate startDay = c.start().toLocalDate();
            if (startDay.isBefore(c.dateOfBirth())) {
                v.add(new FieldViolation(Fields.START, Rules.START_BEFORE_BIRTH,
                        "the episode starts before the child's date of birth"));
            } else if (!startDay.isBefore(c.dateOfBirth().plusYears(ADULT_AGE))) {
                v.add(new FieldViolation(Fields.START, Rules.START_ADULT,
                        "the episode starts on or after the child's 18th birthday: it is not a missing child's"));
            }
        }
        if (c.start() != null && c.end() != null && c.end().isBefore(c.start())) {
            v.add(new FieldViolation(Fields.END, Rules.END_BEFORE_START, "the episode ends before it starts"));
        }
        if (c.updatedAt() != null) {
            if (c.start() != null && c.start().isAfter(c.updatedAt())) {
                v.add(new FieldViolation(Fields.START, Rules.START_AFTER_UPDATE,
                        "the episode starts after the update that reports it"));
            }
            if (c.end() != null && c.end().isAfter(c.updatedAt())) {
                v.add(new FieldViolation(Fields.END, Rules.END_AFTER_UPDATE,
                        "the episode ends after the update that reports it"));
            }
            if (c.safeAndWellCheck() != null && c.safeAndWellCheck().isAfter(c.updatedAt())) {
                v.add(new FieldViolation(Fields.SAFE_AND_WELL_CHECK, Rules.CHECK_AFTER_UPDATE,
                        "the prevention interview is after the update that reports it"));
            }
        }
    }

    /** True when the text has the shape of an episode id the gateway assigns. */
    public static boolean isEpisodeId(String text) {
        return EPISODE_ID_SHAPE.matcher(text).matches();
    }

    static void checkEpisodeId(String field, String episodeId, List<FieldViolation> v) {
        if (!isEpisodeId(episodeId)) {
            v.add(new FieldViolation(field, Rules.EPISODE_ID_FORMAT,
                    "the episode id is the gateway's: ME- and up to 64 letters, digits or hyphens"));
        }
    }

    /** A police or reporter reference: opaque, but short and printable. */
    static void checkReference(String field, String reference, List<FieldViolation> v) {
        if (!REFERENCE_SHAPE.matcher(reference).matches()) {
            v.add(new FieldViolation(field, Rules.REFERENCE_FORMAT, "a reference is 1 to 50 letters, digits, spaces,"
                    + " slashes, dots, colons, hyphens or underscores, starting with a letter or digit"));
        }
    }

    /** The same update as assigned to its episode by the gateway. */
    public MissingEpisodeNotice withEpisodeId(String id) {
        return new MissingEpisodeNotice(exchangeId, idempotencyKey, sender, update, updatedAt, Optional.of(id),
                reportedBy, reportingForce, policeReference, reporterReference, child, episode, found, philomena,
                strategyDiscussionPrompt);
    }

    /** The same update carrying the gateway's prompt for a strategy discussion (the pattern, in words). */
    public MissingEpisodeNotice withStrategyDiscussionPrompt(String prompt) {
        return new MissingEpisodeNotice(exchangeId, idempotencyKey, sender, update, updatedAt, episodeId, reportedBy,
                reportingForce, policeReference, reporterReference, child, episode, found, philomena,
                Optional.of(prompt));
    }

    /** The same update naming the child's placing (responsible) authority as the gateway recorded it. */
    public MissingEpisodeNotice withPlacingAuthority(DfeLaCode responsible) {
        Child c = new Child(child.identity(), child.lookedAfter(), Optional.of(responsible), child.homePostcode());
        return new MissingEpisodeNotice(exchangeId, idempotencyKey, sender, update, updatedAt, episodeId, reportedBy,
                reportingForce, policeReference, reporterReference, c, episode, found, philomena,
                strategyDiscussionPrompt);
    }

    /** The same update with the host authority the gateway knows (from the placement), when the sender gave none. */
    public MissingEpisodeNotice withHostAuthority(DfeLaCode host) {
        Episode e = new Episode(episode.type(), episode.start(), episode.riskLevel(), episode.riskLevelAsSent(),
                episode.riskRationale(), episode.missingFromPostcode(), episode.lastSeenLocation(), Optional.of(host),
                episode.concerns(), episode.circumstances());
        return new MissingEpisodeNotice(exchangeId, idempotencyKey, sender, update, updatedAt, episodeId, reportedBy,
                reportingForce, policeReference, reporterReference, child, e, found, philomena,
                strategyDiscussionPrompt);
    }

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.MISSING_EPISODE;
    }

    public boolean isLookedAfter() {
        return child.lookedAfter();
    }

    /** The placing (responsible) authority of a looked-after child, or the responsible authority the sender named. */
    public Optional<DfeLaCode> placingAuthority() {
        return child.placingAuthority();
    }

    public Optional<DfeLaCode> hostAuthority() {
        return episode.hostAuthority();
    }

    public Optional<DfeLaCode> foundAuthority() {
        return found.flatMap(Found::foundAuthority);
    }

    public Optional<SchoolUrn> schoolUrn() {
        return child.identity().schoolUrn();
    }

    public Optional<Postcode> childHomePostcode() {
        return child.homePostcode();
    }

    public Optional<Postcode> missingFromPostcode() {
        return episode.missingFromPostcode();
    }

    public Instant start() {
        return episode.start().toInstant();
    }

    /** When the child was found or returned; empty while the episode is open. */
    public Optional<Instant> end() {
        return found.map(f -> f.end().toInstant());
    }

    public Optional<RiskLevel> riskLevel() {
        return episode.riskLevel();
    }

    /** Identifiers only, never personal data. */
    @Override
    public String toString() {
        return "MissingEpisodeNotice[exchangeId=" + exchangeId + ", sender=" + sender.id() + ", update=" + update
                + episodeId.map(id -> ", episodeId=" + id).orElse("") + "]";
    }

    @Override
    public Map<String, String> fields() {
        Map<String, String> f = new HashMap<>();
        reportingForce.ifPresent(x -> f.put(Fields.REPORTING_FORCE, x.value()));
        policeReference.ifPresent(x -> f.put(Fields.POLICE_REFERENCE, x));
        f.put(Fields.TYPE, episode.type().code());
        f.put(Fields.START, dateTime(episode.start()));
        episode.missingFromPostcode().ifPresent(x -> f.put(Fields.MISSING_FROM_POSTCODE, x.value()));
        episode.lastSeenLocation().ifPresent(x -> f.put(Fields.LAST_SEEN_LOCATION, x));
        episode.riskLevel().ifPresent(x -> f.put(Fields.RISK_LEVEL, x.code()));
        episode.riskLevelAsSent().ifPresent(x -> f.put(Fields.RISK_LEVEL_AS_SENT, x));
        episode.riskRationale().ifPresent(x -> f.put(Fields.RISK_RATIONALE, x));
        episode.hostAuthority().ifPresent(x -> f.put(Fields.HOST_AUTHORITY, x.value()));
        episode.concerns().ifPresent(x -> f.put(Fields.CONCERNS, x));
        episode.circumstances().ifPresent(x -> f.put(Fields.CIRCUMSTANCES, x));
        found.ifPresent(x -> {
            f.put(Fields.END, dateTime(x.end()));
            x.foundAuthority().ifPresent(y -> f.put(Fields.FOUND_AUTHORITY, y.value()));
            x.foundLocation().ifPresent(y -> f.put(Fields.FOUND_LOCATION, y));
            x.foundWith().ifPresent(y -> f.put(Fields.FOUND_WITH, y));
            if (!x.condition().isEmpty()) {
                f.put(Fields.FOUND_CONDITION,
                        x.condition().stream().map(FoundCondition::code).collect(Collectors.joining(",")));
            }
            x.preventionInterview().ifPresent(y -> f.put(Fields.PREVENTION_INTERVIEW, y.code()));
            x.safeAndWellCheck().ifPresent(y -> f.put(Fields.SAFE_AND_WELL_CHECK, dateTime(y)));
            x.healthConcerns().ifPresent(y -> f.put(Fields.HEALTH_CONCERNS, y));
        });
        child.identity().putFields(f);
        child.homePostcode().ifPresent(x -> f.put(Fields.CHILD_HOME_POSTCODE, x.value()));
        f.put(Fields.CHILD_LOOKED_AFTER, Boolean.toString(child.lookedAfter()));
        child.placingAuthority().ifPresent(x -> f.put(Fields.CHILD_PLACING_AUTHORITY, x.value()));
        philomena.ifPresent(p -> {
            f.put(Fields.PHILOMENA_FORM_HELD, "true");
            p.description().ifPresent(x -> f.put(Fields.PHILOMENA_DESCRIPTION, x));
            p.associates().ifPresent(x -> f.put(Fields.PHILOMENA_ASSOCIATES, x));
            p.placesFrequented().ifPresent(x -> f.put(Fields.PHILOMENA_PLACES_FREQUENTED, x));
            p.medicalNeeds().ifPresent(x -> f.put(Fields.PHILOMENA_MEDICAL_NEEDS, x));
        });
        episodeId.ifPresent(x -> f.put(Fields.EPISODE_ID, x));
        f.put(Fields.UPDATE, update.code());
        f.put(Fields.UPDATED_AT, dateTime(updatedAt));
        f.put(Fields.REPORTED_BY, reportedBy.code());
        reporterReference.ifPresent(x -> f.put(Fields.REPORTER_REFERENCE, x));
        strategyDiscussionPrompt.ifPresent(x -> f.put(Fields.STRATEGY_DISCUSSION_PROMPT, x));
        return inCatalogueOrder(f, exchangeType().fields());
    }

    /** ISO-8601 with the sender's offset and always with seconds, as JSON Schema's date-time wants. */
    static String dateTime(OffsetDateTime t) {
        return t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    static Map<String, String> inCatalogueOrder(Map<String, String> fields, List<String> catalogue) {
        Map<String, String> ordered = new LinkedHashMap<>();
        for (String name : catalogue) {
            String value = fields.get(name);
            if (value != null) {
                ordered.put(name, value);
            }
        }
        if (ordered.size() != fields.size()) {
            throw new IllegalStateException("a field is missing from the catalogue");
        }
        return Collections.unmodifiableMap(ordered);
    }

    private static int order(String field) {
        int i = Fields.ALL.indexOf(field);
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    static Optional<String> stripped(Optional<String> text) {
        return Objects.requireNonNullElse(text, Optional.<String>empty()).map(String::strip);
    }

    /** Names and other free text: the rules of {@link FreeText}; absent (null) text is skipped. */
    static void text(List<FieldViolation> v, String field, String value, int max) {
        if (value != null) {
            v.addAll(FreeText.check(field, value, max));
        }
    }
}
