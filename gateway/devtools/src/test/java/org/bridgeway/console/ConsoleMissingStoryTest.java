package org.bridgeway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bridgeway.console.ConsoleFixture.heading;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.bridgeway.adapters.missing.MissingEpisodeJsonReader;
import org.bridgeway.adapters.missing.MissingReadResult;
import org.bridgeway.model.MissingEpisodeNotice;
import org.bridgeway.model.Organisation;
import org.bridgeway.store.TimeOrderedIds;
import org.bridgeway.testing.ChromiumBrowser;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.workflow.ReturnInterviewTask;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A missing child in the console, in real Chromiums against the real Keycloak: Greater Manchester Police report a
 * child Kent looks after missing from a placement in Manchester; Kent's missing-children coordinator has the board
 * open, sees the episode, and sees it turn to found and the return home interview appear, by itself, when the force
 * reports the child found; she records the interview's outcome, forgets who held it and is told so beside the
 * field, corrects it, and the interview leaves the board. The force's coordinator sees the episode on the force's
 * board, with no interview to record: the interview is the council's.
 */
class ConsoleMissingStoryTest extends ConsoleStory {
    private static final String COUNCIL_COORDINATOR = "dana.price";
    private static final String POLICE_COORDINATOR = "kiran.holt";
    private static final Organisation GMP = Organisation.parseId("police:greater-manchester");
    /** How long a board may take to show what happened elsewhere: the 2 seconds, and the machine's load. */
    static final Duration LIVE = Duration.ofSeconds(10);

    /** The force's update from the samples, sent as the force's system would send it to the API. */
    static void forceReports(String sample) throws IOException {
        byte[] body = Files.readAllBytes(GatewayFixture.samples().resolve("missing").resolve(sample));
        MissingReadResult<MissingEpisodeNotice> read = new MissingEpisodeJsonReader().read(body, GMP, Instant.now(),
                TimeOrderedIds::next);
        assertThat(read).as(read.toString()).isInstanceOf(MissingReadResult.Accepted.class);
        fixture.gateway().submit(((MissingReadResult.Accepted<MissingEpisodeNotice>) read).notice());
    }

