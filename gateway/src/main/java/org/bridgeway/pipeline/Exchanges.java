package org.bridgeway.pipeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bridgeway.adapters.fhir.FhirMissingEpisodeRenderer;
import org.bridgeway.adapters.fhir.FhirPlacementRenderer;
import org.bridgeway.model.CustodyHandoverNotice;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.EpisodeUpdate;
import org.bridgeway.model.ExchangeType;
import org.bridgeway.model.ExclusionNotice;
import org.bridgeway.model.LocatorAccessNotice;
import org.bridgeway.model.HandoverDeadlineNotice;
import org.bridgeway.model.MissingEpisodeNotice;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.OrganisationType;
import org.bridgeway.model.OdsCode;
import org.bridgeway.model.PlacementEvent;
import org.bridgeway.model.PlacementNotice;
import org.bridgeway.model.PoliceForceCode;
import org.bridgeway.model.ReturnInterviewOutcomeNotice;
import org.bridgeway.model.ReturnInterviewTaskNotice;
import org.bridgeway.reference.LocalAuthority;
import org.bridgeway.reference.PoliceForce;
import org.bridgeway.reference.ReferenceData;

/**
 * The exchange types the gateway carries, one {@link ExchangeRegistration} each. Every notice goes down the one
 * notice pipeline ({@code routes/notice-pipeline.camel.yaml}); its registration is all the pipeline knows of its
 * type. A notice of a type with no registration is refused by the pipeline's first exchange-specific question.
 */
public final class Exchanges {
    /** The bean name of the repeated-suspension early warning, an exclusion notice's own step. */
    public static final String REPEATED_SUSPENSION_WATCH = "repeatedSuspensionWatch";
    /** The bean name of the step that adds the gateway's episode record to a return interview outcome. */
    public static final String RETURN_INTERVIEW_OUTCOME_STEP = "returnInterviewOutcomeStep";
    /** The bean name of the missing-episode ledger, a missing-episode notice's own step. */
    public static final String MISSING_EPISODE_LEDGER = "missingEpisodeLedger";
    /** The bean name of the placement ledger, a placement notice's own step. */
    public static final String PLACEMENT_LEDGER = "placementLedger";
    /** The bean name of the repeated-missing watch, a missing-episode notice's own step (after its ledger). */
    public static final String REPEATED_MISSING_WATCH = "repeatedMissingWatch";

    /** The bean name of the custody-handover ledger, a custody-handover notice's own step. */
    public static final String CUSTODY_HANDOVER_LEDGER = "custodyHandoverLedger";

    /** The bean name of the step that measures a placement notice's timeliness and adds the placing authority's contacts. */
    public static final String PLACEMENT_TIMELINESS = "placementTimeliness";

    /** The bean name of the step that fills the locator index from a placement notice (after its timeliness). */
    public static final String LOCATOR_FILL = "locatorFill";

    private final Map<ExchangeType, ExchangeRegistration> registrations = new EnumMap<>(ExchangeType.class);

    public Exchanges(List<ExchangeRegistration> registrations) {
        for (ExchangeRegistration r : registrations) {
            if (this.registrations.put(r.type(), r) != null) {
                throw new IllegalArgumentException(r.type().slug() + " is registered twice");
            }
        }
    }

    /**
     * The exchanges Bridgeway ships. Adding an exchange type adds its registration here (the checklist:
     * docs/architecture.md, "Adding an exchange type").
     */
    public static Exchanges shipped() {
        return shipped(ReturnInterviewRouting.NONE, PlacementRouting.NONE);
    }

    /**
     * The exchanges Bridgeway ships, the return interview tasks routed by {@code tasks} and the changes and ends of
     * placements by {@code placements}.
     */
    public static Exchanges shipped(ReturnInterviewRouting tasks, PlacementRouting placements) {
        return shipped(tasks, placements, CustodyHandoverMailboxes.NONE);
    }

