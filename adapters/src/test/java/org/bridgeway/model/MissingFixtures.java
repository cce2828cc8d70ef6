package org.bridgeway.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A synthetic missing-children story (made-up child, references and names; NHS number from the 999 test range):
 * Jordan Fictionby, looked after by Kent (886) and placed in Manchester (352), goes missing from the placement,
 * Greater Manchester Police take the report, and Jordan is found in Lancashire (888). Builders start from a valid
 * notice, so a test changes only what it is about.
 */
public final class MissingFixtures {
    public static final Organisation FORCE = new Organisation(OrganisationType.POLICE_FORCE, "greater-manchester",
            "Greater Manchester Police");
    public static final Organisation PLACING_LA = new Organisation(OrganisationType.LOCAL_AUTHORITY, "886",
            "Kent County Council");
    public static final Organisation HOST_LA = Organisation.parseId("local-authority:352");
    public static final String FOUND_LA = "888";
    public static final String EPISODE_ID = "ME-0195f3a2-7c1e-7d4a-9b2f-3c4d5e6f7a8b";
    public static final String POLICE_REFERENCE = "GMP/26/004417";
    public static final String LOCAL_ID = "KCC-40211";
    public static final String NHS_NUMBER = "9990000018";
    public static final String UPN = TestUpns.withCheckLetter("352400125007");
    public static final String GIVEN_NAME = "Jordan";
    public static final String FAMILY_NAME = "Fictionby";
    public static final LocalDate DATE_OF_BIRTH = LocalDate.of(2011, 5, 14);
    public static final OffsetDateTime START = OffsetDateTime.parse("2026-03-01T18:30:00Z");
    public static final OffsetDateTime REPORTED_AT = OffsetDateTime.parse("2026-03-01T21:05:00Z");
    public static final OffsetDateTime END = OffsetDateTime.parse("2026-03-03T09:15:00Z");
    public static final OffsetDateTime FOUND_AT = OffsetDateTime.parse("2026-03-03T10:40:00Z");

    private MissingFixtures() {
    }

    public static ChildIdentity identity() {
        return new ChildIdentity(Optional.of(LOCAL_ID), Optional.of(NhsNumber.parse(NHS_NUMBER)),
                Optional.of(new Upn(UPN)), Optional.of(GIVEN_NAME), Optional.of(FAMILY_NAME),
                Optional.of(DATE_OF_BIRTH), Optional.of(PlacementNotice.Sex.FEMALE),
                Optional.of(new SchoolUrn("105123")));
    }

    /** The force's first report of the episode. */
    public static Builder report() {
        return new Builder();
    }

    /** The force's update: found in Lancashire, safe and well, prevention interview done. */
    public static Builder found() {
        return new Builder().update(EpisodeUpdate.FOUND).updatedAt(FOUND_AT).episodeId(EPISODE_ID)
                .found(new MissingEpisodeNotice.Found(END, Optional.of(new DfeLaCode(FOUND_LA)),
                        Optional.of("Preston city centre"), Optional.of("two older teenagers, not known"),
                        List.of(FoundCondition.SAFE_AND_WELL), Optional.of(PreventionInterview.DONE),
                        Optional.of(OffsetDateTime.parse("2026-03-03T10:30:00Z")),
                        Optional.of("tired and hungry, no injuries")));
    }

    public static MissingEpisodeNotice notice() {
        return report().build();
    }

