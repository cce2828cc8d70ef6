package org.bridgeway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bridgeway.console.ConsoleFixture.heading;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.bridgeway.handover.CustodyHandovers;
import org.bridgeway.testing.ChromiumBrowser;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A night's custody handover in the console, in two real Chromiums against the real Keycloak: Kent's emergency duty
 * team worker has the handover board open when Kent Police ask Kent to take a child charged at Margate; the request
 * appears on the board by itself; the worker opens it, sends the answer without choosing one and is told so next to
 * the field, then accepts with the keyboard alone; the custody officer, whose board was open all along, sees the
 * acceptance arrive.
 */
class ConsoleHandoverStoryTest extends ConsoleStory {
    private static final String EDT_WORKER = "jordan.ellis";
    private static final String CUSTODY_OFFICER = "priya.shah";
    /** How long a board may take to show what happened elsewhere: the 2 seconds, and the machine's load. */
    private static final Duration LIVE = Duration.ofSeconds(10);

    private static By row(String handoverId) {
        return By.cssSelector("tr[data-handover='" + handoverId + "']");
    }

    @Test
    void theEdtAcceptsALiveHandoverByKeyboardAndTheCustodyOfficerSeesIt() {
        try (ChromiumBrowser edt = fixture.browser();
             ChromiumBrowser custody = fixture.browser()) {
            WebDriver worker = edt.driver();
            worker.get(fixture.origin() + "/");
            fixture.signIn(worker, EDT_WORKER);
            assertThat(heading(worker)).as("a duty worker starts at the board").isEqualTo("Custody handovers");
            WebDriver officer = custody.driver();
            officer.get(fixture.origin() + "/handovers");
            fixture.signIn(officer, CUSTODY_OFFICER);
            assertThat(heading(officer)).isEqualTo("Custody handovers");

            String reference = "KNT/26/" + UUID.randomUUID().toString().substring(0, 8);
            Instant asked = Instant.now();
            CustodyHandovers.Handover handover = fixture.kentPoliceAskKent(reference);

            WebElement arrived = new WebDriverWait(worker, LIVE)
                    .until(ExpectedConditions.presenceOfElementLocated(row(handover.handoverId())));
            System.out.printf("the request reached the EDT's open board in %d ms%n",
                    Duration.between(asked, Instant.now()).toMillis());
            assertThat(arrived.getText()).contains(reference).contains("Waiting for an answer")
                    .contains("Answer by").containsPattern("\\d+ (minutes?|hours?) (left|\\d)|overdue by");
            assertThat(edt.accessibilityViolations()).as("the board, by axe-core").isEmpty();
            edt.screenshot("console-handover-arrived");

            ConsoleFixture.toNextPage(worker, arrived.findElement(By.tagName("a")));
            assertThat(heading(worker)).isEqualTo("Custody record " + reference);
            assertThat(worker.findElements(By.cssSelector("input[name=decision]"))).as("only lawful answers: a "
                    + "non-secure request is accepted into non-secure accommodation").hasSize(1);
            ConsoleFixture.toNextPage(worker, By.id("accept"));
            assertThat(heading(worker)).isEqualTo("Custody record " + reference);
            assertThat(worker.findElement(By.cssSelector(".govuk-error-summary")).getText())
                    .contains("Choose your answer");
            assertThat(worker.findElement(By.id("decision-error")).getText()).contains("Choose your answer");
            assertThat(edt.accessibilityViolations()).as("the answer form with its error, by axe-core").isEmpty();
            edt.screenshot("console-handover-answer-error");

            assertThat(worker.switchTo().activeElement().getAttribute("class")).as("the page's script puts the focus "
                    + "on the error summary, where a keyboard user starts").contains("govuk-error-summary");

            // keyboard only: Tab to the answer, Space to choose it, Tab to transport and type, Enter sends
            worker.switchTo().activeElement().sendKeys(Keys.TAB);
            for (int i = 0; i < 80 && !"decision-ACCEPT_NON_SECURE".equals(
                    worker.switchTo().activeElement().getAttribute("id")); i++) {
                worker.switchTo().activeElement().sendKeys(Keys.TAB);
            }
            assertThat(worker.switchTo().activeElement().getAttribute("id")).isEqualTo("decision-ACCEPT_NON_SECURE");
            worker.switchTo().activeElement().sendKeys(Keys.SPACE);
            for (int i = 0; i < 10 && !"transportArrangements".equals(
                    worker.switchTo().activeElement().getAttribute("id")); i++) {
                worker.switchTo().activeElement().sendKeys(Keys.TAB);
            }
            assertThat(worker.switchTo().activeElement().getAttribute("id")).isEqualTo("transportArrangements");
            worker.switchTo().activeElement().sendKeys("EDT worker collects by car with an escort", Keys.ENTER);

            new WebDriverWait(worker, ConsoleFixture.WAIT).until(ExpectedConditions.textToBePresentInElementLocated(
                    By.id("handover-state"), "Answered"));
            assertThat(worker.findElement(By.id("handover-state")).getText()).contains("local-authority:886")
                    .contains("non-secure accommodation");
            assertThat(fixture.gateway().custodyHandovers().byId(handover.handoverId()).orElseThrow().state())
                    .isEqualTo(CustodyHandovers.State.ANSWERED);
            edt.screenshot("console-handover-accepted");

            new WebDriverWait(officer, LIVE).until(ExpectedConditions.textToBePresentInElementLocated(
                    row(handover.handoverId()), "Answered"));
            assertThat(officer.findElement(row(handover.handoverId())).getText()).contains("by local-authority:886")
                    .doesNotContain("Answer by").contains("Collect by");
            assertThat(custody.accessibilityViolations()).as("the force's board, by axe-core").isEmpty();
            custody.screenshot("console-handover-force-sees-acceptance");
        }
    }

    @Test
    void aCustodyOfficerSeesTheBoardButCannotAnswer() {
        CustodyHandovers.Handover handover = fixture.kentPoliceAskKent(
                "KNT/26/" + UUID.randomUUID().toString().substring(0, 8));
        try (ChromiumBrowser custody = fixture.browser()) {
            WebDriver officer = custody.driver();
            officer.get(fixture.origin() + "/handovers/" + handover.handoverId());
            fixture.signIn(officer, CUSTODY_OFFICER);
            assertThat(heading(officer)).isEqualTo("Custody record " + handover.custodyReference());
            assertThat(officer.findElements(By.id("accept"))).as("no answer form for the force").isEmpty();
        }
        assertThat(fixture.gateway().custodyHandovers().byId(handover.handoverId()).orElseThrow().state())
                .isEqualTo(CustodyHandovers.State.OPEN);
    }
}