    /** The exchanges Bridgeway ships, custody handovers reaching each authority at {@code handoverMailboxes}. */
    public static Exchanges shipped(ReturnInterviewRouting tasks, PlacementRouting placements,
                                    CustodyHandoverMailboxes handoverMailboxes) {
        return new Exchanges(List.of(
                // A placement: the police force of the placement area, the host local authority when it is not the
                // placing one, and the health team registered for the placement area, which gets a FHIR R4 message;
                // its change or end exactly those told of it. The ledger first, which refuses a change or end of a
                // placement never carried and records who is told; then its own timeliness
                // step measures how timely it is and adds the placing authority's contacts, for every recipient.
                ExchangeRegistration.of(ExchangeType.PLACEMENT_NOTIFICATION, PlacementNotice.class,
                                (notice, reference) -> placementRecipients(notice, reference, placements))
                        .withFormat(OrganisationType.HEALTH_TEAM, new FhirPlacementRenderer())
                        .withSteps(PLACEMENT_LEDGER, PLACEMENT_TIMELINESS, LOCATOR_FILL),
                // An exclusion: the local authority the school is in, and the police force of that authority's area
                // (whom the agreement tells only of some exclusions); the early warning of repeated suspensions
                // first, so that the policy can permit its warning.
                ExchangeRegistration.of(ExchangeType.EXCLUSION_NOTICE, ExclusionNotice.class,
                                Exchanges::exclusionRecipients)
                        .withSteps(REPEATED_SUSPENSION_WATCH),
                // A missing episode: the responsible authority, the host authority, the force of the area the child
                // went missing from (handling the report while it is open) and the child's home force, the health
                // team of the responsible authority (FHIR) and the child's school; the ledger first, which records
                // the episode and holds an update that came before its report.
                ExchangeRegistration.of(ExchangeType.MISSING_EPISODE, MissingEpisodeNotice.class,
                                Exchanges::missingEpisodeRecipients)
                        // the repeated-missing watch after the ledger, which gives the notice its episode id; its
                        // strategy-discussion prompt is then the policy's to permit
                        .withFormat(OrganisationType.HEALTH_TEAM, new FhirMissingEpisodeRenderer())
                        .withSteps(MISSING_EPISODE_LEDGER, REPEATED_MISSING_WATCH),
                // A return home interview's outcome: the force that reported the episode, the force of the area the
                // child was found in, the host authority, the child's health team and school, from the gateway's
                // episode record (added by the outcome's own step, never taken from the sender); and the responsible
                // authority when another holds its task.
                ExchangeRegistration.of(ExchangeType.RETURN_INTERVIEW_OUTCOME, ReturnInterviewOutcomeNotice.class,
                                (notice, reference) -> outcomeRecipients(notice, reference, tasks))
                        .withSteps(RETURN_INTERVIEW_OUTCOME_STEP),
                // A return home interview task's event, raised by the gateway for the responsible authority: the
                // task's holder, the authority's escalation mailbox and the host authority (whom the agreement tells
                // only of an overdue task).
                ExchangeRegistration.of(ExchangeType.RETURN_INTERVIEW_TASK, ReturnInterviewTaskNotice.class,
                        (notice, reference) -> taskRecipients(notice, reference, tasks)),
                // A custody handover's step, by the handover's record (added by its ledger, never the sender's say):
                // the request and the closure to every asked authority's custody-handover mailbox; an
                // acknowledgement to the requesting force; the first answer to the force and the other authority
                // asked (which the agreement tells only that it is resolved, by whom and how).
                ExchangeRegistration.of(ExchangeType.CUSTODY_HANDOVER, CustodyHandoverNotice.class,
                                Exchanges::custodyHandoverRecipients)
                        .withSteps(CUSTODY_HANDOVER_LEDGER),
                // A locator access: the responsible authority whose entry answered a query is told who asked, when,
                // why and under which case reference; raised by the gateway from the query's access row.
                ExchangeRegistration.of(ExchangeType.LOCATOR_ACCESS, LocatorAccessNotice.class,
                        (notice, reference) -> List.of(new Recipient(authority(reference,
                                notice.responsibleAuthority(), "responsible authority").organisation(),
                                "responsible-authority"))),
                // A custody handover's deadline, raised by the gateway for the requesting force: reminders to the
                // asked authorities, escalation to their escalation contacts (at their handover mailboxes) and to
                // the other asked authority, and the custody officer's prompt when nobody accepted or collected.
                ExchangeRegistration.of(ExchangeType.CUSTODY_HANDOVER_DEADLINE, HandoverDeadlineNotice.class,
                        (notice, reference) -> HandoverDeadlineRecipients.of(notice, reference, handoverMailboxes))));
    }

    /** The registration of {@code type}; a type the gateway does not carry is refused. */
    public ExchangeRegistration of(ExchangeType type) {
        ExchangeRegistration registration = registrations.get(type);
        if (registration == null) {
            throw new IllegalArgumentException("the gateway does not carry " + type.slug() + " notices: the exchange"
                    + " type has no registration");
        }
        return registration;
    }

    /** These exchanges, {@code registration} carried in place of its type's; a type not carried is refused. */
    public Exchanges replacing(ExchangeRegistration registration) {
        of(registration.type()); // refuses a type these exchanges do not carry
        List<ExchangeRegistration> carried = new ArrayList<>(all());
        carried.replaceAll(r -> r.type() == registration.type() ? registration : r);
        return new Exchanges(carried);
    }

    public Collection<ExchangeRegistration> all() {
        return registrations.values();
    }

