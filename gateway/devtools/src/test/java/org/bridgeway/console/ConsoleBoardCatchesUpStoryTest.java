package org.bridgeway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bridgeway.console.ConsoleFixture.heading;
import static org.bridgeway.console.ConsoleMissingStoryTest.LIVE;
import static org.bridgeway.console.ConsoleMissingStoryTest.row;
import static org.bridgeway.console.ConsoleMissingStoryTest.textOf;

import org.bridgeway.model.Organisation;
import org.bridgeway.testing.ChromiumBrowser;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A board whose event stream was down when something changed catches up when the stream opens again: the change's
 * event went to no one, so the page looks at its board again every time its stream opens. (The same gap opens
 * between a page being made and its stream first opening, where a console story once waited in vain.)
 */
class ConsoleBoardCatchesUpStoryTest extends ConsoleStory {
    private static final String COUNCIL_COORDINATOR = "dana.price";
    private static final Organisation GMP = Organisation.parseId("police:greater-manchester");

    @Test
    void aBoardSeesWhatChangedWhileItsStreamWasDown() throws Exception {
        ConsoleMissingStoryTest.forceReports("1-reported-by-greater-manchester-police.json");
        String episodeId = fixture.gateway().missingEpisodes().notClosedFor(GMP, 10).get(0).episodeId();
        try (ChromiumBrowser council = fixture.browser()) {
            WebDriver coordinator = council.driver();
            coordinator.get(fixture.origin() + "/");
            fixture.signIn(coordinator, COUNCIL_COORDINATOR);
            assertThat(heading(coordinator)).isEqualTo("Missing children");
            assertThat(textOf(coordinator, row(episodeId))).contains("Missing now");
            Thread.sleep(500); // the page's stream open

            // the stream dropped; the page opens it again after the server's retry of 2 s, and in that time the
            // child is found: that change's event goes to no one
            fixture.console.endEventStreams();
            ConsoleMissingStoryTest.forceReports("3-found-in-preston.json");
            new WebDriverWait(coordinator, LIVE).ignoring(StaleElementReferenceException.class)
                    .until(d -> d.findElement(row(episodeId)).getText().contains("Found"));
        }
    }
}
