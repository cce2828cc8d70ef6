package org.bridgeway.model;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The responsible authority (or the authority it handed the task to) reports the return home interview after a
 * missing episode: whether it was offered, accepted and held, by whom, and what it found.
 *
 * <p>The sender names the episode by the gateway's episode id and, optionally, the task. What the gateway knows of
 * the episode (reporting force, host and found authorities, police reference, start and end) is not taken from the
 * sender: the gateway adds it from its episode record ({@link #withEpisode}), and only then is
 * {@code interview.within72Hours} known.
 *
 * <p>Validation follows {@link MissingEpisodeNotice}: every part checks itself, every violation is listed.
 */
public record ReturnInterviewOutcomeNotice(
        String exchangeId,
        String idempotencyKey,
        Organisation sender,
        String episodeId,
        Optional<String> taskId,
        ChildIdentity child,
        Interview interview,
        Optional<EpisodeRecord> episode) implements Notice {
    private static final Pattern TASK_ID_SHAPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    /** The stable dotted names of the fields an outcome carries, in catalogue order. */
    public static final class Fields {
        public static final String LOCAL_AUTHORITY = "interview.localAuthority";
        public static final String PROVIDER = "interview.provider";
        public static final String POLICE_REFERENCE = "episode.policeReference";
        public static final String TYPE = "episode.type";
        public static final String START = "episode.start";
        public static final String END = "episode.end";
        public static final String CHILD_LOCAL_ID = ChildIdentity.Fields.LOCAL_ID;
        public static final String CHILD_NHS_NUMBER = ChildIdentity.Fields.NHS_NUMBER;
        public static final String CHILD_GIVEN_NAME = ChildIdentity.Fields.GIVEN_NAME;
        public static final String CHILD_FAMILY_NAME = ChildIdentity.Fields.FAMILY_NAME;
        public static final String CHILD_DATE_OF_BIRTH = ChildIdentity.Fields.DATE_OF_BIRTH;
        public static final String CHILD_SEX = ChildIdentity.Fields.SEX;
        public static final String OFFERED = "interview.offered";
        public static final String OFFERED_DATE = "interview.offeredDate";
        public static final String ACCEPTED = "interview.accepted";
        /** When it was held: a date-time with offset, so that the 72 hours can be counted. */
        public static final String DATE = "interview.date";
        /** Worked out by the gateway from the episode's end, never taken from the sender. */
        public static final String WITHIN_72_HOURS = "interview.within72Hours";
        public static final String NOT_HELD_REASON = "interview.notHeldReason";
        public static final String REASONS_FOR_MISSING = "interview.reasonsForMissing";
        public static final String WHEREABOUTS = "interview.whereabouts";
        public static final String ASSOCIATES = "interview.associates";
        public static final String EXPLOITATION_CONCERNS = "interview.exploitationConcerns";
        public static final String HEALTH_CONCERNS = "interview.healthConcerns";
        public static final String HARM_DISCLOSED = "interview.harmDisclosed";
        public static final String ACTIONS = "interview.actions";
        public static final String EPISODE_ID = "episode.id";
        public static final String REPORTING_FORCE = "episode.reportingForce";
        public static final String HOST_AUTHORITY = "episode.hostAuthority";
        public static final String FOUND_AUTHORITY = "episode.foundAuthority";
        public static final String TASK_ID = "interview.taskId";
        public static final String COMPLETED_BY = "interview.completedBy";
        public static final String REFERRALS = "interview.referrals";
        public static final String CHILD_VIEW = "interview.childView";
        public static final String CHILD_UPN = ChildIdentity.Fields.UPN;
        public static final String CHILD_SCHOOL_URN = ChildIdentity.Fields.SCHOOL_URN;

        /** The published catalogue, {@link ExchangeType#fields()}, in its order. */
        public static final List<String> ALL = ExchangeType.RETURN_INTERVIEW_OUTCOME.fields();

        private Fields() {
        }
    }

    public static final class Rules {
        public static final String TASK_ID_FORMAT = "interview.taskId.format";
        public static final String ACCEPTED_NOT_OFFERED = "interview.accepted.not-offered";
        public static final String OFFERED_DATE_NOT_OFFERED = "interview.offeredDate.not-offered";
        public static final String HELD_NOT_OFFERED = "interview.date.not-offered";
        public static final String HELD_DECLINED = "interview.date.declined";
        public static final String HELD_BEFORE_OFFER = "interview.date.before-offer";
        public static final String HELD_BEFORE_RETURN = "interview.date.before-return";
        public static final String OFFERED_BEFORE_RETURN = "interview.offeredDate.before-return";
        public static final String NOT_HELD_REASON_REQUIRED = "interview.notHeldReason.required";
        public static final String NOT_HELD_REASON_HELD = "interview.notHeldReason.held";
        public static final String COMPLETED_BY_REQUIRED = "interview.completedBy.required";
        public static final String ACCOUNT_NOT_HELD = "interview.account.not-held";
        public static final String REFERRALS_DUPLICATE = "interview.referrals.duplicate";

        private Rules() {
        }
    }

    /** DfE statutory guidance (2014): the interview is held within 72 hours of the child's return. */
    public static final Duration RETURN_INTERVIEW_DEADLINE = Duration.ofHours(72);
    static final int MAX_ROLE_LENGTH = 200;

    /**
     * The interview. The child's own account (reasons, whereabouts, associates, whether harm was disclosed, their
     * view) exists only for an interview that was held; concerns, actions and referrals may come from elsewhere.
     */
    public record Interview(
            DfeLaCode localAuthority,
            Optional<String> provider,
            Optional<String> completedBy,
            boolean offered,
            Optional<LocalDate> offeredDate,
            Optional<Boolean> accepted,
            Optional<OffsetDateTime> heldAt,
            Optional<String> notHeldReason,
            Optional<String> reasonsForMissing,
            Optional<String> whereabouts,
            Optional<String> associates,
            Optional<String> exploitationConcerns,
            Optional<String> healthConcerns,
            Optional<Boolean> harmDisclosed,
            Optional<String> actions,
            List<Referral> referrals,
            Optional<String> childView) {

        public Interview {
            Objects.requireNonNull(localAuthority, Fields.LOCAL_AUTHORITY);
            provider = MissingEpisodeNotice.stripped(provider);
            completedBy = MissingEpisodeNotice.stripped(completedBy);
            offeredDate = Objects.requireNonNullElse(offeredDate, Optional.empty());
            accepted = Objects.requireNonNullElse(accepted, Optional.empty());
            heldAt = Objects.requireNonNullElse(heldAt, Optional.empty());
            notHeldReason = MissingEpisodeNotice.stripped(notHeldReason);
            reasonsForMissing = MissingEpisodeNotice.stripped(reasonsForMissing);
            whereabouts = MissingEpisodeNotice.stripped(whereabouts);
            associates = MissingEpisodeNotice.stripped(associates);
            exploitationConcerns = MissingEpisodeNotice.stripped(exploitationConcerns);
            healthConcerns = MissingEpisodeNotice.stripped(healthConcerns);
            harmDisclosed = Objects.requireNonNullElse(harmDisclosed, Optional.empty());
            actions = MissingEpisodeNotice.stripped(actions);
            referrals = List.copyOf(Objects.requireNonNullElse(referrals, List.of()));
            childView = MissingEpisodeNotice.stripped(childView);
            Map<String, String> texts = new HashMap<>();
            provider.ifPresent(x -> texts.put(Fields.PROVIDER, x));
            completedBy.ifPresent(x -> texts.put(Fields.COMPLETED_BY, x));
            notHeldReason.ifPresent(x -> texts.put(Fields.NOT_HELD_REASON, x));
            reasonsForMissing.ifPresent(x -> texts.put(Fields.REASONS_FOR_MISSING, x));
            whereabouts.ifPresent(x -> texts.put(Fields.WHEREABOUTS, x));
            associates.ifPresent(x -> texts.put(Fields.ASSOCIATES, x));
            exploitationConcerns.ifPresent(x -> texts.put(Fields.EXPLOITATION_CONCERNS, x));
            healthConcerns.ifPresent(x -> texts.put(Fields.HEALTH_CONCERNS, x));
            actions.ifPresent(x -> texts.put(Fields.ACTIONS, x));
            childView.ifPresent(x -> texts.put(Fields.CHILD_VIEW, x));
            InvalidNoticeException.throwIfAny(check(offered, offeredDate.orElse(null), accepted.orElse(null),
                    heldAt.orElse(null), harmDisclosed.isPresent(), referrals, texts));
        }

        /**
         * The interview's rules. {@code texts} holds the free-text fields given, by field name; a null argument is
         * absent or already reported, and is skipped.
         */
        public static List<FieldViolation> check(Boolean offered, LocalDate offeredDate, Boolean accepted,
                                                 OffsetDateTime heldAt, boolean harmDisclosedGiven,
                                                 List<Referral> referrals, Map<String, String> texts) {
            List<FieldViolation> v = new ArrayList<>();
            texts.forEach((field, text) -> MissingEpisodeNotice.text(v, field,  text, maxLength(field)));
            boolean notOffered = Boolean.FALSE.equals(offered);
            if (notOffered && accepted != null) {
                v.add(new FieldViolation(Fields.ACCEPTED, Rules.ACCEPTED_NOT_OFFERED,
                        "an interview that was not offered was not accepted or declined"));
            }
            if (notOffered && offeredDate != null) {
                v.add(new FieldViolation(Fields.OFFERED_DATE, Rules.OFFERED_DATE_NOT_OFFERED,
                        "an interview that was not offered has no offer date"));
            }
            if (heldAt != null) {
                if (notOffered) {
                    v.add(new FieldViolation(Fields.DATE, Rules.HELD_NOT_OFFERED,
                            "an interview that was held was offered"));
                }
                if (Boolean.FALSE.equals(accepted)) {
                    v.add(new FieldViolation(Fields.DATE, Rules.HELD_DECLINED,
                            "an interview the child declined was not held"));
                }
                if (offeredDate != null && heldAt.toLocalDate().isBefore(offeredDate)) {
                    v.add(new FieldViolation(Fields.DATE, Rules.HELD_BEFORE_OFFER,
                            "the interview is held before it was offered"));
                }
                if (texts.containsKey(Fields.NOT_HELD_REASON)) {
                    v.add(new FieldViolation(Fields.NOT_HELD_REASON, Rules.NOT_HELD_REASON_HELD,
                            "an interview that was held has no reason for not being held"));
                }
                if (!texts.containsKey(Fields.COMPLETED_BY)) {
                    v.add(new FieldViolation(Fields.COMPLETED_BY, Rules.COMPLETED_BY_REQUIRED,
                            "an interview that was held says who held it (role and team)"));
                }
            } else if (offered != null && !texts.containsKey(Fields.NOT_HELD_REASON)) {
                v.add(new FieldViolation(Fields.NOT_HELD_REASON, Rules.NOT_HELD_REASON_REQUIRED,
                        "an interview that was not held says why (not offered, declined, not contactable, ...)"));
            }
            if (heldAt == null) {
                for (String account : List.of(Fields.REASONS_FOR_MISSING, Fields.WHEREABOUTS, Fields.ASSOCIATES,
                        Fields.CHILD_VIEW)) {
                    if (texts.containsKey(account)) {
                        v.add(new FieldViolation(account, Rules.ACCOUNT_NOT_HELD,
                                "the child's own account comes from an interview that was held"));
                    }
                }
                if (harmDisclosedGiven) {
                    v.add(new FieldViolation(Fields.HARM_DISCLOSED, Rules.ACCOUNT_NOT_HELD,
                            "the child's own account comes from an interview that was held"));
                }
            }
            if (referrals != null && new HashSet<>(referrals).size() < referrals.size()) {
                v.add(new FieldViolation(Fields.REFERRALS, Rules.REFERRALS_DUPLICATE,
                        "a referral is given more than once"));
            }
            v.sort(Comparator.comparingInt(x -> Fields.ALL.indexOf(x.field())));
            return v;
        }

        static int maxLength(String field) {
            return field.equals(Fields.PROVIDER) || field.equals(Fields.COMPLETED_BY)
                    ? MAX_ROLE_LENGTH : MissingEpisodeNotice.MAX_NARRATIVE_LENGTH;
        }

        @Override
        public String toString() {
            return "Interview[localAuthority=" + localAuthority + "]";
        }
    }

    /** What the gateway's episode record says of the episode the interview follows. */
    public record EpisodeRecord(
            Optional<PoliceForceCode> reportingForce,
            Optional<DfeLaCode> hostAuthority,
            Optional<DfeLaCode> foundAuthority,
            Optional<String> policeReference,
            Instant start,
            Instant end) {

        public EpisodeRecord {
            reportingForce = Objects.requireNonNullElse(reportingForce, Optional.empty());
            hostAuthority = Objects.requireNonNullElse(hostAuthority, Optional.empty());
            foundAuthority = Objects.requireNonNullElse(foundAuthority, Optional.empty());
            policeReference = Objects.requireNonNullElse(policeReference, Optional.empty());
            Objects.requireNonNull(start, Fields.START);
            Objects.requireNonNull(end, Fields.END);
        }
    }

    public ReturnInterviewOutcomeNotice {
        Objects.requireNonNull(exchangeId, "exchangeId");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(episodeId, Fields.EPISODE_ID);
        episodeId = episodeId.strip();
        taskId = MissingEpisodeNotice.stripped(taskId);
        Objects.requireNonNull(child, "child");
        Objects.requireNonNull(interview, "interview");
        episode = Objects.requireNonNullElse(episode, Optional.empty());
        List<FieldViolation> v = new ArrayList<>(check(episodeId, taskId.orElse(null)));
        episode.ifPresent(e -> v.addAll(checkAgainstEpisode(interview.offeredDate().orElse(null),
                interview.heldAt().orElse(null), e.end())));
        InvalidNoticeException.throwIfAny(v);
    }

    /** A notice as the authority sends it, before the gateway adds its episode record. */
    public ReturnInterviewOutcomeNotice(String exchangeId, String idempotencyKey, Organisation sender,
                                        String episodeId, Optional<String> taskId, ChildIdentity child,
                                        Interview interview) {
        this(exchangeId, idempotencyKey, sender, episodeId, taskId, child, interview, Optional.empty());
    }

    /** The identifiers' rules: the episode id is the gateway's, the task id short and plain. */
    public static List<FieldViolation> check(String episodeId, String taskId) {
        List<FieldViolation> v = new ArrayList<>();
        if (episodeId != null) {
            MissingEpisodeNotice.checkEpisodeId(Fields.EPISODE_ID, episodeId, v);
        }
        if (taskId != null) {
            checkTaskId(Fields.TASK_ID, taskId, v);
        }
        return v;
    }

    static void checkTaskId(String field, String taskId, List<FieldViolation> v) {
        if (!TASK_ID_SHAPE.matcher(taskId).matches()) {
            v.add(new FieldViolation(field, Rules.TASK_ID_FORMAT,
                    "the task id is the gateway's: up to 64 letters, digits, dots, colons, hyphens or underscores"));
        }
    }

    /** An offer and an interview follow the child's return, by the episode record. */
    public static List<FieldViolation> checkAgainstEpisode(LocalDate offeredDate, OffsetDateTime heldAt,
                                                           Instant end) {
        List<FieldViolation> v = new ArrayList<>();
        if (offeredDate != null && offeredDate.isBefore(end.atOffset(java.time.ZoneOffset.UTC).toLocalDate()
                .minusDays(1))) {
            // a day's grace: the offer date is a local date and the end an instant
            v.add(new FieldViolation(Fields.OFFERED_DATE, Rules.OFFERED_BEFORE_RETURN,
                    "the interview is offered before the child returned, by the gateway's episode record"));
        }
        if (heldAt != null && heldAt.toInstant().isBefore(end)) {
            v.add(new FieldViolation(Fields.DATE, Rules.HELD_BEFORE_RETURN,
                    "the interview is held before the child returned, by the gateway's episode record"));
        }
        return v;
    }

    /**
     * The same outcome with what the gateway's record says of the episode.
     *
     * @throws InvalidNoticeException when the interview comes before the child's return by that record
     */
    public ReturnInterviewOutcomeNotice withEpisode(Optional<PoliceForceCode> reportingForce,
                                                    Optional<DfeLaCode> hostAuthority,
                                                    Optional<DfeLaCode> foundAuthority,
                                                    Optional<String> policeReference, Instant start, Instant end) {
        return new ReturnInterviewOutcomeNotice(exchangeId, idempotencyKey, sender, episodeId, taskId, child,
                interview, Optional.of(new EpisodeRecord(reportingForce, hostAuthority, foundAuthority,
                        policeReference, start, end)));
    }

    /**
     * Whether the interview was held within 72 hours of the child's return; empty until the gateway has added
     * the episode record. An interview not held was not held in time.
     */
    public Optional<Boolean> heldWithin72Hours() {
        return episode.map(e -> interview.heldAt()
                .map(h -> !h.toInstant().isAfter(e.end().plus(RETURN_INTERVIEW_DEADLINE))).orElse(false));
    }

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.RETURN_INTERVIEW_OUTCOME;
    }

    /** Identifiers only, never personal data. */
    @Override
    public String toString() {
        return "ReturnInterviewOutcomeNotice[exchangeId=" + exchangeId + ", sender=" + sender.id() + ", episodeId="
                + episodeId + taskId.map(t -> ", taskId=" + t).orElse("") + "]";
    }

    @Override
    public Map<String, String> fields() {
        Map<String, String> f = new HashMap<>();
        Interview i = interview;
        f.put(Fields.LOCAL_AUTHORITY, i.localAuthority().value());
        i.provider().ifPresent(x -> f.put(Fields.PROVIDER, x));
        episode.ifPresent(e -> {
            e.policeReference().ifPresent(x -> f.put(Fields.POLICE_REFERENCE, x));
            f.put(Fields.START, e.start().toString());
            f.put(Fields.END, e.end().toString());
            e.reportingForce().ifPresent(x -> f.put(Fields.REPORTING_FORCE, x.value()));
            e.hostAuthority().ifPresent(x -> f.put(Fields.HOST_AUTHORITY, x.value()));
            e.foundAuthority().ifPresent(x -> f.put(Fields.FOUND_AUTHORITY, x.value()));
        });
        child.putFields(f);
        f.put(Fields.OFFERED, Boolean.toString(i.offered()));
        i.offeredDate().ifPresent(x -> f.put(Fields.OFFERED_DATE, x.toString()));
        i.accepted().ifPresent(x -> f.put(Fields.ACCEPTED, x.toString()));
        i.heldAt().ifPresent(x -> f.put(Fields.DATE, MissingEpisodeNotice.dateTime(x)));
        heldWithin72Hours().ifPresent(x -> f.put(Fields.WITHIN_72_HOURS, x.toString()));
        i.notHeldReason().ifPresent(x -> f.put(Fields.NOT_HELD_REASON, x));
        i.reasonsForMissing().ifPresent(x -> f.put(Fields.REASONS_FOR_MISSING, x));
        i.whereabouts().ifPresent(x -> f.put(Fields.WHEREABOUTS, x));
        i.associates().ifPresent(x -> f.put(Fields.ASSOCIATES, x));
        i.exploitationConcerns().ifPresent(x -> f.put(Fields.EXPLOITATION_CONCERNS, x));
        i.healthConcerns().ifPresent(x -> f.put(Fields.HEALTH_CONCERNS, x));
        i.harmDisclosed().ifPresent(x -> f.put(Fields.HARM_DISCLOSED, x.toString()));
        i.actions().ifPresent(x -> f.put(Fields.ACTIONS, x));
        f.put(Fields.EPISODE_ID, episodeId);
        taskId.ifPresent(x -> f.put(Fields.TASK_ID, x));
        i.completedBy().ifPresent(x -> f.put(Fields.COMPLETED_BY, x));
        if (!i.referrals().isEmpty()) {
            f.put(Fields.REFERRALS, i.referrals().stream().map(Referral::code).collect(Collectors.joining(",")));
        }
        i.childView().ifPresent(x -> f.put(Fields.CHILD_VIEW, x));
        return MissingEpisodeNotice.inCatalogueOrder(f, exchangeType().fields());
    }
}
