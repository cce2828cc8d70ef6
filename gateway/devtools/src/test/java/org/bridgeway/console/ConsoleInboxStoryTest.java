package org.bridgeway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bridgeway.console.ConsoleFixture.heading;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.bridgeway.pipeline.Dispatch;
import org.bridgeway.testing.AuditEntries;
import org.bridgeway.testing.ChromiumBrowser;
import org.bridgeway.testing.JsonLogLines;
import org.bridgeway.testing.SyntheticPlacements;
import org.bridgeway.testing.TestPki;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console's inbox, in a real Chromium against the real Keycloak: a Greater Manchester Police missing-person
 * coordinator signs in, finds the placement notice Kent sent about a child placed in Manchester, reads it (what was
 * shared, why, and the names of what was withheld), acknowledges it with the keyboard alone, and signs out of the
 * console and of Keycloak. The child's given name carries markup, which must be shown as text.
 */
class ConsoleInboxStoryTest extends ConsoleStory {
    private static final String COORDINATOR = "kiran.holt";
    private static final String GMP = "police:greater-manchester";
    private static final String HOSTILE_NAME = "<img src=x onerror=alert(1)>";

    private static Dispatch placeChildInManchester(String givenName) {
        SyntheticPlacements.Spec s = SyntheticPlacements.EVERY_FIELD.get(0);
        SyntheticPlacements.Spec hostile = new SyntheticPlacements.Spec(s.sourceReference() + "-" + System.nanoTime(),
                s.localId(), s.nhsNumber(), s.upn(), givenName, s.familyName(), s.sex(), s.dateOfBirth(),
                s.ethnicity(), s.homePostcode(), s.startDate(), s.reasonForNewEpisode(), s.legalStatus(),
                s.categoryOfNeed(), s.type(), s.provider(), s.postcode(), s.providerUrn(), s.reasonForChange(),
                s.risks(), s.emergency());
        return fixture.gateway().submit(SyntheticPlacements.notice(fixture.gateway().reference(), hostile));
    }

    /** The coordinator signed in in this browser: the session's cookies, as a client other than the browser sends. */
    private static String signedInCookies(ChromiumBrowser browser) {
        WebDriver driver = browser.driver();
        driver.get(fixture.origin() + "/inbox");
        fixture.signIn(driver, COORDINATOR);
        heading(driver);
        return driver.manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .collect(Collectors.joining("; "));
    }

    /** The id of the message the placement put in Greater Manchester Police's mailbox. */
    private static String messageToGmp(Dispatch placed) {
        return fixture.gateway().mailboxes().list(GMP, 500).stream()
                .filter(m -> m.exchangeId().equals(placed.exchangeId())).findFirst().orElseThrow().messageId();
    }

