package org.bridgeway.model;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kinds of exchange Bridgeway carries; the slug is the name agreements and audit entries use.
 *
 * <p>Each exchange type has a catalogue of stable dotted field names ({@link #fields()}): policies, minimisation and
 * audit name fields by these only. Placement notices are modelled as records ({@link PlacementNotice.Fields}); the
 * other exchanges are catalogued here first, so that agreements can name their fields before their records exist.
 * Exclusion notices are records now too, but carry only part of their catalogue ({@link ExclusionNotice.Fields});
 * the catalogue stays the published list. A name, once published, keeps its meaning: add new names rather than
 * re-using old ones.
 */
public enum ExchangeType {
    /** A local authority tells the area a looked-after child is placed in (CPPCR Regs 2010 reg 13(4)). */
    PLACEMENT_NOTIFICATION("placement-notification", PlacementNotice.Fields.ALL,
            List.of(PlacementNotice.Fields.PLACEMENT_EVENT, PlacementNotice.Fields.HIGH_RISK_OF_EXPLOITATION)),
    /** A school tells the child's local authority (and, more narrowly, the police) of a suspension or exclusion. */
    EXCLUSION_NOTICE("exclusion-notice", Catalogue.EXCLUSION_NOTICE,
            List.of(ExclusionNotice.Fields.EXCLUSION_CATEGORY, ExclusionNotice.Fields.EXCLUSION_REASONS)),
    /** The police report a child missing or away from home or care, and found. */
    MISSING_EPISODE("missing-episode", Catalogue.MISSING_EPISODE, List.of(MissingEpisodeNotice.Fields.UPDATE)),
    /** A local authority reports whether a return home interview was offered, held within 72 hours, and found. */
    RETURN_INTERVIEW_OUTCOME("return-interview-outcome", Catalogue.RETURN_INTERVIEW_OUTCOME, List.of()),
    /**
     * A child charged and refused bail: the force's PACE s.38(6) transfer request to the authorities asked (the
     * custody suite's and the responsible one, their emergency duty teams out of hours), their acknowledgements, the
     * first one's answer (always an acceptance: an authority cannot refuse), and the force's closure by the transfer
     * or a s.38(7) certificate ({@link CustodyHandoverNotice}).
     */
    CUSTODY_HANDOVER("custody-handover", Catalogue.CUSTODY_HANDOVER, List.of(CustodyHandoverNotice.Fields.STEP)),
    /**
     * The gateway, on behalf of the responsible authority, tells of its return home interview task: opened,
     * reminded, overdue (to the authority's escalation mailbox, and to a host authority), reassigned, completed.
     */
    RETURN_INTERVIEW_TASK("return-interview-task", Catalogue.RETURN_INTERVIEW_TASK,
            List.of(ReturnInterviewTaskNotice.Fields.EVENT)),
    /**
     * The gateway, on behalf of the requesting force, tells of a custody handover's deadline: a reminder to an asked
     * authority, an escalation when a deadline is missed, and the custody officer's prompt to consider PACE s.38(7).
     */
    CUSTODY_HANDOVER_DEADLINE("custody-handover-deadline", Catalogue.CUSTODY_HANDOVER_DEADLINE,
            List.of(HandoverDeadlineNotice.Fields.EVENT));

    private final String slug;
    private final List<String> fields;
    private final List<String> policyFacts;

    ExchangeType(String slug, List<String> fields, List<String> policyFacts) {
        this.slug = slug;
        this.fields = fields;
        this.policyFacts = policyFacts;
    }

    public String slug() {
        return slug;
    }

    /** The canonical dotted names of every field this exchange can carry, in catalogue order. */
    public List<String> fields() {
        return fields;
    }

    /**
     * The fields whose values, not only their presence, a policy engine is shown, because an agreement may make a
     * disclosure depend on them (an exclusion goes to the police only for some categories and reasons). Only coded
     * values belong here, never a name, date or identifier: they travel in the policy input's {@code context}.
     */
    public List<String> policyFacts() {
        return policyFacts;
    }

    /** The exchange type with this slug, if any. */
    public static Optional<ExchangeType> fromSlug(String slug) {
        return Arrays.stream(values()).filter(t -> t.slug.equals(slug)).findFirst();
    }

    /** Field catalogues of the exchanges that are not yet modelled as records. */
    private static final class Catalogue {

        static final List<String> EXCLUSION_NOTICE = List.of(
                "school.urn",                        // GIAS URN of the school that suspended or excluded the pupil
                "school.name",                       // the school's name as in GIAS
                "school.localAuthority",             // DfE 3-digit number of the LA the school is in
                "school.safeguardingContact",        // how to reach the school's designated safeguarding lead
                "child.upn",                         // unique pupil number (check letter validated, or UN1-UN5)
                "child.givenName",                   // pupil's forename
                "child.familyName",                  // pupil's surname
                "child.dateOfBirth",                 // pupil's date of birth
                "child.sex",                         // pupil's sex as the school records it
                "child.ethnicity",                   // ethnicity code (special category: racial or ethnic origin)
                "child.homePostcode",                // postcode of the pupil's home address
                "child.yearGroup",                   // national curriculum year group
                "child.senProvision",                // SEN provision (N none, K SEN support, E EHC plan): special category
                "child.hasSocialWorker",             // the school knows the pupil has a social worker
                "child.lookedAfter",                 // the pupil is looked after (CTF LookedAfter/InCare)
                "child.careAuthority",               // the responsible LA of a looked-after pupil (CTF CareAuthority)
                "exclusion.category",                // PERM permanent exclusion, SUSP suspension, LNCH lunchtime
                "exclusion.reasons",                 // up to three census reason codes (e.g. PA, DR, OW, PD)
                "exclusion.startDate",               // first day the pupil is excluded
                "exclusion.sessions",                // number of sessions (half days) excluded; absent for PERM
                "exclusion.returnDate",              // date a suspended pupil is due back; absent for PERM
                "exclusion.suspensionsThisYear",     // suspensions of this pupil in the academic year, this one included
                "exclusion.repeatedSuspensionWarning", // a pattern of repeated suspensions, in words: flagged by the school,
                                                       // or recognised by the gateway across schools (early warning)
                "exclusion.alternativeProvision",    // education arranged from the sixth school day, if any
                "exclusion.circumstances",           // short free-text account of the incident by the school
                "child.localId",                     // the local authority's child id, where the school knows it
                "exclusion.days");                   // length in school days, where the school gives it (2 sessions a day)

        static final List<String> MISSING_EPISODE = List.of(
                "episode.reportingForce",            // data.police.uk slug of the force that took the report
                "episode.policeReference",           // that force's missing-person report reference
                "episode.type",                      // SSDA903 MISSING: M missing (whereabouts unknown), A away without authorisation
                "episode.start",                     // date-time the child left or was last seen by a responsible adult
                "episode.end",                       // date-time found or returned; absent while the episode is open
                "episode.missingFromPostcode",       // postcode of the home or placement the child went missing from
                "episode.lastSeenLocation",          // area (town, district or postcode district) last seen, not an address
                "episode.foundLocation",             // area the child was found in, when found
                "episode.riskLevel",                 // the force's risk grading of the episode (e.g. HIGH, MEDIUM, LOW)
                "episode.concerns",                  // exploitation indicators: CSE, CCE, county lines, trafficking (special category)
                "episode.healthConcerns",            // injury, intoxication or other health need on return (special category)
                "episode.safeAndWellCheck",          // date-time of the police safe and well check after return
                "episode.circumstances",             // short free-text account by the force
                "child.localId",                     // the placing authority's child id, where the force knows it
                "child.nhsNumber",                   // NHS number, where the force knows it (for health record matching)
                "child.givenName",                   // child's forename
                "child.familyName",                  // child's surname
                "child.dateOfBirth",                 // child's date of birth
                "child.sex",                         // child's sex
                "child.homePostcode",                // postcode of the child's home address
                "child.lookedAfter",                 // the force knows the child to be looked after
                "child.placingAuthority",            // DfE number of the responsible (placing) LA, where known
                "philomena.formHeld",                // a Philomena Protocol form was provided by the carer
                "episode.id",                        // the gateway's episode id ("ME-" and a time-ordered id), from the first report
                "episode.update",                    // REPORTED, RISK_REGRADED, FOUND or CLOSED (policy fact)
                "episode.updatedAt",                 // the sender system's date-time of this update (ISO-8601 with offset)
                "episode.reportedBy",                // POLICE, LOCAL_AUTHORITY, CHILDRENS_HOME or FOSTER_CARER: who made the report
                "episode.reporterReference",         // the reporting council's or home's own reference, when not police
                "episode.riskLevelAsSent",           // the grade exactly as sent when it was mapped (legacy ABSENT)
                "episode.riskRationale",             // the force's reason for the grade (police and councils only)
                "episode.hostAuthority",             // DfE number of the LA a looked-after child is placed in, when not the placing LA
                "episode.foundAuthority",            // DfE number of the LA area the child was found in
                "episode.foundWith",                 // who the child was found with (third-party data)
                "episode.foundCondition",            // SAFE_AND_WELL, INJURED, INTOXICATED, DISTRESSED, OTHER (comma-joined)
                "episode.preventionInterview",       // police prevention interview DONE, NOT_DONE or DECLINED
                "episode.strategyDiscussionPrompt",  // set by the gateway's repeat-missing watch, in words
                "child.upn",                         // the child's UPN, where known (for the school)
                "child.schoolUrn",                   // URN of the school the child is on roll at, where known
                "philomena.description",             // Philomena Part 1: physical description
                "philomena.associates",              // Part 1: associates (third-party data)
                "philomena.placesFrequented",        // Part 1: places the child is known to go
                "philomena.medicalNeeds");           // Part 1: medical needs and medication (special category)

        static final List<String> RETURN_INTERVIEW_OUTCOME = List.of(
                "interview.localAuthority",          // DfE number of the LA responsible for the return interview
                "interview.provider",                // who conducted it: LA team or commissioned independent provider
                "episode.policeReference",           // the police missing-person reference the interview follows
                "episode.type",                      // SSDA903 MISSING: M missing, A away without authorisation
                "episode.start",                     // date-time the episode began
                "episode.end",                       // date-time the child was found or returned
                "child.localId",                     // the responsible LA's child id
                "child.nhsNumber",                   // NHS number (for health record matching)
                "child.givenName",                   // child's forename
                "child.familyName",                  // child's surname
                "child.dateOfBirth",                 // child's date of birth
                "child.sex",                         // child's sex
                "interview.offered",                 // an independent return home interview was offered (SSDA903 "RHI offered")
                "interview.offeredDate",             // date it was offered
                "interview.accepted",                // the child accepted it (SSDA903 "RHI accepted")
                "interview.date",                    // date it was held
                "interview.within72Hours",           // held within 72 hours of the child's return (DfE 2014 guidance)
                "interview.notHeldReason",           // why it was not held: declined, not contactable, ...
                "interview.reasonsForMissing",       // push/pull factors the child gave (codes: family, placement, peers, ...)
                "interview.whereabouts",             // areas and places the child says they were while missing
                "interview.associates",              // people the child was with (third-party data)
                "interview.exploitationConcerns",    // CSE, CCE, county lines, trafficking indicators (special category)
                "interview.healthConcerns",          // self-harm, substance misuse, sexual health, injury (special category)
                "interview.harmDisclosed",           // the child disclosed harm (may need a s.47 enquiry or a crime report)
                "interview.actions",                 // actions agreed: strategy meeting, NRM referral, health referral, ...
                "episode.id",                        // the gateway's episode id the interview follows
                "episode.reportingForce",            // from the gateway's episode record, not the sender
                "episode.hostAuthority",             // from the gateway's episode record, not the sender
                "episode.foundAuthority",            // from the gateway's episode record, not the sender
                "interview.taskId",                  // the gateway's return interview task id
                "interview.completedBy",             // role and team of who held it (e.g. "NYAS return interview worker")
                "interview.referrals",               // referrals made: NRM, CAMHS, SEXUAL_HEALTH, SUBSTANCE_MISUSE, EARLY_HELP, S47, OTHER
                "interview.childView",               // the child's view of what should happen next (free text)
                "child.upn",                         // the child's UPN, where known
                "child.schoolUrn");                  // URN of the child's school, where known

        static final List<String> RETURN_INTERVIEW_TASK = List.of(
                "task.id",                           // the gateway's return interview task id
                "task.event",                        // OPENED, REMINDER, OVERDUE, REASSIGNED or COMPLETED (policy fact)
                "task.dueAt",                        // when the interview is due (72 hours after return by default)
                "task.owner",                        // organisation id of who holds the task now
                "task.responsibleAuthority",         // DfE number of the responsible authority
                "task.escalationContact",            // the authority's escalation contact, from deadline data
                "episode.id",                        // the gateway's episode id
                "episode.policeReference",           // the reporting force's reference
                "episode.reportingForce",            // data.police.uk slug of the reporting force
                "episode.end",                       // date-time the child was found or returned
                "child.localId");                    // the responsible authority's child id

        static final List<String> CUSTODY_HANDOVER_DEADLINE = List.of(
                "handover.id",                       // the gateway's handover id (CH-...)
                "deadline.event",                    // ACKNOWLEDGEMENT_REMINDER ... COLLECTION_OVERDUE (policy fact)
                "deadline.authority",                // DfE number of the asked authority the deadline concerns
                "deadline.dueAt",                    // when the step was or is due
                "custody.force",                     // data.police.uk slug of the requesting force
                "custody.reference",                 // the force's custody record number
                "handover.suiteAuthority",           // DfE number of the authority the custody suite is in
                "handover.responsibleAuthority",     // DfE number of the responsible authority, when known
                "deadline.escalationContact",        // the escalated authorities' escalation contacts (directory)
                "deadline.prompt");                  // what the recipient is asked to do now

        static final List<String> CUSTODY_HANDOVER = List.of(
                "custody.force",                     // data.police.uk slug of the force holding the child
                "custody.suite",                     // custody suite where the child is held
                "custody.reference",                 // custody record number
                "custody.contactOfficer",            // custody officer to call about the handover
                "custody.arrivalTime",               // date-time the child's detention was authorised
                "custody.appropriateAdult",          // who is acting as appropriate adult
                "custody.healthNeeds",               // health needs and medication noted in custody (special category)
                "child.givenName",                   // child's forename
                "child.familyName",                  // child's surname
                "child.dateOfBirth",                 // child's date of birth (PACE s.38(6) covers under-18s)
                "child.sex",                         // child's sex
                "child.homePostcode",                // postcode of the child's home address
                "child.lookedAfter",                 // the force believes the child is looked after
                "child.responsibleAuthority",        // DfE number of the LA the force believes responsible
                "arrest.time",                       // date-time of arrest (criminal offence data)
                "charge.time",                       // date-time of charge (criminal offence data)
                "charge.offences",                   // offences charged (criminal offence data)
                "charge.bailRefusalReason",          // PACE s.38(1) ground for refusing bail (criminal offence data)
                "transfer.requestTime",              // date-time of the PACE s.38(6) request for LA accommodation
                "transfer.accommodationType",        // SECURE or NON_SECURE accommodation requested
                "transfer.secureJustification",      // why only secure accommodation would protect the public (criminal offence data)
                "transfer.deadline",                 // date-time by which the LA must answer and collect the child
                "transfer.courtAppearance",          // next court: its name (the sitting is transfer.courtSittingAt)
                "transfer.impracticabilityCertified", // custody officer certified transfer impracticable (PACE s.38(6)-(7))
                "handover.decision",                 // ACCEPT_NON_SECURE, ACCEPT_SECURE or SECURE_UNAVAILABLE_NON_SECURE_OFFERED:
                                                     // every answer accepts (Children Act 1989 s.21(2)(b)); no refusal
                "handover.decisionTime",             // date-time of the decision
                "handover.decisionMaker",            // role and team of the EDT worker or manager who decided
                "handover.accommodationOffered",     // kind of accommodation offered (foster, children's home, secure)
                "handover.collectionTime",           // date-time the child will be collected from custody
                "handover.transportArrangements",    // who escorts the child (never alone on public transport)
                "handover.id",                       // the gateway's handover id ("CH-" and a time-ordered id), from the request
                "handover.step",                     // REQUESTED, ACKNOWLEDGED, ANSWERED, TRANSFERRED or CERTIFIED (policy fact)
                "handover.suiteAuthority",           // DfE number of the LA the custody suite is in (asked: the duty is every LA's)
                "handover.responsibleAuthority",     // DfE number of the responsible LA the gateway found, when found
                "handover.responsibleFoundBy",       // LOCATOR, HOME_POSTCODE, FORCE or NOT_FOUND: how the gateway found it
                "handover.actingAuthority",          // DfE number of the LA that acknowledged or answered
                "handover.acknowledgedAt",           // date-time an asked LA acknowledged the request
                "handover.acknowledgedBy",           // role or name of the EDT worker who acknowledged
                "child.nhsNumber",                   // NHS number, where the force knows it (locator matching)
                "child.localId",                     // the responsible LA's child id, where the force knows it
                "transfer.courtSittingAt",           // date-time of the next court sitting (PACE s.46)
                "transfer.handedOverAt",             // date-time the child was handed to the LA (power to detain transferred)
                "transfer.handedOverTo",             // role or name of the LA worker the child was handed to
                "certificate.limb",                  // PACE s.38(6) limb certified: IMPRACTICABLE or NO_SECURE_AND_INADEQUATE (12+)
                "certificate.reasonCategory",        // transport, travel or authority failure (Code C Note 16D), or no secure bed
                                                     // with a risk of serious harm (secure limb only)
                "certificate.reason",                // the circumstances specified in the s.38(7) certificate, in words
                "certificate.certifiedBy",           // custody officer who certified: name, rank and number
                "certificate.certifiedAt",           // date-time of the certificate
                "certificate.court",                 // court the certificate is produced to
                "certificate.authorityFailedToProvide"); // true when no asked LA had answered or the owner had not collected

        private Catalogue() {
        }
    }
}
