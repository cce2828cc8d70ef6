package org.bridgeway.dev.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.bridgeway.gateway.GatewayConfig;
import org.bridgeway.intake.PlacementJsonIntake;
import org.bridgeway.model.Notice;
import org.bridgeway.pipeline.Exchanges;
import org.bridgeway.pipeline.Recipient;
import org.bridgeway.pipeline.RecipientResolver;
import org.bridgeway.policy.EmbeddedDecisionPoint;
import org.bridgeway.policy.PolicyInput;
import org.bridgeway.reference.ReferenceData;
import org.bridgeway.warmup.SyntheticNotices;
import org.bridgeway.store.TimeOrderedIds;
import org.junit.jupiter.api.Test;

/**
 * {@code bench --recipients N}: the start of a placement goes to N organisations, each of which the shipped agreement
 * lets the gateway tell, so that the bench measures N deliveries a notice, not N candidates and fewer disclosures.
 */
class FannedOutPlacementsTest {
    private static final ReferenceData REFERENCE = ReferenceData.shipped();
    private static final EmbeddedDecisionPoint SHIPPED_AGREEMENTS = new EmbeddedDecisionPoint(
            GatewayConfig.locateProjectRoot().resolve("policies").resolve("agreements"));

    private static List<Notice> placements() {
        PlacementJsonIntake intake = new PlacementJsonIntake(REFERENCE, TimeOrderedIds::next);
        SyntheticNotices.Intakes intakes = new SyntheticNotices.Intakes(intake, null, null);
        return new SyntheticNotices(7).ofKind(SyntheticNotices.PLACEMENT, 12, "test").stream()
                .map(intakes::accepted).toList();
    }

    private static List<Recipient> recipientsOf(Notice notice, int recipients) {
        return new RecipientResolver(REFERENCE, FannedOutPlacements.to(recipients).apply(Exchanges.shipped()))
                .recipientsOf(notice);
    }

    @Test
    void tenRecipientsAreTheRulesOwnFirstThenOtherForcesEachOfWhomThePolicyLetsBeTold() {
        for (Notice placement : placements()) {
            List<Recipient> shipped = new RecipientResolver(REFERENCE, Exchanges.shipped()).recipientsOf(placement);
            List<Recipient> fannedOut = recipientsOf(placement, 10);

            assertThat(fannedOut).hasSize(10).startsWith(shipped.toArray(Recipient[]::new));
            assertThat(fannedOut.stream().map(Recipient::id).distinct()).hasSize(10);
            for (Recipient r : fannedOut) {
                assertThat(SHIPPED_AGREEMENTS.decide(PolicyInput.of(placement, r.organisation(), r.relation(),
                        LocalDate.now())).allow()).as("%s as %s", r.id(), r.relation()).isTrue();
            }
        }
    }

    @Test
    void oneRecipientIsTheRulesFirst() {
        for (Notice placement : placements()) {
            List<Recipient> shipped = new RecipientResolver(REFERENCE, Exchanges.shipped()).recipientsOf(placement);
            assertThat(recipientsOf(placement, 1)).containsExactly(shipped.get(0));
        }
    }
}