    private static List<Recipient> placementRecipients(PlacementNotice notice, ReferenceData reference,
                                                       PlacementRouting placements) {
        if (notice.event() != PlacementEvent.STARTED) {
            // a force or authority never told of the start is not told of its change or end
            return placements.toldOf(notice).stream()
                    .map(t -> new Recipient(organisation(reference, t.organisationId()), t.relation())).toList();
        }
        DfeLaCode hostCode = new DfeLaCode(notice.placement().localAuthority().code());
        LocalAuthority host = authority(reference, hostCode, "placement authority");
        List<Recipient> recipients = new ArrayList<>();
        policeOf(reference, host, "placement-area-force", recipients);
        if (notice.isOutOfArea()) {
            recipients.add(new Recipient(host.organisation(), "host-authority"));
        }
        reference.healthTeamFor(hostCode)
                .map(t -> new Recipient(t.organisation(), "placement-area-health-team"))
                .ifPresent(recipients::add);
        return recipients;
    }

    private static List<Recipient> exclusionRecipients(ExclusionNotice notice, ReferenceData reference) {
        LocalAuthority schoolArea = authority(reference, notice.school().localAuthority(),
                "the school's local authority");
        List<Recipient> recipients = new ArrayList<>();
        recipients.add(new Recipient(schoolArea.organisation(), "school-area-authority"));
        policeOf(reference, schoolArea, "school-area-force", recipients);
        return recipients;
    }

    private static List<Recipient> outcomeRecipients(ReturnInterviewOutcomeNotice notice, ReferenceData reference,
                                                     ReturnInterviewRouting tasks) {
        ReturnInterviewOutcomeNotice.EpisodeRecord episode = notice.episode().orElseThrow(() ->
                new IllegalStateException("a return interview outcome has no recipients before the gateway has added"
                        + " its episode record"));
        List<Recipient> recipients = new ArrayList<>();
        Optional<Organisation> reportingForce = episode.reportingForce().flatMap(reference::policeForce)
                .map(f -> f.organisation());
        reportingForce.ifPresent(f -> recipients.add(new Recipient(f, "reporting-force")));
        episode.foundAuthority().map(la -> authority(reference, la, "the authority the child was found in"))
                .flatMap(la -> reference.policeForce(la.policeForce())).map(f -> f.organisation())
                .filter(f -> reportingForce.map(r -> !r.equals(f)).orElse(true))
                .ifPresent(f -> recipients.add(new Recipient(f, "found-area-force")));
        DfeLaCode responsible = tasks.responsibleAuthorityOf(notice.episodeId())
                .orElse(notice.interview().localAuthority());
        Organisation responsibleAuthority = authority(reference, responsible, "responsible authority").organisation();
        if (!responsibleAuthority.equals(notice.sender())) {
            recipients.add(new Recipient(responsibleAuthority, "responsible-authority"));
        }
        episode.hostAuthority().map(la -> authority(reference, la, "host authority").organisation())
                .filter(host -> !host.equals(notice.sender()) && !host.equals(responsibleAuthority))
                .ifPresent(host -> recipients.add(new Recipient(host, "host-authority")));
        reference.healthTeamFor(responsible)
                .ifPresent(t -> recipients.add(new Recipient(t.organisation(), "child-health-team")));
        notice.child().schoolUrn().ifPresent(urn -> recipients.add(
                new Recipient(new Organisation(OrganisationType.SCHOOL, urn.value(), null), "child-school")));
        return recipients;
    }

    private static List<Recipient> taskRecipients(ReturnInterviewTaskNotice notice, ReferenceData reference,
                                                  ReturnInterviewRouting tasks) {
        List<Recipient> recipients = new ArrayList<>();
        Organisation owner = authority(reference, DfeLaCode.parse(notice.owner().code()), "task owner")
                .organisation();
        recipients.add(new Recipient(owner, "task-owner"));
        // the same organisation twice would get the notice twice under one key: the holder is told already
        Organisation escalation = tasks.escalationMailbox(notice.responsibleAuthority());
        if (!escalation.equals(owner)) {
            recipients.add(new Recipient(escalation, "escalation"));
        }
        tasks.hostAuthority(notice.taskId()).map(la -> authority(reference, la, "host authority").organisation())
                .filter(host -> recipients.stream().noneMatch(r -> r.organisation().equals(host)))
                .ifPresent(host -> recipients.add(new Recipient(host, "host-authority")));
        return recipients;
    }

