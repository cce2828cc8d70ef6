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
 * The demo's night-time custody handovers (samples/custody-handover) on a real gateway with the story's clock: what
 * issue 14 asks the demo to show, chapter by chapter.
 */
class HandoverStoryTest {
    private static final String SOUTH_GLOUCESTERSHIRE = "local-authority:803";
    private static final String DEVON = "local-authority:878";
    private static final String BRISTOL = "local-authority:801";
    private static final String FORCE = "police:avon-and-somerset";

    @TempDir
    Path data;

    @Test
    void theLocatorFindsDevonTheFirstAcceptanceWinsAndAnUnansweredRequestEscalatesToTheCertificate()
            throws Exception {
        StoryClock clock = new StoryClock(HandoverStory.START);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<List<Outcome>> chapters = new ArrayList<>();
        try (GatewayFixture fixture = GatewayFixture.start(GatewayFixture.config(data), clock)) {
            new HandoverStory(fixture.gateway(), clock, GatewayFixture.samples().resolve("custody-handover"),
                    new PrintStream(printed, true, StandardCharsets.UTF_8), false).tell(chapters::add);
        }
        String text = printed.toString(StandardCharsets.UTF_8);

        assertThat(chapters).hasSize(12);
        // Kai, placed by Devon: the locator names Devon, and both EDTs see the request out of hours
        assertThat(text).contains("responsible authority Devon (found by LOCATOR)",
                "ASKED    South Gloucestershire (suite-authority): OUT_OF_HOURS staffed now",
                "ASKED    Devon (responsible-authority): OUT_OF_HOURS staffed now");
        assertThat(delivered(chapters.get(1))).containsExactlyInAnyOrder(SOUTH_GLOUCESTERSHIRE, DEVON);
        // the first answer: the force hears it all, Devon only that it is resolved, by whom and how
        List<Outcome.Delivered> answer = deliveries(chapters.get(4));
        assertThat(answer).extracting(Outcome.Delivered::recipient).containsExactlyInAnyOrder(FORCE, DEVON);
        assertThat(answer).filteredOn(d -> d.recipient().equals(DEVON)).singleElement().satisfies(d -> {
            assertThat(d.fields()).contains("handover.decision", "handover.actingAuthority");
            assertThat(d.withheld()).contains("handover.collectionTime", "handover.transportArrangements");
        });
        // Alex, unknown to the locator: her home postcode names Bristol; nobody answers
        assertThat(text).contains("responsible authority Bristol (found by HOME_POSTCODE)");
        assertThat(delivered(chapters.get(5))).containsExactlyInAnyOrder(SOUTH_GLOUCESTERSHIRE, BRISTOL);
        assertThat(chapters.get(7)).filteredOn(Outcome.Delivered.class::isInstance).map(Outcome.Delivered.class::cast)
                .anySatisfy(d -> assertThat(d.fields()).contains("deadline.escalationContact"));
        // Kai's transfer reaches both authorities asked of him, and his deadlines raised nothing
        assertThat(delivered(chapters.get(8))).containsExactlyInAnyOrder(SOUTH_GLOUCESTERSHIRE, DEVON);
        // the answer deadline: both authorities escalated and the custody sergeant prompted
        assertThat(delivered(chapters.get(10))).containsExactlyInAnyOrder(SOUTH_GLOUCESTERSHIRE, BRISTOL, FORCE);
        // the certificate goes to both authorities asked, and the night's figures come from the audit trail
        assertThat(deliveries(chapters.get(11))).allSatisfy(d -> assertThat(d.fields())
                .contains("certificate.limb", "certificate.authorityFailedToProvide"));
        assertThat(text).contains("requests 2", "transfers 1, certificates 1",
                "by reason {NO_AUTHORITY_ANSWERED=1}", "authority failed to provide 1");
    }

    private static List<Outcome.Delivered> deliveries(List<Outcome> chapter) {
        return chapter.stream().filter(Outcome.Delivered.class::isInstance).map(Outcome.Delivered.class::cast)
                .toList();
    }

    private static List<String> delivered(List<Outcome> chapter) {
        return deliveries(chapter).stream().map(Outcome.Delivered::recipient).toList();
    }
}
