package org.bridgeway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.camel.CamelExecutionException;
import org.bridgeway.audit.AuditUnavailableException;
import org.bridgeway.fault.RuleRefused;
import org.bridgeway.model.RiskLevel;
import org.bridgeway.testing.SyntheticMissingEpisodes;
import org.bridgeway.testing.SyntheticMissingEpisodes.Child;
import org.junit.jupiter.api.Test;

/**
 * Going through the pipeline again: each pass of the notice pipeline is here a function that answers as the route does,
 * calling {@link PipelineAgain#again} itself when its pass is outdated (the route's choice), on the same thread.
 */
class PipelineAgainTest {
    private final Dispatch received = Dispatch.received(SyntheticMissingEpisodes.report(Child.next(), RiskLevel.LOW),
            Instant.parse("2026-03-01T21:05:00Z"));
    private final List<Object> bodies = new ArrayList<>();

    @Test
    void aNoticeOutdatedOnceIsAnsweredByItsNextPassWithTheBodyAsItCame() {
        PipelineAgain again = passes(List.of(false));

        Dispatch answered = again.again(received.asOutdated(), received.notice());

        assertThat(answered.outdated()).isFalse();
        assertThat(bodies).containsExactly(received.notice());
    }

    @Test
    void passesOutdatedAgainComeBackToOneLoopWhichGivesUpAfterFivePassesInAll() {
        PipelineAgain again = passes(List.of(true, true, true, true, true, true));

        AuditUnavailableException given = catchThrowableOfType(AuditUnavailableException.class,
                () -> again.again(received.asOutdated(), received.notice()));

        assertThat(given).hasMessageContaining(received.exchangeId()).hasMessageContaining("5 passes");
        assertThat(bodies).as("four passes after the first, none nested in another").hasSize(4);
        // the loop is left behind: a later outdated notice on this thread goes round again
        assertThat(passes(List.of(false)).again(received.asOutdated(), received.notice()).outdated()).isFalse();
    }

    @Test
    void aPassThatFailsFailsAsTheFirstWouldHave() {
        RuleRefused closed = new RuleRefused(409, "episode.closed", "the episode is closed");
        PipelineAgain again = new PipelineAgain(body -> {
            throw new CamelExecutionException("the second pass failed", null, closed);
        });

        assertThat(catchThrowableOfType(RuleRefused.class, () -> again.again(received.asOutdated(),
                received.notice()))).isSameAs(closed);
    }

    /** Passes outdated or not in turn; an outdated pass asks {@code again}, as the route's choice does. */
    private PipelineAgain passes(List<Boolean> outdated) {
        PipelineAgain[] self = new PipelineAgain[1];
        int[] pass = {0};
        Function<Object, Dispatch> pipeline = body -> {
            bodies.add(body);
            Dispatch dispatch = outdated.get(pass[0]++) ? received.asOutdated() : received;
            return dispatch.outdated() ? self[0].again(dispatch, body) : dispatch;
        };
        self[0] = new PipelineAgain(pipeline);
        return self[0];
    }
}
