package org.bridgeway.dev.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bridgeway.cli.CommandFailure;
import org.bridgeway.gateway.GatewayConfig;
import org.bridgeway.policy.EmbeddedDecisionPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench --agreements N}: a project root whose policy engine loads N valid agreements, the shipped ones too. */
class SyntheticAgreementsTest {
    private static final Path REAL = GatewayConfig.locateProjectRoot();

    @Test
    void theEngineLoadsTheShippedAgreementsAndSyntheticOnesUpToTheTotal(@TempDir Path scratch) throws Exception {
        int shipped = SyntheticAgreements.countIn(REAL.resolve("policies").resolve("agreements"));
        Path root = SyntheticAgreements.projectRootWith(shipped + 51, REAL, scratch.resolve("root"));

        EmbeddedDecisionPoint engine = new EmbeddedDecisionPoint(root.resolve("policies").resolve("agreements"));
        assertThat(engine.agreementIds()).hasSize(shipped + 51).contains("ISA-PN-2025", "ISA-EX-2026",
                "ISA-BENCH-1", "ISA-BENCH-51");
        assertThat(Files.isSymbolicLink(root.resolve("routes"))).as("Camel loads no routes from a linked folder")
                .isFalse();
        assertThat(root.resolve("routes").resolve("notice-pipeline.camel.yaml")).isRegularFile();
        assertThat(Files.isSymbolicLink(root.resolve("certs-dev"))).isTrue();
    }

    @Test
    void theShippedNumberIsTheRealRootAndFewerIsRefused(@TempDir Path scratch) throws Exception {
        int shipped = SyntheticAgreements.countIn(REAL.resolve("policies").resolve("agreements"));
        assertThat(SyntheticAgreements.projectRootWith(shipped, REAL, scratch.resolve("root"))).isEqualTo(REAL);
        assertThatThrownBy(() -> SyntheticAgreements.projectRootWith(shipped - 1, REAL, scratch.resolve("root")))
                .isInstanceOf(CommandFailure.class).hasMessageContaining("fewer than the " + shipped);
    }
}
