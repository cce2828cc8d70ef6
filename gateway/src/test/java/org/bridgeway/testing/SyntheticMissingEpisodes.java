package org.bridgeway.testing;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bridgeway.model.ChildIdentity;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.EpisodeUpdate;
import org.bridgeway.model.FoundCondition;
import org.bridgeway.model.MissingEpisodeNotice;
import org.bridgeway.model.MissingType;
import org.bridgeway.model.NhsNumber;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.PlacementNotice;
import org.bridgeway.model.PoliceForceCode;
import org.bridgeway.model.Postcode;
import org.bridgeway.model.PreventionInterview;
import org.bridgeway.model.ReportedBy;
import org.bridgeway.model.RiskLevel;
import org.bridgeway.model.SchoolUrn;

/**
 * A synthetic missing story for the gateway's tests (made-up child and references; NHS number from the 999 range):
 * a child looked after by Kent (886) and placed in Manchester (352) goes missing from the placement (M1), Greater
 * Manchester Police take the report, the child's home is in Canterbury (CT1, Kent Police). Each child gets its own
 * police reference and local id, so that tests on one gateway do not share episodes.
 */
public final class SyntheticMissingEpisodes {
    public static final Organisation FORCE = Organisation.parseId("police:greater-manchester");
    public static final Organisation KENT = Organisation.parseId("local-authority:886");
    public static final Organisation MANCHESTER = Organisation.parseId("local-authority:352");
    public static final OffsetDateTime START = OffsetDateTime.parse("2026-03-01T18:30:00Z");
    public static final OffsetDateTime REPORTED_AT = OffsetDateTime.parse("2026-03-01T21:05:00Z");

    private SyntheticMissingEpisodes() {
    }

    /** One child's episode: its police reference and the child's ids. */
    public record Child(String policeReference, String localId) {
        public static Child next() {
            String n = UUID.randomUUID().toString().substring(0, 8).toUpperCase(java.util.Locale.ROOT);
            return new Child("GMP/26/" + n, "KCC-" + n);
        }

        ChildIdentity identity() {
            return new ChildIdentity(Optional.of(localId), Optional.of(NhsNumber.parse("9990000018")),
                    Optional.empty(), Optional.of("Rowan"), Optional.of("Testbury"),
                    Optional.of(LocalDate.of(2011, 5, 14)), Optional.of(PlacementNotice.Sex.FEMALE),
                    Optional.of(new SchoolUrn("105123")));
        }
    }

    /** The force's report, graded {@code risk}, at {@link #REPORTED_AT}. */
    public static MissingEpisodeNotice report(Child child, RiskLevel risk) {
        return notice(child, EpisodeUpdate.REPORTED, REPORTED_AT, Optional.of(risk), Optional.empty(), FORCE,
                "report of the evening before");
    }

    /** The force's report of a Kent child missing from home (Canterbury): not looked after, so in no 903 return. */
    public static MissingEpisodeNotice reportFromHome(Child child) {
        return new MissingEpisodeNotice(UUID.randomUUID().toString(), key(FORCE, child, EpisodeUpdate.REPORTED,
                REPORTED_AT), FORCE, EpisodeUpdate.REPORTED, REPORTED_AT, Optional.empty(), ReportedBy.POLICE,
                Optional.of(new PoliceForceCode(FORCE.code())), Optional.of(child.policeReference()), Optional.empty(),
                new MissingEpisodeNotice.Child(child.identity(), false, Optional.empty(),
                        Optional.of(Postcode.parse("CT1 1AA"))),
                new MissingEpisodeNotice.Episode(MissingType.MISSING, START, Optional.of(RiskLevel.LOW),
                        Optional.empty(), Optional.empty(), Optional.of(Postcode.parse("CT1 1AA")),
                        Optional.of("Canterbury"), Optional.empty(), Optional.empty(), Optional.empty()),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static MissingEpisodeNotice regrade(Child child, RiskLevel risk, OffsetDateTime at) {
        return notice(child, EpisodeUpdate.RISK_REGRADED, at, Optional.of(risk), Optional.empty(), FORCE, "");
    }

    public static MissingEpisodeNotice found(Child child, OffsetDateTime end, OffsetDateTime at) {
        return notice(child, EpisodeUpdate.FOUND, at, Optional.empty(), Optional.of(new MissingEpisodeNotice.Found(
                end, Optional.of(new DfeLaCode("888")), Optional.of("a bus station"), Optional.empty(),
                List.of(FoundCondition.SAFE_AND_WELL), Optional.of(PreventionInterview.DONE), Optional.empty(),
                Optional.empty())), FORCE, "");
    }

    public static MissingEpisodeNotice closed(Child child, OffsetDateTime at) {
        return notice(child, EpisodeUpdate.CLOSED, at, Optional.empty(), Optional.empty(), FORCE, "");
    }

    /** A regrade of episode {@code episodeId} sent by a council, naming the episode by its id. */
    public static MissingEpisodeNotice regradeByCouncil(Organisation council, Child child, String episodeId,
                                                        OffsetDateTime at) {
        return new MissingEpisodeNotice(UUID.randomUUID().toString(), key(council, child, EpisodeUpdate.RISK_REGRADED,
                at), council, EpisodeUpdate.RISK_REGRADED, at, Optional.of(episodeId), ReportedBy.LOCAL_AUTHORITY,
                Optional.empty(), Optional.empty(), Optional.empty(), childOf(child),
                episode(Optional.of(RiskLevel.HIGH), ""), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * A notice of {@code child}'s episode; {@code variant} changes the circumstances text, so that two reports under
     * one reference can differ in content.
     */
    public static MissingEpisodeNotice notice(Child child, EpisodeUpdate update, OffsetDateTime at,
                                              Optional<RiskLevel> risk, Optional<MissingEpisodeNotice.Found> found,
                                              Organisation sender, String variant) {
        return new MissingEpisodeNotice(UUID.randomUUID().toString(),
                key(sender, child, update, at) + (variant.isEmpty() ? "" : "|" + variant.hashCode()), sender, update,
                at, Optional.empty(), ReportedBy.POLICE, Optional.of(new PoliceForceCode(FORCE.code())),
                Optional.of(child.policeReference()), Optional.empty(), childOf(child),
                episode(risk.or(() -> Optional.of(RiskLevel.MEDIUM)), variant), found,
                Optional.empty(), Optional.empty());
    }

    private static String key(Organisation sender, Child child, EpisodeUpdate update, OffsetDateTime at) {
        return "missing-test:" + sender.id() + "|" + child.policeReference() + "|" + update + "|" + at;
    }

    private static MissingEpisodeNotice.Child childOf(Child child) {
        return new MissingEpisodeNotice.Child(child.identity(), true, Optional.of(new DfeLaCode("886")),
                Optional.of(Postcode.parse("CT1 1AA")));
    }

    private static MissingEpisodeNotice.Episode episode(Optional<RiskLevel> risk, String circumstances) {
        return new MissingEpisodeNotice.Episode(MissingType.MISSING, START, risk, Optional.empty(),
                Optional.of("no contact since she left the placement"), Optional.of(Postcode.parse("M1 1AA")),
                Optional.of("Piccadilly Gardens"), Optional.of(new DfeLaCode("352")), Optional.empty(),
                circumstances.isEmpty() ? Optional.empty() : Optional.of(circumstances));
    }
}