    @Test
    void aCoordinatorReadsANoticeWithItsReasonsAcknowledgesItByKeyboardAndSignsOut() {
        String messageId = messageToGmp(placeChildInManchester(HOSTILE_NAME));

        try (ChromiumBrowser browser = fixture.browser();
             JsonLogLines logs = JsonLogLines.capture("org.bridgeway")) {
            WebDriver driver = browser.driver();
            driver.get(fixture.origin() + "/inbox");
            fixture.signIn(driver, COORDINATOR);

            assertThat(heading(driver)).isEqualTo("Inbox");
            assertThat(driver.getCurrentUrl()).isEqualTo(fixture.origin() + "/inbox");
            WebElement link = driver.findElement(By.cssSelector("a[href='/inbox/" + messageId + "']"));
            assertThat(link.getText()).isEqualTo("Placement notification");
            assertThat(browser.accessibilityViolations()).as("the inbox, by axe-core").isEmpty();
            browser.screenshot("console-inbox");
            Set<Cookie> cookies = driver.manage().getCookies();
            Cookie session = cookies.stream().filter(c -> c.getName().equals(ConsoleServer.SESSION_COOKIE))
                    .findFirst().orElseThrow();
            assertThat(session.isHttpOnly()).isTrue();
            assertThat(session.isSecure()).isTrue();
            assertThat(session.getSameSite()).isEqualTo("Lax");

            ConsoleFixture.toNextPage(driver, link);
            assertThat(heading(driver)).isEqualTo("Placement notification");
            String shared = driver.findElement(By.id("shared-fields")).getText();
            assertThat(shared).as("the markup in the name is shown as text").contains(HOSTILE_NAME);
            assertThat(driver.findElements(By.cssSelector("main img"))).as("and never becomes an element").isEmpty();
            assertThat(driver.getTitle()).isEqualTo("Notice – Bridgeway console");
            assertThat(driver.getCurrentUrl()).isEqualTo(fixture.origin() + "/inbox/" + messageId);
            String why = driver.findElement(By.id("why-shared")).getText();
            assertThat(why).contains("Agreement").contains("UK GDPR Art 6(1)(e)").contains("Children Act 2004");
            List<String> withheld = driver.findElements(By.cssSelector("#withheld-fields li")).stream()
                    .map(WebElement::getText).toList();
            assertThat(withheld).as("the police are not given the NHS number").isNotEmpty()
                    .anyMatch(f -> f.toLowerCase().contains("nhs"));
            assertThat(shared).doesNotContain(SyntheticPlacements.EVERY_FIELD.get(0).nhsNumber());
            assertThat(browser.accessibilityViolations()).as("the notice, by axe-core").isEmpty();
            browser.screenshot("console-notice");
            assertThat(((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                    "return localStorage.length + sessionStorage.length + document.cookie.length"))
                    .as("nothing kept in the browser's storage, and no cookie a script can read").isEqualTo(0L);

            JsonNode viewed = AuditEntries.await(fixture.gateway().auditLog(), "NOTICE_VIEWED",
                    e -> messageId.equals(e.path("details").path("messageId").asText()));
            assertThat(viewed.path("actor").asText()).startsWith(GMP + "/person:");
            assertThat(viewed.toString()).doesNotContain("Kiran").doesNotContain(COORDINATOR)
                    .doesNotContain(HOSTILE_NAME);

            // keyboard only: Tab until the acknowledge button has the focus, then Enter
            WebElement body = driver.findElement(By.tagName("body"));
            body.sendKeys(Keys.TAB);
            for (int i = 0; i < 60 && !"acknowledge".equals(driver.switchTo().activeElement().getAttribute("id"));
                 i++) {
                driver.switchTo().activeElement().sendKeys(Keys.TAB);
            }
            assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("acknowledge");
            driver.switchTo().activeElement().sendKeys(Keys.ENTER);

            new WebDriverWait(driver, ConsoleFixture.WAIT).until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector(".govuk-notification-banner--success")));
            assertThat(driver.getCurrentUrl()).isEqualTo(fixture.origin() + "/inbox");
            assertThat(driver.findElements(By.cssSelector("a[href='/inbox/" + messageId + "']"))).isEmpty();
            assertThat(fixture.gateway().mailboxes().fetch(GMP, messageId)).as("gone from the mailbox").isEmpty();
            assertThat(AuditEntries.ofType(fixture.gateway().auditLog(), "ACKNOWLEDGED"))
                    .anyMatch(e -> messageId.equals(e.path("details").path("messageId").asText()));
            browser.screenshot("console-acknowledged");
            SyntheticPlacements.Spec child = SyntheticPlacements.EVERY_FIELD.get(0);
            assertThat(logs.text()).as("the server's log lines of the whole story").isNotEmpty()
                    .noneMatch(line -> line.contains(HOSTILE_NAME) || line.contains(child.familyName())
                            || line.contains(child.nhsNumber()) || line.contains("Kiran"));

            ConsoleFixture.toNextPage(driver, By.cssSelector(".bw-header__sign-out button"));
            assertThat(heading(driver)).isEqualTo("You have signed out");
            driver.get(fixture.origin() + "/inbox");
            new WebDriverWait(driver, ConsoleFixture.WAIT)
                    .until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
            assertThat(driver.getCurrentUrl()).as("Keycloak's session ended too: it asks for the password again")
                    .startsWith(fixture.keycloak.issuer());
        }
    }

    @Test
    void aRoleWithoutTheInboxIsRefusedOnTheServer() {
        try (ChromiumBrowser browser = fixture.browser()) {
            WebDriver driver = browser.driver();
            driver.get(fixture.origin() + "/");
            fixture.signIn(driver, "sam.whitfield"); // an auditor of Kent County Council

            assertThat(heading(driver)).as("an auditor starts at the receipt check").isEqualTo("Check a receipt");
            driver.get(fixture.origin() + "/inbox");
            assertThat(heading(driver)).isEqualTo("Your role does not allow this");
        }
    }

    @Test
    void aChangeWithoutTheSessionsCsrfTokenIsRefusedAndChangesNothing() throws Exception {
        String messageId = messageToGmp(placeChildInManchester("Ottoline"));
        try (ChromiumBrowser browser = fixture.browser()) {
            String cookies = signedInCookies(browser);

            // a signed-in session's cookies, as a forged cross-site form would bring them, without the form's token
            HttpClient http = TestPki.httpClient(fixture.keycloak.trust());
            HttpResponse<String> forged = http.send(HttpRequest.newBuilder(
                            URI.create(fixture.origin() + "/inbox/" + messageId + "/acknowledge"))
                    .header("Cookie", cookies).header("Origin", fixture.origin().toString())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(forged.statusCode()).isEqualTo(403);
            assertThat(fixture.gateway().mailboxes().fetch(GMP, messageId)).as("still in the mailbox").isPresent();
        }
    }

    @Test
    void aNoticeThatCannotBeAuditedAsReadIsNotShownTheConsoleAnswers503AndServesAgain() throws Exception {
        String messageId = messageToGmp(placeChildInManchester("Ottoline"));
        try (ChromiumBrowser browser = fixture.browser()) {
            String cookies = signedInCookies(browser);
            HttpClient http = TestPki.httpClient(fixture.keycloak.trust());
            HttpRequest read = HttpRequest.newBuilder(URI.create(fixture.origin() + "/inbox/" + messageId))
                    .header("Cookie", cookies).GET().build();

            // another session takes the database for itself: H2 closes every other session and refuses new ones
            String url = "jdbc:h2:file:" + fixture.gateway().config().embeddedDatabaseDirectory().resolve("bridgeway")
                    .toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
            try (java.sql.Connection exclusive = java.sql.DriverManager.getConnection(url, "bridgeway", "");
                 java.sql.Statement s = exclusive.createStatement()) {
                s.execute("SET EXCLUSIVE 2");
                HttpResponse<String> down = http.send(read, HttpResponse.BodyHandlers.ofString());
                assertThat(down.statusCode()).isEqualTo(503);
                assertThat(down.headers().firstValue("Retry-After")).isPresent();
                assertThat(down.body()).doesNotContain("Ottoline").contains("Try again");
                s.execute("SET EXCLUSIVE 0");
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(http.send(read, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200));
            assertThat(AuditEntries.ofType(fixture.gateway().auditLog(), "NOTICE_VIEWED"))
                    .as("the reading that was not shown is not on record")
                    .filteredOn(e -> messageId.equals(e.path("details").path("messageId").asText())).hasSize(1);
        }
    }

    @Test
    void everyPageForbidsInlineScriptFramingAndCaching() throws Exception {
        HttpClient http = TestPki.httpClient(fixture.keycloak.trust());
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(fixture.origin() + "/signed-out"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("default-src 'none'").contains("script-src 'self'").contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(page.headers().firstValue("Strict-Transport-Security")).isPresent();
        assertThat(page.body()).doesNotContain("<script>").doesNotContain(" style=");

        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(fixture.origin() + "/inbox"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).as("sent to sign in").isEqualTo(303);
        URI signIn = URI.create(anonymous.headers().firstValue("Location").orElseThrow());
        assertThat(signIn.toString()).startsWith(fixture.keycloak.issuer()).contains("code_challenge_method=S256")
                .contains("nonce=").contains("state=");
    }
}