    /** Builds a missing-episode notice; every setter returns the builder. */
    public static final class Builder {
        public String exchangeId = "bx-me-0001";
        public String idempotencyKey = "missing:test";
        public Organisation sender = FORCE;
        public EpisodeUpdate update = EpisodeUpdate.REPORTED;
        public OffsetDateTime updatedAt = REPORTED_AT;
        public String episodeId;
        public ReportedBy reportedBy = ReportedBy.POLICE;
        public String reportingForce = "greater-manchester";
        public String policeReference = POLICE_REFERENCE;
        public String reporterReference;
        public ChildIdentity identity = MissingFixtures.identity();
        public boolean lookedAfter = true;
        public String placingAuthority = "886";
        public String homePostcode = "ME14 2LP";
        public MissingType type = MissingType.MISSING;
        public OffsetDateTime start = START;
        public RiskLevel riskLevel = RiskLevel.HIGH;
        public String riskLevelAsSent;
        public String riskRationale = "first episode; believed with older males linked to county lines";
        public String missingFromPostcode = "M13 9PL";
        public String lastSeenLocation = "Manchester Piccadilly station";
        public String hostAuthority = "352";
        public String concerns = "CCE";
        public String circumstances = "left the children's home after tea and did not return";
        public MissingEpisodeNotice.Found found;
        public MissingEpisodeNotice.Philomena philomena = new MissingEpisodeNotice.Philomena(
                Optional.of("slim, 160 cm, short dark hair"), Optional.of("two older teenagers from Moss Side"),
                Optional.of("Piccadilly Gardens; a friend's flat in Salford"), Optional.of("asthma: carries an inhaler"));

        public Builder sender(Organisation v) { sender = v; return this; }
        public Builder update(EpisodeUpdate v) { update = v; return this; }
        public Builder updatedAt(OffsetDateTime v) { updatedAt = v; return this; }
        public Builder episodeId(String v) { episodeId = v; return this; }
        public Builder reportedBy(ReportedBy v) { reportedBy = v; return this; }
        public Builder reportingForce(String v) { reportingForce = v; return this; }
        public Builder policeReference(String v) { policeReference = v; return this; }
        public Builder reporterReference(String v) { reporterReference = v; return this; }
        public Builder identity(ChildIdentity v) { identity = v; return this; }
        public Builder lookedAfter(boolean v) { lookedAfter = v; return this; }
        public Builder placingAuthority(String v) { placingAuthority = v; return this; }
        public Builder homePostcode(String v) { homePostcode = v; return this; }
        public Builder start(OffsetDateTime v) { start = v; return this; }
        public Builder riskLevel(RiskLevel v) { riskLevel = v; return this; }
        public Builder riskLevelAsSent(String v) { riskLevelAsSent = v; return this; }
        public Builder riskRationale(String v) { riskRationale = v; return this; }
        public Builder missingFromPostcode(String v) { missingFromPostcode = v; return this; }
        public Builder hostAuthority(String v) { hostAuthority = v; return this; }
        public Builder circumstances(String v) { circumstances = v; return this; }
        public Builder found(MissingEpisodeNotice.Found v) { found = v; return this; }
        public Builder philomena(MissingEpisodeNotice.Philomena v) { philomena = v; return this; }

        /** A report by the placing council, for itself, with its own reference and no police reference. */
        public Builder byCouncil() {
            return sender(PLACING_LA).reportedBy(ReportedBy.LOCAL_AUTHORITY).reportingForce(null)
                    .policeReference(null).reporterReference("KCC-MFC-2026-0088");
        }

        public MissingEpisodeNotice build() {
            return new MissingEpisodeNotice(exchangeId, idempotencyKey, sender, update, updatedAt,
                    Optional.ofNullable(episodeId), reportedBy,
                    Optional.ofNullable(reportingForce).map(PoliceForceCode::new), Optional.ofNullable(policeReference),
                    Optional.ofNullable(reporterReference),
                    new MissingEpisodeNotice.Child(identity, lookedAfter,
                            Optional.ofNullable(placingAuthority).map(DfeLaCode::new),
                            Optional.ofNullable(homePostcode).map(Postcode::parse)),
                    episode(), Optional.ofNullable(found), Optional.ofNullable(philomena), Optional.empty());
        }

