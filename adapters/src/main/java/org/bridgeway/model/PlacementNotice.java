package org.bridgeway.model;

import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A local authority tells the area a looked-after child has been placed in (Care Planning, Placement and Case
 * Review (England) Regulations 2010, reg 13(4); ADCS / College of Policing notification of the host force).
 *
 * <p>The placing authority is the sender; the placement area is where the placement postcode lies.
 */
public record PlacementNotice(
        String exchangeId,
        Organisation sender,
        String idempotencyKey,
        Child child,
        Placement placement,
        List<String> risks,
        Lifecycle lifecycle,
        boolean highRiskOfExploitation,
        Notification notification) implements Notice {

    /** The stable dotted names of every field a placement notice can carry. */
    public static final class Fields {
        public static final String PLACING_AUTHORITY = "placingAuthority.code";
        public static final String CHILD_LOCAL_ID = "child.localId";
        public static final String CHILD_NHS_NUMBER = "child.nhsNumber";
        public static final String CHILD_UPN = "child.upn";
        public static final String CHILD_GIVEN_NAME = "child.givenName";
        public static final String CHILD_FAMILY_NAME = "child.familyName";
        public static final String CHILD_SEX = "child.sex";
        public static final String CHILD_DATE_OF_BIRTH = "child.dateOfBirth";
        public static final String CHILD_ETHNICITY = "child.ethnicity";
        public static final String CHILD_HOME_POSTCODE = "child.homePostcode";
        public static final String PLACEMENT_START_DATE = "placement.startDate";
        public static final String PLACEMENT_REASON_FOR_NEW_EPISODE = "placement.reasonForNewEpisode";
        public static final String PLACEMENT_LEGAL_STATUS = "placement.legalStatus";
        public static final String PLACEMENT_CATEGORY_OF_NEED = "placement.categoryOfNeed";
        public static final String PLACEMENT_TYPE = "placement.type";
        public static final String PLACEMENT_PROVIDER = "placement.provider";
        public static final String PLACEMENT_POSTCODE = "placement.postcode";
        public static final String PLACEMENT_LOCAL_AUTHORITY = "placement.localAuthority";
        public static final String PLACEMENT_PROVIDER_URN = "placement.providerUrn";
        public static final String PLACEMENT_REASON_FOR_CHANGE = "placement.reasonForChange";
        public static final String RISKS = "risks";

        // What happened to the placement, and whether the host force must be told of it.
        /** STARTED, CHANGED or ENDED ({@link PlacementEvent}); always present, a policy fact. */
        public static final String PLACEMENT_EVENT = "placement.event";
        /** For CHANGED: NEW_CARER_OR_ADDRESS or MOVED_AREA ({@link PlacementChange}). */
        public static final String PLACEMENT_CHANGE = "placement.change";
        /** For ENDED the placement's end; for CHANGED the previous placement's end, where known. */
        public static final String PLACEMENT_END_DATE = "placement.endDate";
        /** For ENDED: the SSDA903 REC code ({@link #END_REASONS}). */
        public static final String PLACEMENT_END_REASON = "placement.endReason";
        /** For MOVED_AREA: DfE number of the area the child left. */
        public static final String PLACEMENT_PREVIOUS_LOCAL_AUTHORITY = "placement.previousLocalAuthority";
        /**
         * "true" when the placing authority judges the child at high risk of criminal or sexual exploitation
         * (HMICFRS 2020 recommendation 7); absent otherwise. A policy fact. Not under {@code risks.}: {@code risks}
         * is itself a field (a list), and a name cannot be both a field and a branch of the rendered JSON.
         */
        public static final String HIGH_RISK_OF_EXPLOITATION = "highRiskOfExploitation";

        /** The fields only a change or an end carries. */
        public static final List<String> OF_CHANGES_AND_ENDS = List.of(PLACEMENT_CHANGE, PLACEMENT_END_DATE,
                PLACEMENT_END_REASON, PLACEMENT_PREVIOUS_LOCAL_AUTHORITY);
        // Timeliness and contacts: the sender's emergency flag, and what the gateway adds when it receives the
        // notice (Notification).
        public static final String PLACEMENT_EMERGENCY = "placement.emergency";
        public static final String NOTIFICATION_RECEIVED_ON = "notification.receivedOn";
        public static final String NOTIFICATION_DUE_BY = "notification.dueBy";
        public static final String NOTIFICATION_WORKING_DAYS_LATE = "notification.workingDaysLate";
        public static final String NOTIFICATION_TIMELINESS = "notification.timeliness";
        public static final String CHILD_NAMES_NOT_CARRIED = "child.namesNotCarried";
        public static final String PLACING_AUTHORITY_OFFICE_CONTACT = "placingAuthority.officeContact";
        public static final String PLACING_AUTHORITY_OUT_OF_HOURS_CONTACT = "placingAuthority.outOfHoursContact";

        public static final List<String> ALL = List.of(PLACING_AUTHORITY, CHILD_LOCAL_ID, CHILD_NHS_NUMBER, CHILD_UPN,
                CHILD_GIVEN_NAME, CHILD_FAMILY_NAME, CHILD_SEX, CHILD_DATE_OF_BIRTH, CHILD_ETHNICITY,
                CHILD_HOME_POSTCODE, PLACEMENT_START_DATE, PLACEMENT_REASON_FOR_NEW_EPISODE, PLACEMENT_LEGAL_STATUS,
                PLACEMENT_CATEGORY_OF_NEED, PLACEMENT_TYPE, PLACEMENT_PROVIDER, PLACEMENT_POSTCODE,
                PLACEMENT_LOCAL_AUTHORITY, PLACEMENT_PROVIDER_URN, PLACEMENT_REASON_FOR_CHANGE, RISKS,
                // what happened, whether the force is told
                PLACEMENT_EVENT, PLACEMENT_CHANGE, PLACEMENT_END_DATE, PLACEMENT_END_REASON,
                PLACEMENT_PREVIOUS_LOCAL_AUTHORITY, HIGH_RISK_OF_EXPLOITATION,
                // timeliness and contacts
                PLACEMENT_EMERGENCY, NOTIFICATION_RECEIVED_ON, NOTIFICATION_DUE_BY, NOTIFICATION_WORKING_DAYS_LATE,
                NOTIFICATION_TIMELINESS, CHILD_NAMES_NOT_CARRIED, PLACING_AUTHORITY_OFFICE_CONTACT,
                PLACING_AUTHORITY_OUT_OF_HOURS_CONTACT);

        private Fields() {
        }
    }

    /**
     * SSDA903 REC codes of an end of care (DfE validator rule 149), the reasons an ENDED notice can give. Not X1: that
     * episode ceased for a new one to begin the same day (a change of placement or of legal status), no end.
     */
    public static final List<String> END_REASONS = List.of("E11", "E12", "E2", "E3", "E4A", "E4B", "E41", "E45",
            "E46", "E47", "E48", "E5", "E6", "E7", "E8", "E9", "E13", "E14", "E15", "E16", "E17");

    /**
     * What the notice tells of its placement. A start names nothing more; a change how it changed, the previous
     * placement's end where known and, for a move, the area left; an end its date and reason. The placement itself
     * is the placement as it is now: for a change the new one (its start the change's date), for an end the one
     * that ended.
     */
    public record Lifecycle(PlacementEvent event, Optional<PlacementChange> change, Optional<LocalDate> endDate,
                            Optional<String> endReason, Optional<Organisation> previousLocalAuthority) {
        /** A placement started: today's notices, and any whose sender names no event. */
        public static final Lifecycle STARTED = new Lifecycle(PlacementEvent.STARTED, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());

        public Lifecycle {
            Objects.requireNonNull(event, "placement.event");
            boolean changed = event == PlacementEvent.CHANGED;
            boolean ended = event == PlacementEvent.ENDED;
            if (changed != change.isPresent()) {
                throw new InvalidValueException("placement.change.required", "placement.change is given with, and"
                        + " only with, a CHANGED notice");
            }
            if (ended && endDate.isEmpty()) {
                throw new InvalidValueException("placement.endDate.required", "an ENDED notice gives"
                        + " placement.endDate, the day the placement ended");
            }
            if (ended != endReason.isPresent()) {
                throw new InvalidValueException("placement.endReason.required", "an ENDED notice, and only an ENDED"
                        + " notice, gives placement.endReason");
            }
            if (event == PlacementEvent.STARTED && endDate.isPresent()) {
                throw new InvalidValueException("placement.endDate.not-a-start", "a start has no placement.endDate");
            }
            if (change.equals(Optional.of(PlacementChange.MOVED_AREA)) != previousLocalAuthority.isPresent()) {
                throw new InvalidValueException("placement.previousLocalAuthority.required",
                        "placement.previousLocalAuthority is given with, and only with, a MOVED_AREA change");
            }
            endReason.filter(r -> !END_REASONS.contains(r)).ifPresent(r -> {
                throw new InvalidValueException("placement.endReason.code", "placement.endReason must be one of "
                        + String.join(", ", END_REASONS));
            });
        }

        /** A move to another area: for the area left, the end of the placement there. */
        public boolean isMove() {
            return change.equals(Optional.of(PlacementChange.MOVED_AREA));
        }

        /** Names the event only: dates stay out of any log line. */
        @Override
        public String toString() {
            return "Lifecycle[" + event + change.map(c -> " " + c).orElse("") + "]";
        }

        public static Lifecycle changed(PlacementChange change, Optional<LocalDate> previousEnd,
                                        Optional<Organisation> previousLocalAuthority) {
            return new Lifecycle(PlacementEvent.CHANGED, Optional.of(change), previousEnd, Optional.empty(),
                    previousLocalAuthority);
        }

        public static Lifecycle ended(LocalDate endDate, String endReason) {
            return new Lifecycle(PlacementEvent.ENDED, Optional.empty(), Optional.of(endDate),
                    Optional.of(endReason), Optional.empty());
        }
    }

    /** SSDA903 SEX: 1 male, 2 female. */
    public enum Sex {
        MALE("1"), FEMALE("2");

        private final String ssda903Code;

        Sex(String ssda903Code) {
            this.ssda903Code = ssda903Code;
        }

        public String ssda903Code() {
            return ssda903Code;
        }

        public static Sex fromSsda903(String code) {
            for (Sex s : values()) {
                if (s.ssda903Code.equals(code)) {
                    return s;
                }
            }
            throw new InvalidValueException("ssda903.sex", "SEX must be 1 (male) or 2 (female)");
        }
    }

    /** The child as the placing authority records it. Optional parts are absent when not known. */
    public record Child(
            String localId,
            Optional<NhsNumber> nhsNumber,
            Optional<Upn> upn,
            Optional<String> givenName,
            Optional<String> familyName,
            Sex sex,
            LocalDate dateOfBirth,
            Optional<String> ethnicity,
            Optional<Postcode> homePostcode) {
        /** Names no value: a child must never reach a log line through a careless toString. */
        @Override
        public String toString() {
            return "Child[personal data withheld]";
        }

        public Child {
            Objects.requireNonNull(localId, "child.localId");
            Objects.requireNonNull(sex, "child.sex");
            Objects.requireNonNull(dateOfBirth, "child.dateOfBirth");
        }
    }

    /** The placement, with SSDA903 codes: RNE, LS, CIN, PLACE, PLACE_PROVIDER, REASON_PLACE_CHANGE. */
    public record Placement(
            LocalDate startDate,
            String reasonForNewEpisode,
            String legalStatus,
            Optional<String> categoryOfNeed,
            String type,
            Optional<String> provider,
            Postcode postcode,
            Organisation localAuthority,
            Optional<String> providerUrn,
            Optional<String> reasonForChange) {
        /** Names only the authority: the postcode and dates stay out of any log line. */
        @Override
        public String toString() {
            return "Placement[localAuthority=" + localAuthority.id() + "]";
        }

        public Placement {
            Objects.requireNonNull(startDate, "placement.startDate");
            Objects.requireNonNull(type, "placement.type");
            Objects.requireNonNull(postcode, "placement.postcode");
            Objects.requireNonNull(localAuthority, "placement.localAuthority");
        }
    }

    /** How the notice came to the gateway: what it can carry depends on it. */
    public enum Source {
        /** The authority's case system, in real time, through the JSON API. */
        CASE_SYSTEM,
        /** An SSDA903 return: a statutory return after the event, which carries no names. */
        SSDA903_RETURN
    }

    /** Whether a notice is on time (regulation 13; regulation 14 for an end). */
    public enum Timeliness { ON_TIME, LATE }

    /**
     * The sentence a notice built from an SSDA903 return carries in place of the child's names, so that a recipient
     * who needs them knows why they are missing and whom to ask.
     */
    public static final String NAMES_NOT_CARRIED = "This notice was built from the placing authority's SSDA903"
            + " return, which carries no names: ask the placing authority for the child's name, using its contacts"
            + " in this notice.";

    /**
     * Timeliness and contacts. What the sender says ({@code source}, {@code emergency}:
     * an emergency placement may be notified up to 5 working days after it starts) and what the gateway adds on
     * receipt: when it received the notice against when it was due, and how to reach the placing authority now,
     * from the council directory. The gateway's additions are absent until it has made them.
     *
     * @param workingDaysLate working days after {@code dueBy} that the notice arrived; 0 when on time
     */
    public record Notification(Source source, boolean emergency, Optional<LocalDate> receivedOn,
                               Optional<LocalDate> dueBy, int workingDaysLate, Optional<String> officeContact,
                               Optional<String> outOfHoursContact) {
        public Notification {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(receivedOn, "receivedOn");
            Objects.requireNonNull(dueBy, "dueBy");
            Objects.requireNonNull(officeContact, "officeContact");
            Objects.requireNonNull(outOfHoursContact, "outOfHoursContact");
            if (workingDaysLate < 0) {
                throw new IllegalArgumentException("notification.workingDaysLate cannot be negative");
            }
        }

        /** What the sender says, before the gateway adds anything. */
        public static Notification sent(Source source, boolean emergency) {
            return new Notification(source, emergency, Optional.empty(), Optional.empty(), 0, Optional.empty(),
                    Optional.empty());
        }

        /** The same, with the gateway's measure of its timeliness. */
        public Notification measured(LocalDate received, LocalDate due, int late) {
            return new Notification(source, emergency, Optional.of(received), Optional.of(due), late, officeContact,
                    outOfHoursContact);
        }

        /** The same, with the placing authority's contacts from the directory. */
        public Notification withContacts(String office, String outOfHours) {
            return new Notification(source, emergency, receivedOn, dueBy, workingDaysLate, Optional.of(office),
                    Optional.of(outOfHours));
        }

        /** Present once measured. */
        public Optional<Timeliness> timeliness() {
            return dueBy.map(d -> workingDaysLate > 0 ? Timeliness.LATE : Timeliness.ON_TIME);
        }
    }

    /** A placement started, from the authority's case system, with no judgement of high risk, not an emergency. */
    public PlacementNotice(String exchangeId, Organisation sender, String idempotencyKey, Child child,
                           Placement placement, List<String> risks) {
        this(exchangeId, sender, idempotencyKey, child, placement, risks, Lifecycle.STARTED, false);
    }

    public PlacementNotice {
        Objects.requireNonNull(exchangeId, "exchangeId");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(child, "child");
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(lifecycle, "lifecycle");
        risks = risks == null ? List.of() : List.copyOf(risks);
        Objects.requireNonNull(notification, "notification");
        lifecycle.endDate().flatMap(end -> endDateOutOfOrder(lifecycle.event(), placement.startDate(), end))
                .ifPresent(why -> {
                    throw new InvalidValueException(END_DATE_ORDER, why);
                });
    }

    /** The same notice with what the gateway added on receipt; its identity is unchanged. */
    public PlacementNotice withNotification(Notification amended) {
        return new PlacementNotice(exchangeId, sender, idempotencyKey, child, placement, risks, lifecycle,
                highRiskOfExploitation, amended);
    }

    /** The rule an end date out of order breaks. */
    public static final String END_DATE_ORDER = "placement.endDate.order";

    /**
     * Why {@code end} cannot be the end date of a notice of {@code event} whose placement starts on {@code start}, if
     * it cannot: an end cannot come before the start it ends, and a change's previous placement cannot end after the
     * change began.
     */
    public static Optional<String> endDateOutOfOrder(PlacementEvent event, LocalDate start, LocalDate end) {
        if (event == PlacementEvent.ENDED && end.isBefore(start)) {
            return Optional.of("placement.endDate is before placement.startDate");
        }
        if (event == PlacementEvent.CHANGED && end.isAfter(start)) {
            return Optional.of("placement.endDate (the previous placement's end) is after placement.startDate (the"
                    + " change)");
        }
        return Optional.empty();
    }

    /**
     * A notice from the authority's case system, not an emergency, not yet measured: what a reader or a test builds
     * before the gateway adds its timeliness and contacts.
     */
    public PlacementNotice(String exchangeId, Organisation sender, String idempotencyKey, Child child,
                           Placement placement, List<String> risks, Lifecycle lifecycle,
                           boolean highRiskOfExploitation) {
        this(exchangeId, sender, idempotencyKey, child, placement, risks, lifecycle, highRiskOfExploitation,
                Notification.sent(Source.CASE_SYSTEM, false));
    }

    public PlacementEvent event() {
        return lifecycle.event();
    }

    /**
     * For a move to another area outside the placing authority's own, the start of the new placement: the new area
     * is told of it as of any start (its force only when the protocol says so), while the change goes to those told
     * of the old placement. Its idempotency key is the change's, marked, so that the change sent again starts nothing
     * twice.
     */
    public Optional<PlacementNotice> newAreaStart(String startExchangeId) {
        if (!lifecycle.isMove() || !isOutOfArea()) {
            return Optional.empty();
        }
        return Optional.of(new PlacementNotice(startExchangeId, sender, idempotencyKey + "|new-area-start", child,
                placement, risks, Lifecycle.STARTED, highRiskOfExploitation, notification));
    }

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.PLACEMENT_NOTIFICATION;
    }

    /** Identifiers only, never personal data. */
    @Override
    public String toString() {
        return "PlacementNotice[exchangeId=" + exchangeId + ", sender=" + sender.id() + ", " + lifecycle.event()
                + ", " + placement + "]";
    }

    /** True when the child is placed outside the area of the authority that looks after it. */
    public boolean isOutOfArea() {
        return !placement.localAuthority().equals(sender);
    }

    @Override
    public Map<String, String> fields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put(Fields.PLACING_AUTHORITY, sender.code());
        f.put(Fields.CHILD_LOCAL_ID, child.localId());
        child.nhsNumber().ifPresent(v -> f.put(Fields.CHILD_NHS_NUMBER, v.value()));
        child.upn().ifPresent(v -> f.put(Fields.CHILD_UPN, v.value()));
        child.givenName().ifPresent(v -> f.put(Fields.CHILD_GIVEN_NAME, v));
        child.familyName().ifPresent(v -> f.put(Fields.CHILD_FAMILY_NAME, v));
        f.put(Fields.CHILD_SEX, child.sex().name().toLowerCase(java.util.Locale.ROOT));
        f.put(Fields.CHILD_DATE_OF_BIRTH, child.dateOfBirth().toString());
        child.ethnicity().ifPresent(v -> f.put(Fields.CHILD_ETHNICITY, v));
        child.homePostcode().ifPresent(v -> f.put(Fields.CHILD_HOME_POSTCODE, v.value()));
        f.put(Fields.PLACEMENT_START_DATE, placement.startDate().toString());
        put(f, Fields.PLACEMENT_REASON_FOR_NEW_EPISODE, placement.reasonForNewEpisode());
        put(f, Fields.PLACEMENT_LEGAL_STATUS, placement.legalStatus());
        placement.categoryOfNeed().ifPresent(v -> f.put(Fields.PLACEMENT_CATEGORY_OF_NEED, v));
        f.put(Fields.PLACEMENT_TYPE, placement.type());
        // the area a child left is told that and where to, not the new address or carer: the new area's own start
        // notice carries those, under its own decisions
        if (!lifecycle.isMove()) {
            placement.provider().ifPresent(v -> f.put(Fields.PLACEMENT_PROVIDER, v));
            f.put(Fields.PLACEMENT_POSTCODE, placement.postcode().value());
        }
        f.put(Fields.PLACEMENT_LOCAL_AUTHORITY, placement.localAuthority().code());
        if (!lifecycle.isMove()) {
            placement.providerUrn().ifPresent(v -> f.put(Fields.PLACEMENT_PROVIDER_URN, v));
        }
        placement.reasonForChange().ifPresent(v -> f.put(Fields.PLACEMENT_REASON_FOR_CHANGE, v));
        if (!risks.isEmpty()) {
            f.put(Fields.RISKS, String.join(",", risks));
        }
        f.put(Fields.PLACEMENT_EVENT, lifecycle.event().code());
        lifecycle.change().ifPresent(v -> f.put(Fields.PLACEMENT_CHANGE, v.code()));
        lifecycle.endDate().ifPresent(v -> f.put(Fields.PLACEMENT_END_DATE, v.toString()));
        lifecycle.endReason().ifPresent(v -> f.put(Fields.PLACEMENT_END_REASON, v));
        lifecycle.previousLocalAuthority().ifPresent(v -> f.put(Fields.PLACEMENT_PREVIOUS_LOCAL_AUTHORITY, v.code()));
        if (highRiskOfExploitation) {
            f.put(Fields.HIGH_RISK_OF_EXPLOITATION, "true");
        }
        if (notification.emergency()) {
            f.put(Fields.PLACEMENT_EMERGENCY, "true");
        }
        notification.receivedOn().ifPresent(v -> f.put(Fields.NOTIFICATION_RECEIVED_ON, v.toString()));
        notification.dueBy().ifPresent(v -> f.put(Fields.NOTIFICATION_DUE_BY, v.toString()));
        notification.timeliness().ifPresent(v -> {
            f.put(Fields.NOTIFICATION_WORKING_DAYS_LATE, Integer.toString(notification.workingDaysLate()));
            f.put(Fields.NOTIFICATION_TIMELINESS, v.name());
        });
        if (notification.source() == Source.SSDA903_RETURN) {
            f.put(Fields.CHILD_NAMES_NOT_CARRIED, NAMES_NOT_CARRIED);
        }
        notification.officeContact().ifPresent(v -> f.put(Fields.PLACING_AUTHORITY_OFFICE_CONTACT, v));
        notification.outOfHoursContact().ifPresent(v -> f.put(Fields.PLACING_AUTHORITY_OUT_OF_HOURS_CONTACT, v));
        return Collections.unmodifiableMap(f);
    }

    private static void put(Map<String, String> f, String name, String value) {
        if (value != null && !value.isBlank()) {
            f.put(name, value);
        }
    }
}