    /**
     * The relations of contract section 3. The handling force is the force of the missing-from area while the episode
     * is open (a report or a regrade) and a police report exists; otherwise that force is the area force.
     */
    static List<Recipient> missingEpisodeRecipients(MissingEpisodeNotice notice, ReferenceData reference) {
        MissingEpisodeParties parties = new MissingEpisodeParties(reference);
        LocalAuthority responsible = parties.responsibleAuthority(notice);
        List<Recipient> recipients = new ArrayList<>();
        recipients.add(new Recipient(responsible.organisation(), "responsible-authority"));
        notice.hostAuthority().filter(h -> !h.equals(responsible.dfeCode())).flatMap(parties::known)
                .ifPresent(host -> recipients.add(new Recipient(host.organisation(), "host-authority")));
        boolean open = notice.update() == EpisodeUpdate.REPORTED || notice.update() == EpisodeUpdate.RISK_REGRADED;
        Optional<PoliceForce> areaForce = parties.forceOf(parties.missingFromArea(notice, responsible));
        areaForce.ifPresent(f -> recipients.add(new Recipient(f.organisation(),
                open && notice.policeReference().isPresent() ? "handling-force" : "area-force")));
        parties.homeForce(notice).filter(home -> areaForce.map(a -> !a.code().equals(home.code())).orElse(true))
                .ifPresent(home -> recipients.add(new Recipient(home.organisation(), "home-force")));
        reference.healthTeamFor(responsible.dfeCode())
                .ifPresent(t -> recipients.add(new Recipient(t.organisation(), "child-health-team")));
        // a school is told that a pupil is missing and that they are back, nothing in between
        if (notice.update() == EpisodeUpdate.REPORTED || notice.update() == EpisodeUpdate.FOUND) {
            notice.schoolUrn().ifPresent(urn -> recipients.add(new Recipient(
                    new Organisation(OrganisationType.SCHOOL, urn.value(), null), "child-school")));
        }
        // the sender knows what it sent: a force's report is not delivered back to it as the handling force
        recipients.removeIf(r -> r.id().equals(notice.sender().id()));
        return recipients;
    }

    /** The asked authority that does not own the handover. */
    static final String OTHER_ASKED_AUTHORITY = "other-asked-authority";

    static List<Recipient> custodyHandoverRecipients(CustodyHandoverNotice notice, ReferenceData reference) {
        CustodyHandoverNotice.HandoverRecord record = notice.record().orElseThrow(() -> new IllegalStateException(
                "a custody handover has no recipients before its ledger has added the handover's record"));
        List<Recipient> recipients = new ArrayList<>();
        switch (notice.step()) {
            case REQUESTED -> record.asked().forEach(a -> recipients.add(new Recipient(a.mailbox(), a.relation())));
            // once an authority owns the handover, the other asked one is told only that it is closed (and the
            // certificate), never who collected the child
            case TRANSFERRED, CERTIFIED -> record.asked().forEach(a -> recipients.add(new Recipient(a.mailbox(),
                    record.owner().filter(owner -> !owner.equals(a.authority())).isPresent()
                            ? OTHER_ASKED_AUTHORITY : a.relation())));
            case ACKNOWLEDGED -> recipients.add(requestingForce(record, reference));
            case ANSWERED -> {
                recipients.add(requestingForce(record, reference));
                record.asked().stream().filter(a -> !a.authority().value().equals(notice.sender().code()))
                        .forEach(a -> recipients.add(new Recipient(a.mailbox(), OTHER_ASKED_AUTHORITY)));
            }
        }
        // two asked authorities sharing one emergency duty team's mailbox are told there once
        List<Recipient> once = new ArrayList<>();
        recipients.stream().filter(r -> once.stream().noneMatch(o -> o.organisation().equals(r.organisation())))
                .forEach(once::add);
        return once;
    }

    private static Recipient requestingForce(CustodyHandoverNotice.HandoverRecord record, ReferenceData reference) {
        return new Recipient(reference.policeForce(record.force()).map(PoliceForce::organisation).orElseThrow(() ->
                new UnknownOrganisationException("force " + record.force() + " is not in the reference data")),
                "requesting-force");
    }

    /** The organisation with this id, named as the reference data names it. */
    private static Organisation organisation(ReferenceData reference, String id) {
        Organisation parsed = Organisation.parseId(id);
        Optional<Organisation> named = switch (parsed.type()) {
            case LOCAL_AUTHORITY -> reference.localAuthority(DfeLaCode.parse(parsed.code()))
                    .map(LocalAuthority::organisation);
            case POLICE_FORCE -> reference.policeForce(new PoliceForceCode(parsed.code()))
                    .map(PoliceForce::organisation);
            case HEALTH_TEAM -> reference.healthTeam(new OdsCode(parsed.code())).map(t -> t.organisation());
            case SCHOOL -> Optional.empty();
        };
        return named.orElse(parsed);
    }

    private static LocalAuthority authority(ReferenceData reference, DfeLaCode code, String what) {
        return reference.localAuthority(code).orElseThrow(() ->
                new UnknownOrganisationException(what + " " + code + " is not in the reference data"));
    }

    private static void policeOf(ReferenceData reference, LocalAuthority area, String relation,
                                 List<Recipient> recipients) {
        reference.policeForce(area.policeForce()).map(f -> new Recipient(f.organisation(), relation))
                .ifPresent(recipients::add);
    }
}
