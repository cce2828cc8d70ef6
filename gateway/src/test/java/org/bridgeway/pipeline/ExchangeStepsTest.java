package org.bridgeway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bridgeway.model.ExchangeType;
import org.bridgeway.model.ExclusionNotice;
import org.bridgeway.model.ExclusionReason;
import org.bridgeway.model.Notice;
import org.bridgeway.testing.SyntheticExclusions;
import org.bridgeway.testing.SyntheticExclusions.Pupil;
import org.junit.jupiter.api.Test;

/**
 * The exchange-specific stage of the pipeline: a registration names its steps by bean, and the pipeline runs exactly
 * those, in order, for notices of that type — and refuses to start when a named step is not there.
 */
class ExchangeStepsTest {
    private static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");
    private static final Pupil PUPIL = new Pupil("878400119050", null, "Jayden", "Fictionby", LocalDate.of(2011, 8, 12));

    private final List<String> ran = new ArrayList<>();

    private ExchangeStep recording(String name) {
        return dispatch -> {
            ran.add(name);
            return dispatch;
        };
    }

    private static Dispatch exclusion() {
        return Dispatch.received(SyntheticExclusions.permanent(SyntheticExclusions.EXMOOR_VALE, PUPIL,
                LocalDate.of(2026, 5, 20), ExclusionReason.DR), NOW);
    }

    private static ExchangeRegistration registration(ExchangeType type, String... steps) {
        return ExchangeRegistration.of(type, Notice.class, (notice, reference) -> List.of()).withSteps(steps);
    }

    @Test
    void theStepsATypeDeclaresRunInOrderForItsNoticesOnly() {
        Exchanges exchanges = new Exchanges(List.of(
                registration(ExchangeType.EXCLUSION_NOTICE, "first", "second"),
                registration(ExchangeType.PLACEMENT_NOTIFICATION)));
        ExchangeSteps steps = new ExchangeSteps(exchanges,
                Map.<String, Object>of("first", recording("first"), "second", recording("second"))::get);

        steps.run(exclusion());

        assertThat(ran).containsExactly("first", "second");
    }

    @Test
    void aStepMayAmendTheNoticeAndTheNextStepSeesTheAmendment() {
        ExchangeStep warn = dispatch -> dispatch.withNotice(
                ((ExclusionNotice) dispatch.notice()).withRepeatedSuspensionWarning("seen before"));
        List<String> seen = new ArrayList<>();
        ExchangeStep look = dispatch -> {
            seen.add(dispatch.notice().fields().get(ExclusionNotice.Fields.EXCLUSION_REPEATED_SUSPENSION_WARNING));
            return dispatch;
        };
        ExchangeSteps steps = new ExchangeSteps(new Exchanges(List.of(
                registration(ExchangeType.EXCLUSION_NOTICE, "warn", "look"))),
                Map.<String, Object>of("warn", warn, "look", look)::get);

        Dispatch out = steps.run(exclusion());

        assertThat(seen).containsExactly("seen before");
        assertThat(out.notice().fields()).containsEntry(ExclusionNotice.Fields.EXCLUSION_REPEATED_SUSPENSION_WARNING,
                "seen before");
    }

    @Test
    void aTypeThatDeclaresNoStepPassesThroughUnchanged() {
        ExchangeSteps steps = new ExchangeSteps(new Exchanges(List.of(registration(ExchangeType.EXCLUSION_NOTICE))),
                name -> null);
        Dispatch in = exclusion();

        assertThat(steps.run(in)).isSameAs(in);
    }

    @Test
    void aNoticeOfATypeWithNoRegistrationGoesNoFurther() {
        ExchangeSteps steps = new ExchangeSteps(new Exchanges(List.of(
                registration(ExchangeType.PLACEMENT_NOTIFICATION))), name -> null);

        assertThatThrownBy(() -> steps.run(exclusion()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exclusion-notice");
    }

    @Test
    void aStepNamedButNotBoundStopsTheStartNamingTypeAndStep() {
        Exchanges exchanges = new Exchanges(List.of(registration(ExchangeType.EXCLUSION_NOTICE, "repeatedSuspenionWatch")));

        assertThatThrownBy(() -> new ExchangeSteps(exchanges, name -> null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exclusion-notice")
                .hasMessageContaining("'repeatedSuspenionWatch'")
                .hasMessageContaining("no bean has that name");
    }

    @Test
    void aBeanThatIsNotAStepIsRefusedToo() {
        Exchanges exchanges = new Exchanges(List.of(registration(ExchangeType.EXCLUSION_NOTICE, "recipientResolver")));

        assertThatThrownBy(() -> new ExchangeSteps(exchanges, name -> "not a step"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not an ExchangeStep");
    }

    @Test
    void anExchangeTypeIsRegisteredOnce() {
        assertThatThrownBy(() -> new Exchanges(List.of(registration(ExchangeType.EXCLUSION_NOTICE),
                registration(ExchangeType.EXCLUSION_NOTICE))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exclusion-notice is registered twice");
    }

    @Test
    void theShippedExchangesAndOnlyTheExclusionWatchesSuspensionsAndThePlacementAndMissingEpisodeKeepLedgers() {
        Exchanges shipped = Exchanges.shipped();

        assertThat(shipped.all()).extracting(ExchangeRegistration::type)
                .containsExactlyInAnyOrder(ExchangeType.PLACEMENT_NOTIFICATION, ExchangeType.EXCLUSION_NOTICE,
                        ExchangeType.MISSING_EPISODE, ExchangeType.RETURN_INTERVIEW_OUTCOME,
                        ExchangeType.RETURN_INTERVIEW_TASK, ExchangeType.LOCATOR_ACCESS, ExchangeType.CUSTODY_HANDOVER,
                        ExchangeType.CUSTODY_HANDOVER_DEADLINE);
        assertThat(shipped.all()).extracting(ExchangeRegistration::steps)
                .filteredOn(steps -> steps.contains(Exchanges.REPEATED_SUSPENSION_WATCH)).hasSize(1);
        assertThat(shipped.of(ExchangeType.RETURN_INTERVIEW_OUTCOME).steps())
                .containsExactly(Exchanges.RETURN_INTERVIEW_OUTCOME_STEP);
        assertThat(shipped.of(ExchangeType.RETURN_INTERVIEW_TASK).steps()).isEmpty();
        assertThat(shipped.of(ExchangeType.CUSTODY_HANDOVER_DEADLINE).steps()).isEmpty();
        assertThat(shipped.of(ExchangeType.EXCLUSION_NOTICE).steps())
                .containsExactly(Exchanges.REPEATED_SUSPENSION_WATCH);
        assertThat(shipped.of(ExchangeType.PLACEMENT_NOTIFICATION).steps())
                .containsExactly(Exchanges.PLACEMENT_LEDGER, Exchanges.PLACEMENT_TIMELINESS, Exchanges.LOCATOR_FILL);
        assertThat(shipped.of(ExchangeType.LOCATOR_ACCESS).steps()).isEmpty();
        assertThat(shipped.of(ExchangeType.MISSING_EPISODE).steps())
                .containsExactly(Exchanges.MISSING_EPISODE_LEDGER, Exchanges.REPEATED_MISSING_WATCH);
        assertThat(shipped.of(ExchangeType.CUSTODY_HANDOVER).steps())
                .containsExactly(Exchanges.CUSTODY_HANDOVER_LEDGER);
    }
}
