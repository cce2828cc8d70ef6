package org.bridgeway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bridgeway.console.ConsoleFixture.heading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.bridgeway.delivery.push.DeadLetterQueue;
import org.bridgeway.delivery.push.PoliceRecordsStandIn;
import org.bridgeway.delivery.push.PushEndpoints;
import org.bridgeway.model.PlacementNotice;
import org.bridgeway.pipeline.Dispatch;
import org.bridgeway.testing.AuditEntries;
import org.bridgeway.testing.ChromiumBrowser;
import org.bridgeway.testing.SyntheticPlacements;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The gateway operator's morning, in a real Chromium against the real Keycloak: Greater Manchester Police's records
 * system was down overnight, so Kent's placement notice to them was dead-lettered after its retries. The operator
 * signs in, sees every readiness check up and the dead letter with its cause; the force's system is back, and the
 * operator replays the letter: told so, it leaves the list, the force applies it, and the audit log records the
 * replay with the operator's organisation and subject id, not their name. A data protection officer is refused the
 * desk.
 */
class ConsoleOperationsStoryTest {
    private static final String OPERATOR = "chris.lowe";
    private static final String OPERATOR_ORGANISATION = "local-authority:886";
    private static final String DPO = "ruth.adeyemi";
    private static final String GMP = "police:greater-manchester";

    @TempDir
    static Path data;
    static ConsoleFixture fixture;
    /** Greater Manchester Police's records system: down (its port closed) until the story brings it back. */
    static PoliceRecordsStandIn gmpRecords;

    @BeforeAll
    static void startWithGreaterManchesterDown() throws IOException {
        gmpRecords = new PoliceRecordsStandIn();
        // two quick attempts, then the dead-letter queue: the overnight retries, shortened
        Files.createDirectories(data);
        Files.writeString(PushEndpoints.file(data), """
                retry:
                  firstDelay: 100ms
                  multiplier: 2
                  maxDelay: 200ms
                  maxAttempts: 2
                forces:
                  %s:
                    url: %s
                    connectTimeout: 1s
                    receiveTimeout: 10s
                """.formatted(GMP, gmpRecords.address()));
        fixture = ConsoleFixture.start(data);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
        if (gmpRecords != null) {
            gmpRecords.close();
        }
    }

    private static List<DeadLetterQueue.DeadLetter> deadLetters() {
        return fixture.gateway().pushDelivery().deadLetters().list(Optional.empty());
    }

    /** The person's id at the identity provider: what the ID token's {@code sub}, and so the audit entry, names. */
    private static String subjectOf(String username) throws IOException {
        JsonNode users = new ObjectMapper().readTree(
                fixture.keycloak.adminGet("/users?exact=true&username=" + username));
        return users.get(0).path("id").asText();
    }

