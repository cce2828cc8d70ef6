package org.bridgeway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.bridgeway.pipeline.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayFixtureSmokeTest {
    @TempDir
    Path data;

    @Test
    void theSampleReturnDeliversToEveryRecipientOfEachOutOfAreaPlacement() {
        try (GatewayFixture fixture = GatewayFixture.start(data)) {
            fixture.gateway().processReturn(GatewayFixture.samples().resolve("ssda903").resolve("kent-2025"));
            assertThat(fixture.outcomes(Outcome.Delivered.class)).hasSize(GatewayFixture.SAMPLE_RETURN_DELIVERIES);
            assertThat(fixture.outcomes(Outcome.Rejected.class)).extracting(Outcome.Rejected::rule)
                    .containsExactly("ssda903.urn.format");
            assertThat(fixture.gateway().mailboxes().count("local-authority:352")).isEqualTo(1);
            // no risk in the return: the force of the area is not told (ISA-PN-2025 2.0)
            assertThat(fixture.gateway().mailboxes().count("police:greater-manchester")).isZero();
            assertThat(fixture.gateway().auditLog().verify().valid()).isTrue();
        }
    }
}