    static String textOf(WebDriver driver, By element) {
        return new WebDriverWait(driver, LIVE).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(element).getText());
    }

    static By row(String id) {
        return By.cssSelector("tr[data-row='" + id + "']");
    }

    @Test
    void theCouncilSeesAChildFoundLiveAndRecordsTheReturnInterview() throws IOException {
        forceReports("1-reported-by-greater-manchester-police.json");
        String episodeId = fixture.gateway().missingEpisodes().notClosedFor(GMP, 10).get(0).episodeId();
        try (ChromiumBrowser council = fixture.browser()) {
            WebDriver coordinator = council.driver();
            coordinator.get(fixture.origin() + "/");
            fixture.signIn(coordinator, COUNCIL_COORDINATOR);
            assertThat(heading(coordinator)).as("a coordinator starts at the board").isEqualTo("Missing children");
            assertThat(textOf(coordinator, row(episodeId))).contains("Missing now").contains("Medium risk")
                    .contains("GMP/26/004417").contains("police:greater-manchester")
                    .doesNotContain("Riley").doesNotContain("Sampleton");
            assertThat(coordinator.findElement(By.id("no-interviews")).getText()).contains("no return home interviews");
            assertThat(council.accessibilityViolations()).as("the board, by axe-core").isEmpty();

            Instant found = Instant.now();
            forceReports("3-found-in-preston.json");
            ReturnInterviewTask task = fixture.gateway().returnInterviews().byEpisode(episodeId).orElseThrow();
            new WebDriverWait(coordinator, LIVE).until(ExpectedConditions.presenceOfElementLocated(row(task.taskId())));
            System.out.printf("the found child's interview reached the council's open board in %d ms%n",
                    Duration.between(found, Instant.now()).toMillis());
            // the board is refreshed again as the episode's other notices arrive: each read takes the board as it is
            assertThat(textOf(coordinator, row(episodeId))).contains("Found");
            assertThat(textOf(coordinator, row(task.taskId()))).contains("Overdue").contains("overdue by");
            council.screenshot("console-missing-found");

            new WebDriverWait(coordinator, LIVE).ignoring(StaleElementReferenceException.class).until(d -> {
                d.findElement(row(task.taskId())).findElement(By.tagName("a")).click();
                return true;
            });
            assertThat(heading(coordinator)).isEqualTo("Record a return home interview");
            assertThat(coordinator.findElement(By.id("child-localId")).getAttribute("value"))
                    .as("the council's own id for the child, from the report").isEqualTo("KT40211");
            coordinator.findElement(By.id("interview-offered-yes")).click();
            ConsoleFixture.typeDate(coordinator.findElement(By.id("interview-offeredDate")), LocalDate.of(2026, 10, 5));
            coordinator.findElement(By.id("interview-accepted-yes")).click();
            ConsoleFixture.typeDate(coordinator.findElement(By.id("interview-date")), LocalDate.of(2026, 10, 6));
            // "A" answers the AM/PM part of a 12-hour clock; a 24-hour one has none and ignores it
            coordinator.findElement(By.id("interview-time")).sendKeys("1030A");
            assertThat(coordinator.findElement(By.id("interview-time")).getAttribute("value")).isEqualTo("10:30");
            coordinator.findElement(By.id("interview-whereabouts")).sendKeys("Stayed at a flat in Preston");
            coordinator.findElement(By.id("interview-referrals-NRM")).click();
            ConsoleFixture.toNextPage(coordinator, By.id("record-interview"));

            assertThat(heading(coordinator)).isEqualTo("Record a return home interview");
            String problem = coordinator.findElement(By.cssSelector(".govuk-error-summary")).getText();
            assertThat(problem).contains("nothing was sent");
            assertThat(coordinator.findElements(By.cssSelector(".govuk-error-message"))).as(problem).hasSize(1);
            assertThat(coordinator.findElement(By.cssSelector(".govuk-error-message")).getAttribute("id"))
                    .as(problem).isEqualTo("interview-completedBy-error");
            assertThat(coordinator.findElement(By.id("interview-whereabouts")).getAttribute("value"))
                    .as("nothing typed is lost").isEqualTo("Stayed at a flat in Preston");
            assertThat(coordinator.findElement(By.id("interview-referrals-NRM")).isSelected()).isTrue();
            assertThat(council.accessibilityViolations()).as("the form with its error, by axe-core").isEmpty();
            council.screenshot("console-missing-interview-error");

            coordinator.findElement(By.id("interview-completedBy")).sendKeys("Return interview worker, Kent");
            ConsoleFixture.toNextPage(coordinator, By.id("record-interview"));
            assertThat(heading(coordinator)).isEqualTo("Missing children");
            assertThat(coordinator.findElement(By.id("notice-title")).getText()).isEqualTo("Done");
            // the task is completed once the outcome's audit transaction has committed, by the deadline ticker,
            // whose COMPLETED notice to the council refreshes the board
            new WebDriverWait(coordinator, LIVE).until(ExpectedConditions.numberOfElementsToBe(row(task.taskId()), 0));
            assertThat(fixture.gateway().returnInterviews().byEpisode(episodeId).orElseThrow().open()).isFalse();
            council.screenshot("console-missing-interview-recorded");
        }

        try (ChromiumBrowser force = fixture.browser()) {
            WebDriver coordinator = force.driver();
            coordinator.get(fixture.origin() + "/missing");
            fixture.signIn(coordinator, POLICE_COORDINATOR);
            assertThat(heading(coordinator)).isEqualTo("Missing children");
            assertThat(textOf(coordinator, row(episodeId))).contains("Found");
            assertThat(coordinator.findElements(By.cssSelector("a[href^='/missing/interviews/']")))
                    .as("the interview is the council's to record").isEmpty();
            coordinator.get(fixture.origin() + "/missing/interviews/"
                    + fixture.gateway().returnInterviews().byEpisode(episodeId).orElseThrow().taskId());
            assertThat(heading(coordinator)).isEqualTo("This interview is not yours to record");
        }
    }
}
