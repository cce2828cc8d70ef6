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
            assertThat(fixture.outcomes(Outcome.Delivered.class)).hasSize(7 * 3);
            assertThat(fixture.outcomes(Outcome.Rejected.class)).extracting(Outcome.Rejected::rule)
                    .containsExactly("ssda903.urn.format");
            assertThat(fixture.gateway().mailboxes().count("police:greater-manchester")).isEqualTo(1);
            assertThat(fixture.gateway().auditLog().verify().valid()).isTrue();
        }
    }
}
