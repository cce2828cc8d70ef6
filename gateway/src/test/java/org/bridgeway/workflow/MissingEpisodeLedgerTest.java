package org.bridgeway.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import org.bridgeway.audit.AuditRecord;
import org.bridgeway.fault.Fault;
import org.bridgeway.fault.RuleRefused;
import org.bridgeway.model.MissingEpisodeNotice;
import org.bridgeway.model.RiskLevel;
import org.bridgeway.pipeline.Dispatch;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.SyntheticMissingEpisodes;
import org.bridgeway.testing.SyntheticMissingEpisodes.Child;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The episode ledger's defined behaviours through a real gateway (H2): an episode is opened by its report, and an
 * update is applied to it once and in order, or refused by a named rule with nothing stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MissingEpisodeLedgerTest {
    private static final OffsetDateTime DAY_TWO = OffsetDateTime.parse("2026-03-02T08:00:00Z");
    private static final OffsetDateTime DAY_THREE = OffsetDateTime.parse("2026-03-03T09:15:00Z");

    @TempDir
    static Path data;
    private GatewayFixture fixture;

    @BeforeAll
    void start() {
        fixture = GatewayFixture.start(data);
    }

    @AfterAll
    void stop() {
        if (fixture != null) {
            assertThat(fixture.gateway().auditLog().verify().valid()).as("the audit log verifies").isTrue();
            fixture.close();
        }
    }

    @Test
    void aReportOpensAnEpisodeAndTheNoticeCarriesItsId() {
        Child child = Child.next();
        Dispatch reported = fixture.gateway().submit(SyntheticMissingEpisodes.report(child, RiskLevel.MEDIUM));

        String episodeId = episodeOf(reported);
        assertThat(episodeId).startsWith("ME-");
        MissingEpisodes.Episode episode = fixture.gateway().missingEpisodes().byId(episodeId).orElseThrow();
        assertThat(episode.state()).isEqualTo(MissingEpisodes.State.OPEN);
        assertThat(episode.responsibleAuthority().value()).isEqualTo("886");
        assertThat(episode.hostAuthority().map(h -> h.value())).contains("352");
        assertThat(episode.handlingForce()).as("the force of the area the child went missing from, with a report")
                .contains("greater-manchester");
        assertThat(episode.homeForce()).as("the child's home force, another force").contains("kent");
        assertThat(episode.childMatchKey()).hasSize(64).doesNotContain(child.localId());
        // the reporting force is the handling force, and is not sent its own report back
        assertThat(reported.recipients()).extracting(r -> r.organisation().id() + " " + r.relation())
                .containsExactlyInAnyOrder("local-authority:886 responsible-authority",
                        "local-authority:352 host-authority", "police:kent home-force",
                        "health:LAC886 child-health-team", "school:105123 child-school");
    }

    @Test
    void aSecondDifferentReportOfTheSameEpisodeIsRefusedNamingTheEpisode() {
        Child child = Child.next();
        MissingEpisodeNotice first = SyntheticMissingEpisodes.report(child, RiskLevel.MEDIUM);
        String episodeId = episodeOf(fixture.gateway().submit(first));

        RuleRefused refused = refusal(() -> fixture.gateway().submit(SyntheticMissingEpisodes.notice(child,
                first.update(), first.updatedAt(), first.riskLevel(), first.found(), first.sender(),
                "a different account of the same report")));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.rule()).isEqualTo("episode.duplicate-report");
        assertThat(refused.details()).containsEntry("episodeId", episodeId);

        Dispatch again = fixture.gateway().submit(first);
        assertThat(again.duplicate()).as("the same notice again is its duplicate").isTrue();
    }

    @Test
    void aStaleRegradeIsRefusedAndALaterOneApplied() {
        Child child = Child.next();
        fixture.gateway().submit(SyntheticMissingEpisodes.report(child, RiskLevel.MEDIUM));
        String episodeId = applied(SyntheticMissingEpisodes.regrade(child, RiskLevel.HIGH, DAY_THREE));

        RuleRefused stale = refusal(() -> fixture.gateway().submit(
                SyntheticMissingEpisodes.regrade(child, RiskLevel.LOW, DAY_TWO)));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.rule()).isEqualTo("episode.update.stale");
        assertThat(fixture.gateway().missingEpisodes().byId(episodeId).orElseThrow().riskLevel()).isEqualTo("HIGH");
    }

    @Test
    void anUpdateFromAnOrganisationThatIsNotAPartyIsForbiddenAndOneFromTheHostAuthorityApplied() {
        Child child = Child.next();
        String episodeId = episodeOf(fixture.gateway().submit(SyntheticMissingEpisodes.report(child, RiskLevel.MEDIUM)));
        // Brighton and Hove name the episode, but are neither its reporter nor its responsible or host authority
        MissingEpisodeNotice fromBrighton = SyntheticMissingEpisodes.regradeByCouncil(
                org.bridgeway.model.Organisation.parseId("local-authority:846"), child, episodeId, DAY_TWO);

        RuleRefused refused = refusal(() -> fixture.gateway().submit(fromBrighton));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.rule()).isEqualTo("episode.update.not-a-party");
        assertThat(fixture.gateway().auditLog().entriesFor(fromBrighton.exchangeId()))
                .as("nothing of a refused update is stored").isEmpty();
        assertThat(applied(SyntheticMissingEpisodes.regradeByCouncil(SyntheticMissingEpisodes.MANCHESTER, child,
                episodeId, DAY_TWO))).as("the host authority is a party").isEqualTo(episodeId);
    }

    /** Sends an update that must be applied; returns its episode id. */
    private String applied(MissingEpisodeNotice update) {
        Dispatch dispatch = fixture.gateway().submit(update);
        assertThat(dispatch.held()).isFalse();
        assertThat(dispatch.duplicate()).isFalse();
        return ((MissingEpisodeNotice) dispatch.notice()).episodeId().orElseThrow();
    }

    private String episodeOf(Dispatch dispatch) {
        return fixture.gateway().missingEpisodeLedger().episodeOf((MissingEpisodeNotice) dispatch.notice())
                .orElseThrow();
    }

    static RuleRefused refusal(Runnable submission) {
        Throwable thrown = catchThrowable(submission::run);
        assertThat(thrown).as("refused").isNotNull();
        assertThat(Fault.of(thrown)).isInstanceOf(Fault.Refused.class);
        return ((Fault.Refused) Fault.of(thrown)).refusal();
    }

    static List<String> types(List<AuditRecord> records) {
        return records.stream().map(r -> r.field("type")).toList();
    }
}
