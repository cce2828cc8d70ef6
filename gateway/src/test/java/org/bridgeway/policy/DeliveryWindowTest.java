package org.bridgeway.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An agreement's delivery window: five days when it names none, its own when it does, refused out of bounds. */
class DeliveryWindowTest {
    @TempDir
    Path agreements;

    /** The production agreements, the placement agreement with {@code line} added. */
    private void agreementsWithPlacementLine(String line) throws IOException {
        try (Stream<Path> files = Files.list(PolicyRoot.agreements())) {
            for (Path f : files.toList()) {
                String yaml = Files.readString(f);
                if (f.getFileName().toString().equals("placement-notification.yaml")) {
                    yaml = yaml.replaceFirst("(?m)^reviewDate:", line + "\nreviewDate:");
                }
                Files.writeString(agreements.resolve(f.getFileName()), yaml);
            }
        }
    }

    @Test
    void theShippedAgreementsGiveFiveDays() {
        EmbeddedDecisionPoint pdp = new EmbeddedDecisionPoint(PolicyRoot.agreements(), PolicyRoot.schema());
        assertThat(pdp.deliveryWindow("ISA-PN-2025", "2.0")).isEqualTo(Duration.ofDays(5));
        assertThat(pdp.deliveryWindow("NO-SUCH-AGREEMENT", "1.0")).isEqualTo(DeliveryWindows.DEFAULT);
    }

    @Test
    void anAgreementNamesItsOwnWindow() throws IOException {
        agreementsWithPlacementLine("deliveryWindow: PT36H");
        EmbeddedDecisionPoint pdp = new EmbeddedDecisionPoint(agreements, PolicyRoot.schema());
        assertThat(pdp.deliveryWindow("ISA-PN-2025", "2.0")).isEqualTo(Duration.ofHours(36));
        assertThat(pdp.deliveryWindow("ISA-EX-2026", "1.1")).isEqualTo(Duration.ofDays(5));
    }

    @Test
    void aWindowThatIsNotADurationOrOutOfBoundsStopsTheLoad() throws IOException {
        for (String bad : new String[] {"P40D", "PT10S", "P5X"}) {
            agreementsWithPlacementLine("deliveryWindow: " + bad);
            PolicyLoadException e = catchThrowableOfType(PolicyLoadException.class,
                    () -> new EmbeddedDecisionPoint(agreements, PolicyRoot.schema()));
            assertThat(e).as(bad).isNotNull();
            assertThat(e.field()).as(bad).isEqualTo("$.deliveryWindow");
            assertThat(e.getMessage()).contains("placement-notification.yaml").contains(bad);
        }
    }
}