        public MissingEpisodeNotice.Episode episode() {
            return new MissingEpisodeNotice.Episode(type, start, Optional.ofNullable(riskLevel),
                    Optional.ofNullable(riskLevelAsSent), Optional.ofNullable(riskRationale),
                    Optional.ofNullable(missingFromPostcode).map(Postcode::parse), Optional.ofNullable(lastSeenLocation),
                    Optional.ofNullable(hostAuthority).map(DfeLaCode::new), Optional.ofNullable(concerns),
                    Optional.ofNullable(circumstances));
        }
    }

    /** The placing authority's outcome: interview held by a commissioned provider 50 hours after return. */
    public static OutcomeBuilder outcome() {
        return new OutcomeBuilder();
    }

    public static final class OutcomeBuilder {
        public Organisation sender = PLACING_LA;
        public String episodeId = EPISODE_ID;
        public String taskId = "RHI-0195f3a2-8000-7000-8000-000000000001";
        public ChildIdentity child = MissingFixtures.identity();
        public String localAuthority = "886";
        public String provider = "NYAS";
        public String completedBy = "NYAS return interview worker";
        public Boolean offered = true;
        public LocalDate offeredDate = LocalDate.of(2026, 3, 3);
        public Boolean accepted = true;
        public OffsetDateTime heldAt = OffsetDateTime.parse("2026-03-05T11:00:00Z");
        public String notHeldReason;
        public String reasonsForMissing = "peers; felt unsettled in the placement";
        public String whereabouts = "Preston: a flat near the bus station";
        public String associates = "two older teenagers, first names only";
        public String exploitationConcerns = "asked to carry a package";
        public String healthConcerns = "sleep; asthma inhaler ran out";
        public Boolean harmDisclosed = false;
        public String actions = "strategy discussion requested; GP appointment";
        public List<Referral> referrals = new ArrayList<>(List.of(Referral.NRM, Referral.CAMHS));
        public String childView = "wants to stay in the placement but see friends at weekends";

        public OutcomeBuilder notHeld(String reason) {
            accepted = false;
            heldAt = null;
            notHeldReason = reason;
            reasonsForMissing = null;
            whereabouts = null;
            associates = null;
            harmDisclosed = null;
            childView = null;
            completedBy = null;
            return this;
        }

        public ReturnInterviewOutcomeNotice.Interview interview() {
            return new ReturnInterviewOutcomeNotice.Interview(new DfeLaCode(localAuthority),
                    Optional.ofNullable(provider), Optional.ofNullable(completedBy), offered,
                    Optional.ofNullable(offeredDate), Optional.ofNullable(accepted), Optional.ofNullable(heldAt),
                    Optional.ofNullable(notHeldReason), Optional.ofNullable(reasonsForMissing),
                    Optional.ofNullable(whereabouts), Optional.ofNullable(associates),
                    Optional.ofNullable(exploitationConcerns), Optional.ofNullable(healthConcerns),
                    Optional.ofNullable(harmDisclosed), Optional.ofNullable(actions), referrals,
                    Optional.ofNullable(childView));
        }

        public ReturnInterviewOutcomeNotice build() {
            return new ReturnInterviewOutcomeNotice("bx-rio-0001", "rhi-outcome:test", sender, episodeId,
                    Optional.ofNullable(taskId), child, interview());
        }
    }

    /** The gateway's task notice: overdue, still with the placing authority. */
    public static ReturnInterviewTaskNotice overdueTask() {
        return new ReturnInterviewTaskNotice("bx-rit-0001", "rhi-task:test", PLACING_LA,
                "RHI-0195f3a2-8000-7000-8000-000000000001", TaskEvent.OVERDUE, END.toInstant().plusSeconds(72 * 3600),
                PLACING_LA, new DfeLaCode("886"), Optional.of("Kent children's services missing lead, 03000 41 11 11"),
                EPISODE_ID, Optional.of(POLICE_REFERENCE), Optional.of(new PoliceForceCode("greater-manchester")),
                END.toInstant(), Optional.of(LOCAL_ID));
    }
}
