package org.bridgeway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bridgeway.console.ConsoleFixture.heading;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bridgeway.adapters.missing.MissingEpisodeJsonReader;
import org.bridgeway.adapters.missing.MissingReadResult;
import org.bridgeway.handover.CustodyHandovers;
import org.bridgeway.model.MissingEpisodeNotice;
import org.bridgeway.model.Organisation;
import org.bridgeway.store.TimeOrderedIds;
import org.bridgeway.testing.ChromiumBrowser;
import org.bridgeway.testing.GatewayFixture;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * Kent's data protection officer reads Kent's figures, in a real Chromium against the real Keycloak: Kent Police ask
 * Kent to take a child charged at Margate and Kent's duty worker acknowledges and accepts; Greater Manchester Police
 * report a child Kent looks after missing and then found two days ago, and Kent records the return home interview.
 * The DPO's figures for the last 30 days show one request, answered, and one interview recorded within 72 hours,
 * and no child's name; a period that ends before it starts is refused beside its field.
 */
class ConsoleFiguresStoryTest extends ConsoleStory {
    private static final String KENT_DPO = "megan.ashdown";
    private static final Organisation KENT = Organisation.parseId("local-authority:886");
    private static final Organisation GMP = Organisation.parseId("police:greater-manchester");
    private static final Duration TICKER = Duration.ofSeconds(30);

    /**
     * The force's update from the samples, its October days moved to three and two days ago: the child went missing
     * the day before yesterday's eve and was found two days ago, within the DPO's default period.
     */
    private static void forceReports(String sample) throws IOException {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String body = Files.readString(GatewayFixture.samples().resolve("missing").resolve(sample))
                .replace("2026-10-03", today.minusDays(3).toString())
                .replace("2026-10-04", today.minusDays(2).toString());
        MissingReadResult<MissingEpisodeNotice> read = new MissingEpisodeJsonReader().read(
                body.getBytes(StandardCharsets.UTF_8), GMP, Instant.now(), TimeOrderedIds::next);
        assertThat(read).as(read.toString()).isInstanceOf(MissingReadResult.Accepted.class);
        fixture.gateway().submit(((MissingReadResult.Accepted<MissingEpisodeNotice>) read).notice());
    }

    private static String text(WebDriver driver, String id) {
        return driver.findElement(By.id(id)).getText();
    }

    @Test
    void kentsDpoSeesKentsConcordatAndReturnInterviewFiguresAndNoChild() throws Exception {
        CustodyHandovers.Handover handover = fixture.kentPoliceAskKent("KNT/26/FIG001");
        // Kent's duty worker acknowledges and accepts, through the board the console's own handover pages use
        ConsolePerson dutyWorker = new ConsolePerson("edt-figures-story", "jordan.ellis", "EDT worker", KENT,
                Optional.of("emergency-duty-team"), Set.of(ConsoleRole.EDT_SOCIAL_WORKER), "unused-id-token");
        HandoverBoard board = new HandoverBoard(fixture.gateway().custodyHandovers(),
                fixture.gateway().handoverTimers(), fixture.gateway()::submit, TimeOrderedIds::next,
                Clock.systemUTC());
        assertThat(board.acknowledge(dutyWorker, handover.handoverId())).isInstanceOf(HandoverBoard.Result.Done.class);
        assertThat(board.answer(dutyWorker, handover.handoverId(), Map.of("decision", "ACCEPT_NON_SECURE",
                "transportArrangements", "EDT worker collects by car with an escort")))
                .isInstanceOf(HandoverBoard.Result.Done.class);

        forceReports("1-reported-by-greater-manchester-police.json");
        forceReports("3-found-in-preston.json");
        String episodeId = fixture.gateway().missingEpisodes().notClosedFor(GMP, 10).get(0).episodeId();
        // Kent's outcome, accepted: the deadline ticker completes the task when it fires the COMPLETED timer
        fixture.gateway().returnInterviews().completed(episodeId, "story-outcome-" + TimeOrderedIds.next());
        Instant waitUntil = Instant.now().plus(TICKER);
        while (fixture.gateway().returnInterviews().byEpisode(episodeId).orElseThrow().open()) {
            assertThat(Instant.now()).as("the interview's outcome completes its task").isBefore(waitUntil);
            Thread.sleep(200);
        }

        try (ChromiumBrowser browser = fixture.browser()) {
            WebDriver driver = browser.driver();
            driver.get(fixture.origin() + "/figures");
            fixture.signIn(driver, KENT_DPO);
            assertThat(heading(driver)).isEqualTo("Figures");
            LocalDate today = LocalDate.now(org.bridgeway.directory.AuthorityDirectory.ENGLAND);
            assertThat(driver.findElement(By.id("from")).getAttribute("value"))
                    .as("the last 30 days by default").isEqualTo(today.minusDays(29).toString());
            assertThat(driver.findElement(By.id("to")).getAttribute("value")).isEqualTo(today.toString());

            String counts = text(driver, "concordat-counts");
            assertThat(counts).contains("Requests your authority was asked to take a child (PACE s.38(6)) 1")
                    .contains("Of which for secure accommodation 0")
                    .contains("Children transferred to local authority accommodation 0")
                    .contains("Certificates that a child stayed in police custody (PACE s.38(7)) 0");
            assertThat(text(driver, "answers")).contains("Accepted into non-secure accommodation 1");
            assertThat(text(driver, "escalations")).contains("None");
            String times = text(driver, "concordat-times");
            assertThat(times).contains("From the request to your acknowledgement Less than a minute (1 handover)")
                    .contains("From the request to your answer Less than a minute (1 handover)")
                    .contains("From the answer to the child's collection None measured");

            String interviews = text(driver, "interview-counts");
            assertThat(interviews).contains("Children who returned (interviews to hold) 1")
                    .contains("Outcome recorded 1").contains("Recorded within the deadline 1")
                    .contains("Still to be recorded 0").contains("Still to be recorded, past the deadline 0");
            assertThat(text(driver, "interviews-in-time")).isEqualTo("100% (1 of 1)");

            String page = driver.findElement(By.tagName("main")).getText();
            assertThat(page).as("figures only: no child, no reference").doesNotContain("Tamsin")
                    .doesNotContain("Quarrington").doesNotContain("Riley").doesNotContain("Sampleton")
                    .doesNotContain("KT40211").doesNotContain("GMP/26/004417").doesNotContain("KNT/26/FIG001");
            assertThat(browser.accessibilityViolations()).as("the figures, by axe-core").isEmpty();
            browser.screenshot("console-figures");

            // the form is a GET: the period chosen is in the address, as the browser sends it
            driver.get(fixture.origin() + "/figures?from=" + today + "&to=" + today.minusDays(7));
            assertThat(heading(driver)).isEqualTo("Figures");
            assertThat(driver.getTitle()).startsWith("Error: Figures");
            assertThat(text(driver, "from-error")).contains("The first day must be on or before the last day");
            assertThat(driver.findElement(By.id("from")).getAttribute("aria-describedby")).contains("from-error");
            assertThat(driver.findElement(By.cssSelector(".govuk-error-summary")).getText())
                    .contains("The first day must be on or before the last day");
            assertThat(driver.findElements(By.id("concordat"))).as("no figures for a wrong period").isEmpty();
            assertThat(browser.accessibilityViolations()).as("the period's error, by axe-core").isEmpty();
            browser.screenshot("console-figures-period-error");

            driver.get(fixture.origin() + "/figures?from=" + today.minusYears(2) + "&to=" + today);
            assertThat(text(driver, "to-error")).contains("The period can be a year at most");
        }
    }
}
