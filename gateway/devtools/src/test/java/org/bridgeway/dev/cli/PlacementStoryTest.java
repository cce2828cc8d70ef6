package org.bridgeway.dev.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bridgeway.pipeline.Outcome;
import org.bridgeway.testing.GatewayFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's placement story (samples/placement-story) on a real gateway with the story's clock: what issue 19 asks
 * the demo to show, chapter by chapter.
 */
class PlacementStoryTest {
    @TempDir
    Path data;

    @Test
    void theHostForceIsToldOnlyOfRiskALateNoticeIsFlaggedAndAnEndReachesExactlyThoseToldOfTheStart()
            throws Exception {
        StoryClock clock = new StoryClock(PlacementStory.START);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<List<Outcome>> chapters = new ArrayList<>();
        try (GatewayFixture fixture = GatewayFixture.start(GatewayFixture.config(data), clock)) {
            new PlacementStory(fixture.gateway(), clock, GatewayFixture.samples().resolve("placement-story"),
                    new PrintStream(printed, true, StandardCharsets.UTF_8), false).tell(chapters::add);
        }
        String text = printed.toString(StandardCharsets.UTF_8);

        assertThat(chapters).hasSize(3);
        // a planned placement with no risk: Lancashire's council and health team are told, its force is refused
        assertThat(delivered(chapters.get(0))).containsExactlyInAnyOrder("local-authority:888", "health:LAC888");
        assertThat(chapters.get(0)).filteredOn(Outcome.Denied.class::isInstance).map(Outcome.Denied.class::cast)
                .singleElement().satisfies(denied -> {
                    assertThat(denied.recipient()).isEqualTo("police:lancashire");
                    assertThat(denied.reasons()).anyMatch(r -> r.contains("is conditional")
                            && r.contains("this notice meets no condition"));
                });
        assertThat(text).contains("TIMELINESS: ON_TIME (received 2026-11-02, due by 2026-11-09)");
        // an emergency placement of a child at risk, notified late: the force is told, and every recipient sees it late
        assertThat(delivered(chapters.get(1))).containsExactlyInAnyOrder("police:west-yorkshire",
                "local-authority:383", "health:LAC383");
        assertThat(chapters.get(1)).filteredOn(Outcome.Delivered.class::isInstance).map(Outcome.Delivered.class::cast)
                .allSatisfy(d -> assertThat(d.fields()).contains("notification.timeliness",
                        "notification.workingDaysLate"));
        assertThat(text).contains("TIMELINESS: LATE (received 2026-11-16, due by 2026-11-09, 5 working days late)");
        // the end goes to exactly those told of the start; the force, never told, is not even asked
        assertThat(delivered(chapters.get(2))).containsExactlyInAnyOrder("local-authority:888", "health:LAC888");
        assertThat(chapters.get(2)).noneMatch(Outcome.Denied.class::isInstance);
    }

    private static List<String> delivered(List<Outcome> chapter) {
        return chapter.stream().filter(Outcome.Delivered.class::isInstance).map(o -> ((Outcome.Delivered) o).recipient())
                .toList();
    }
}
