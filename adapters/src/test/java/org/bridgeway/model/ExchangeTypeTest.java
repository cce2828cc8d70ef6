package org.bridgeway.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ExchangeTypeTest {

    @Test
    void slugsAreStableAndUnique() {
        assertThat(Arrays.stream(ExchangeType.values()).map(ExchangeType::slug)).containsExactly(
                "placement-notification", "exclusion-notice", "missing-episode", "return-interview-outcome",
                "custody-handover", "return-interview-task", "locator-access", "custody-handover-deadline");
    }

    @Test
    void placementFieldsAreThoseOfTheRecord() {
        assertThat(ExchangeType.PLACEMENT_NOTIFICATION.fields()).isSameAs(PlacementNotice.Fields.ALL);
    }

    @ParameterizedTest
    @EnumSource(ExchangeType.class)
    void fieldNamesAreDottedUniqueAndLookedUpBySlug(ExchangeType type) {
        assertThat(type.fields()).isNotEmpty().doesNotHaveDuplicates()
                .allMatch(f -> f.matches("[a-z][A-Za-z0-9]*(\\.[a-z][A-Za-z0-9]*)*"), "a dotted canonical name");
        assertThat(ExchangeType.fromSlug(type.slug())).contains(type);
    }

    @Test
    void unknownSlug() {
        assertThat(ExchangeType.fromSlug("school-exclusion")).isEmpty();
    }
}
