package org.bridgeway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.bridgeway.model.MissingEpisodeNotice;
import org.bridgeway.model.RiskLevel;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.SyntheticMissingEpisodes;
import org.bridgeway.testing.SyntheticMissingEpisodes.Child;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repeated-missing watch in the gateway's pipeline, after the episode ledger: the same child reported missing
 * three times (three police references; one child, as the synthetic episodes all name the same child) gets the
 * prompt on the third report, and not on the regrade of that episode that follows.
 */
class RepeatedMissingPromptOnTheGatewayTest {
    @TempDir
    Path data;
    private GatewayFixture fixture;

    @BeforeEach
    void start() {
        fixture = GatewayFixture.start(data);
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void theThirdReportOfTheChildCarriesThePromptAndItsRegradeDoesNot() {
        assertThat(prompt(fixture.gateway().submit(SyntheticMissingEpisodes.report(Child.next(), RiskLevel.LOW))))
                .isEmpty();
        assertThat(prompt(fixture.gateway().submit(SyntheticMissingEpisodes.report(Child.next(), RiskLevel.LOW))))
                .isEmpty();
        Child third = Child.next();

        Dispatch reported = fixture.gateway().submit(SyntheticMissingEpisodes.report(third, RiskLevel.LOW));

        assertThat(prompt(reported)).contains("3 episodes in 30 days");
        Dispatch regraded = fixture.gateway().submit(SyntheticMissingEpisodes.regrade(third, RiskLevel.HIGH,
                OffsetDateTime.parse("2026-03-01T22:00:00Z")));
        assertThat(regraded.held()).isFalse();
        assertThat(prompt(regraded)).isEmpty();
    }

    private static Optional<String> prompt(Dispatch dispatch) {
        return ((MissingEpisodeNotice) dispatch.notice()).strategyDiscussionPrompt();
    }
}
