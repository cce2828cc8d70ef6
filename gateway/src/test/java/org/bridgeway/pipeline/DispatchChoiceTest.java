package org.bridgeway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.model.PlacementNotice;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.SyntheticPlacements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notice pipeline's choices each read their own flag of the dispatch, on the dispatches the gateway makes, and
 * refuse any other body without showing it.
 */
class DispatchChoiceTest {
    @TempDir
    Path temp;

    @Test
    void eachChoiceReadsItsOwnFlagOfTheDispatch() throws Exception {
        try (GatewayFixture fixture = GatewayFixture.start(temp)) {
            Gateway gateway = fixture.gateway();
            PlacementNotice notice = SyntheticPlacements.notice(gateway.reference(),
                    SyntheticPlacements.EVERY_FIELD.get(0));
            Dispatch received = Dispatch.received(notice, Instant.parse("2026-03-01T09:00:00Z"));

            assertThat(matching(gateway, received)).isEmpty();
            assertThat(matching(gateway, received.asOutdated())).containsExactly(DispatchChoice.OUTDATED);
            assertThat(matching(gateway, received.heldFor("episode.report-awaited")))
                    .containsExactly(DispatchChoice.HELD);
            assertThat(matching(gateway, gateway.submit(notice))).as("accepted").isEmpty();
            assertThat(matching(gateway, gateway.submit(notice))).containsExactly(DispatchChoice.DUPLICATE);

            Exchange notADispatch = new DefaultExchange(gateway.camel());
            notADispatch.getMessage().setBody("placement of a named child");
            assertThatThrownBy(() -> DispatchChoice.DUPLICATE.matches(notADispatch))
                    .hasMessageContaining("java.lang.String").hasMessageNotContaining("named child");
        }
    }

    private static List<DispatchChoice> matching(Gateway gateway, Dispatch dispatch) {
        Exchange exchange = new DefaultExchange(gateway.camel());
        exchange.getMessage().setBody(dispatch);
        return Arrays.stream(DispatchChoice.values()).filter(c -> c.matches(exchange)).toList();
    }
}
