package org.bridgeway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bridgeway.console.ConsoleFixture.heading;

import java.util.List;
import org.bridgeway.model.Upn;
import org.bridgeway.pipeline.Outcome;
import org.bridgeway.testing.ChromiumBrowser;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * A school's designated safeguarding lead reports a suspension from the console, in a real Chromium against the real
 * Keycloak: the first try has a mistyped UPN and no reason, is refused with each error beside its field and nothing
 * sent, keeps what was typed; the corrected form is sent down the pipeline to the pupil's local authority.
 */
class ConsoleExclusionStoryTest extends ConsoleStory {
    private static final String DSL = "tom.reid";
    private static final String UPN_DIGITS = "886401723911";

    private static void type(WebDriver driver, String id, String text) {
        WebElement input = driver.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    @Test
    void aSchoolCorrectsTheFieldsItIsToldOfAndTheSuspensionIsSent() {
        String upn = Upn.withCheckLetter(UPN_DIGITS).value();
        char wrong = upn.charAt(0) == 'A' ? 'B' : 'A';
        String mistyped = wrong + upn.substring(1);
        List<Outcome> delivered = new java.util.concurrent.CopyOnWriteArrayList<>();
        fixture.gateway().outcomes().add(o -> {
            if (o instanceof Outcome.Delivered d && "exclusion-notice".equals(d.notice())) {
                delivered.add(o);
            }
        });
        try (ChromiumBrowser browser = fixture.browser()) {
            WebDriver driver = browser.driver();
            driver.get(fixture.origin() + "/exclusions/new");
            fixture.signIn(driver, DSL);
            assertThat(heading(driver)).isEqualTo("Report a suspension or exclusion");
            assertThat(browser.accessibilityViolations()).as("the form, by axe-core").isEmpty();

            type(driver, "school-localAuthority", "886");
            type(driver, "child-upn", mistyped);
            type(driver, "child-givenName", "Ottoline");
            type(driver, "child-familyName", "Brackenbury");
            driver.findElement(By.id("child-dateOfBirth")).sendKeys("17032012");
            driver.findElement(By.id("exclusion-category-SUSP")).click();
            driver.findElement(By.id("exclusion-startDate")).sendKeys("03112025");
            type(driver, "exclusion-sessions", "4");
            ConsoleFixture.toNextPage(driver, By.id("send-exclusion"));

            assertThat(heading(driver)).isEqualTo("Report a suspension or exclusion");
            String summary = driver.findElement(By.cssSelector(".govuk-error-summary")).getText();
            assertThat(summary).contains("nothing was sent");
            assertThat(driver.findElement(By.id("child-upn-error")).getText()).containsIgnoringCase("check letter");
            assertThat(driver.findElement(By.id("exclusion-reasons-1-error")).getText()).isNotBlank();
            assertThat(driver.findElement(By.id("child-givenName")).getAttribute("value"))
                    .as("what was typed is kept").isEqualTo("Ottoline");
            assertThat(delivered).as("nothing sent").isEmpty();
            assertThat(browser.accessibilityViolations()).as("the form with its errors, by axe-core").isEmpty();
            browser.screenshot("console-exclusion-errors");

            type(driver, "child-upn", upn);
            new Select(driver.findElement(By.id("exclusion-reasons-1"))).selectByValue("VA");
            ConsoleFixture.toNextPage(driver, By.id("send-exclusion"));

            assertThat(driver.findElements(By.cssSelector(".govuk-error-summary"))).as(() -> driver
                    .findElement(By.tagName("main")).getText()).isEmpty();
            String done = driver.findElement(By.cssSelector(".govuk-notification-banner--success")).getText();
            assertThat(done).contains("The exclusion was sent");
            assertThat(delivered).as("to the pupil's local authority")
                    .anyMatch(o -> ((Outcome.Delivered) o).recipient().equals("local-authority:886"));
            browser.screenshot("console-exclusion-sent");
        }
    }
}