    @Test
    void theOperatorSeesTheGatewayHealthyAndReplaysADeadLetterOnceTheForceIsBack() throws IOException {
        SyntheticPlacements.Spec child = SyntheticPlacements.EVERY_FIELD.get(0);
        PlacementNotice notice = SyntheticPlacements.notice(fixture.gateway().reference(), child);
        Dispatch sent = fixture.gateway().submit(notice);
        Awaitility.await().atMost(ConsoleFixture.WAIT).until(() -> deadLetters().stream()
                .anyMatch(l -> sent.exchangeId().equals(l.exchangeId())));
        DeadLetterQueue.DeadLetter letter = deadLetters().get(0);
        assertThat(letter.recipient()).isEqualTo(GMP);
        String messageId = letter.messageId();

        try (ChromiumBrowser browser = fixture.browser()) {
            WebDriver driver = browser.driver();
            driver.get(fixture.origin() + "/");
            fixture.signIn(driver, OPERATOR);
            assertThat(heading(driver)).as("an operator starts at the desk").isEqualTo("Operations");

            assertThat(driver.findElement(By.id("readiness")).getText()).startsWith("Ready");
            List<WebElement> checks = driver.findElements(By.cssSelector("#health-checks [data-check]"));
            assertThat(checks).extracting(c -> c.getAttribute("data-check"))
                    .contains("database", "broker", "decision-point", "audit-signing");
            assertThat(checks).as("every check up").allSatisfy(c -> assertThat(
                    c.findElement(By.cssSelector(".govuk-tag")).getText()).isEqualTo("Up"));
            assertThat(driver.findElement(By.id("facts")).getText()).contains("Audit log")
                    .contains("Newest signed tree head").contains("Policy revision");

            WebElement row = driver.findElement(By.cssSelector("tr[data-message='" + messageId + "']"));
            assertThat(row.getText()).contains(GMP).contains(sent.exchangeId()).contains("Placement notification")
                    .contains("RETRIES_EXHAUSTED").contains(letter.reasonCode());
            assertThat(driver.findElement(By.tagName("main")).getText()).as("no content of the notice")
                    .doesNotContain(child.givenName()).doesNotContain(child.familyName())
                    .doesNotContain(child.nhsNumber());
            assertThat(browser.accessibilityViolations()).as("the desk with a dead letter, by axe-core").isEmpty();
            new Actions(driver).scrollToElement(driver.findElement(By.id("dead-letters"))).perform();
            browser.screenshot("console-operations-dead-letter");

            gmpRecords.start(); // the force's system is back
            ConsoleFixture.toNextPage(driver, By.id("replay-" + messageId));

            WebElement banner = new WebDriverWait(driver, ConsoleFixture.WAIT).until(
                    ExpectedConditions.presenceOfElementLocated(By.cssSelector(".govuk-notification-banner--success")));
            assertThat(banner.getText()).contains("Replayed: message " + messageId)
                    .contains("push queue of " + GMP);
            assertThat(driver.getCurrentUrl()).isEqualTo(fixture.origin() + "/operations");
            assertThat(driver.findElements(By.cssSelector("tr[data-message='" + messageId + "']")))
                    .as("gone from the list").isEmpty();
            assertThat(driver.findElement(By.id("no-dead-letters")).getText()).contains("There are no dead letters");

            JsonNode replay = AuditEntries.await(fixture.gateway().auditLog(), "DEAD_LETTER_REPLAYED",
                    e -> messageId.equals(e.path("details").path("messageId").asText()));
            assertThat(replay.path("actor").asText())
                    .isEqualTo(OPERATOR_ORGANISATION + "/person:" + subjectOf(OPERATOR));
            assertThat(replay.path("details").path("by").asText()).isEqualTo("console");
            assertThat(replay.path("details").path("idempotencyKey").asText()).isEqualTo(notice.idempotencyKey());
            assertThat(replay.toString()).doesNotContain("Chris").doesNotContain("Lowe").doesNotContain(OPERATOR);

            Awaitility.await().atMost(ConsoleFixture.WAIT).until(() -> gmpRecords.appliedKeys()
                    .contains(notice.idempotencyKey()));
            AuditEntries.await(fixture.gateway().auditLog(), "PUSH_DELIVERED",
                    e -> sent.exchangeId().equals(e.path("exchangeId").asText()));
            assertThat(deadLetters()).as("delivered, not dead-lettered again").isEmpty();

            assertThat(browser.accessibilityViolations()).as("the desk after the replay, by axe-core").isEmpty();
            browser.screenshot("console-operations-replayed");
        }
    }

    @Test
    void aPersonOfAnotherRoleIsRefusedTheDesk() {
        try (ChromiumBrowser browser = fixture.browser()) {
            WebDriver driver = browser.driver();
            driver.get(fixture.origin() + "/operations");
            fixture.signIn(driver, DPO);
            assertThat(heading(driver)).isEqualTo("Your role does not allow this");
            assertThat(driver.findElements(By.id("dead-letters"))).isEmpty();
            assertThat(driver.findElements(By.cssSelector("a[href='/operations']"))).as("not offered either")
                    .isEmpty();
        }
    }
}
