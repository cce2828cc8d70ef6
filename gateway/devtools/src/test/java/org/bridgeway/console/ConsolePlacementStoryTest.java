package org.bridgeway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bridgeway.console.ConsoleFixture.heading;

import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bridgeway.pipeline.Outcome;
import org.bridgeway.testing.ChromiumBrowser;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Kent's social worker notifies the placement of a child Kent looks after in a Manchester children's home, from the
 * console, in a real Chromium against the real Keycloak: the first try has an NHS number whose check digit is wrong,
 * is refused beside that field with everything typed kept and nothing sent; the corrected form goes down the
 * pipeline and reaches the host area's mailboxes, Manchester's children's services and Greater Manchester Police.
 */
class ConsolePlacementStoryTest extends ConsoleStory {
    private static final String SOCIAL_WORKER = "alex.morgan";
    private static final String MANCHESTER = "local-authority:352";
    private static final String GMP = "police:greater-manchester";
    /** Markup in a name, to show it is rendered as text. */
    private static final String MARKUP_NAME = "<b>Nia</b>";
    /** Synthetic, of the 999 range: 999 000 001 has the check digit 8. */
    private static final String NHS_NUMBER = "9990000018";
    private static final String NHS_NUMBER_MISTYPED = "9990000017";
    private static final Pattern EXCHANGE = Pattern.compile("exchange ([A-Za-z0-9-]+)");

    private static void type(WebDriver driver, String id, String text) {
        WebElement input = driver.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    private static void choose(WebDriver driver, String id, String code) {
        new Select(driver.findElement(By.id(id))).selectByValue(code);
    }

    @Test
    void aSocialWorkerCorrectsTheFieldTheyAreToldOfAndTheHostAreaIsTold() {
        List<Outcome> delivered = new java.util.concurrent.CopyOnWriteArrayList<>();
        fixture.gateway().outcomes().add(o -> {
            if (o instanceof Outcome.Delivered d && d.notice().startsWith("placement")) {
                delivered.add(o);
            }
        });
        try (ChromiumBrowser browser = fixture.browser()) {
            WebDriver driver = browser.driver();
            driver.get(fixture.origin() + "/placements/new");
            fixture.signIn(driver, SOCIAL_WORKER);
            assertThat(heading(driver)).isEqualTo("Notify a placement");
            assertThat(browser.accessibilityViolations()).as("the form, by axe-core").isEmpty();

            type(driver, "child-localId", "KT40377");
            type(driver, "child-givenName", MARKUP_NAME);
            type(driver, "child-familyName", "Testwell");
            ConsoleFixture.typeDate(driver.findElement(By.id("child-dateOfBirth")), LocalDate.of(2010, 5, 12));
            driver.findElement(By.id("child-sex-female")).click();
            type(driver, "child-nhsNumber", NHS_NUMBER_MISTYPED);
            choose(driver, "child-ethnicity", "MWBC");
            ConsoleFixture.typeDate(driver.findElement(By.id("placement-startDate")), LocalDate.of(2025, 10, 14));
            driver.findElement(By.id("placement-emergency-yes")).click();
            choose(driver, "placement-reasonForNewEpisode", "P");
            choose(driver, "placement-legalStatus", "C2");
            choose(driver, "placement-type", "K2");
            choose(driver, "placement-provider", "PR4");
            type(driver, "placement-postcode", "M13 9PL");
            driver.findElement(By.id("risks-CCE")).click();
            driver.findElement(By.id("risks-MISSING_HISTORY")).click();
            ConsoleFixture.toNextPage(driver, By.id("send-placement"));

            assertThat(heading(driver)).isEqualTo("Notify a placement");
            WebElement summary = driver.findElement(By.cssSelector(".govuk-error-summary"));
            assertThat(summary.getText()).contains("nothing was sent");
            assertThat(summary.findElement(By.cssSelector("a[href='#child-nhsNumber']")).getText())
                    .as("the summary links to the field").contains("modulus-11");
            assertThat(driver.findElement(By.id("child-nhsNumber-error")).getText()).contains("modulus-11");
            assertThat(driver.findElements(By.cssSelector(".govuk-error-message")))
                    .as("the one mistake, and no other").hasSize(1);
            assertThat(driver.findElement(By.id("child-nhsNumber")).getAttribute("value"))
                    .as("what was typed is kept, the mistake too").isEqualTo(NHS_NUMBER_MISTYPED);
            assertThat(driver.findElement(By.id("child-givenName")).getAttribute("value"))
                    .as("the name is kept as typed").isEqualTo(MARKUP_NAME);
            assertThat(driver.findElements(By.cssSelector("main b"))).as("markup is shown as text").isEmpty();
            assertThat(driver.findElement(By.id("placement-startDate")).getAttribute("value"))
                    .isEqualTo("2025-10-14");
            assertThat(new Select(driver.findElement(By.id("placement-type"))).getFirstSelectedOption()
                    .getAttribute("value")).isEqualTo("K2");
            assertThat(driver.findElement(By.id("child-sex-female")).isSelected()).isTrue();
            assertThat(driver.findElement(By.id("placement-emergency-yes")).isSelected()).isTrue();
            assertThat(driver.findElement(By.id("risks-CCE")).isSelected()).isTrue();
            assertThat(delivered).as("nothing sent").isEmpty();
            assertThat(fixture.gateway().mailboxes().list(MANCHESTER, 500)).as("nothing in the host's mailbox")
                    .isEmpty();
            assertThat(browser.accessibilityViolations()).as("the form with its error, by axe-core").isEmpty();
            browser.screenshot("console-placement-errors");

            type(driver, "child-nhsNumber", NHS_NUMBER);
            ConsoleFixture.toNextPage(driver, By.id("send-placement"));

            assertThat(driver.findElements(By.cssSelector(".govuk-error-summary"))).as(() -> driver
                    .findElement(By.tagName("main")).getText()).isEmpty();
            String done = driver.findElement(By.cssSelector(".govuk-notification-banner--success")).getText();
            assertThat(done).contains("The placement was notified");
            Matcher exchange = EXCHANGE.matcher(done);
            assertThat(exchange.find()).as(done).isTrue();
            String exchangeId = exchange.group(1);
            assertThat(driver.findElement(By.id("child-localId")).getAttribute("value"))
                    .as("a fresh form for the next placement").isEmpty();
            browser.screenshot("console-placement-sent");

            for (String hostArea : List.of(MANCHESTER, GMP)) {
                new WebDriverWait(driver, ConsoleFixture.WAIT).until(d -> fixture.gateway().mailboxes()
                        .list(hostArea, 500).stream().anyMatch(m -> m.exchangeId().equals(exchangeId)));
            }
            assertThat(delivered).as("delivered to the host area's recipients")
                    .anyMatch(o -> ((Outcome.Delivered) o).recipient().equals(MANCHESTER))
                    .anyMatch(o -> ((Outcome.Delivered) o).recipient().equals(GMP));
        }
    }
}
