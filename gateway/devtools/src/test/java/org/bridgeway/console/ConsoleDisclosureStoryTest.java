package org.bridgeway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bridgeway.console.ConsoleFixture.heading;

import java.util.List;
import org.bridgeway.pipeline.Dispatch;
import org.bridgeway.testing.ChromiumBrowser;
import org.bridgeway.testing.SyntheticPlacements;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * Manchester's data protection officer follows one disclosure to its reasons, in a real Chromium against the real
 * Keycloak: Kent placed a child in Manchester; the DPO gives the exchange's id and reads Manchester's decision (the
 * agreement, the lawful basis, the fields shared and withheld) and the exchange's audit entries about Manchester,
 * and nothing of what was decided for the other recipients.
 */
class ConsoleDisclosureStoryTest extends ConsoleStory {
    private static final String DPO = "ruth.adeyemi";
    private static final String MANCHESTER = "local-authority:352";

    @Test
    void aDpoReadsWhyTheirOrganisationWasToldAndNothingAboutOtherRecipients() {
        Dispatch placed = fixture.gateway().submit(SyntheticPlacements.notice(fixture.gateway().reference(),
                SyntheticPlacements.EVERY_FIELD.get(0)));
        List<String> recipients = fixture.gateway().decisionLog().forExchange(placed.exchangeId()).stream()
                .map(d -> d.recipient()).toList();
        assertThat(recipients).as("Kent's placement in Manchester is decided for others too").contains(MANCHESTER)
                .hasSizeGreaterThan(1);

        try (ChromiumBrowser browser = fixture.browser()) {
            WebDriver driver = browser.driver();
            driver.get(fixture.origin() + "/");
            fixture.signIn(driver, DPO);
            assertThat(heading(driver)).as("a DPO starts here").isEqualTo("Why was this shared?");
            driver.findElement(By.id("exchange")).sendKeys(placed.exchangeId());
            ConsoleFixture.toNextPage(driver, By.id("find-exchange"));

            assertThat(heading(driver)).isEqualTo("Why was this shared?");
            List<WebElement> cards = driver.findElements(By.cssSelector(".bw-decision"));
            assertThat(cards).as("only Manchester's decision").hasSize(1);
            String card = cards.get(0).getText();
            assertThat(card).contains("To " + MANCHESTER + ": shared").contains("Agreement")
                    .contains("UK GDPR Art 6(1)").contains("Care Planning, Placement and Case Review");
            assertThat(cards.get(0).findElements(By.cssSelector(".bw-shared li"))).isNotEmpty();
            assertThat(card).doesNotContain(SyntheticPlacements.EVERY_FIELD.get(0).givenName())
                    .doesNotContain(SyntheticPlacements.EVERY_FIELD.get(0).nhsNumber());
            String trail = driver.findElement(By.id("audit-trail")).getText();
            assertThat(trail).contains("DECISION_ALLOW").contains("DISCLOSED").contains(MANCHESTER)
                    .doesNotContain("police:greater-manchester");
            assertThat(browser.accessibilityViolations()).as("the answer, by axe-core").isEmpty();
            browser.screenshot("console-why-shared");

            driver.findElement(By.id("exchange")).clear();
            driver.findElement(By.id("exchange")).sendKeys("01a24266-0000-7000-8000-000000000000");
            ConsoleFixture.toNextPage(driver, By.id("find-exchange"));
            assertThat(driver.findElement(By.id("not-found")).getText()).contains("No exchange with this id");
        }
    }
}
