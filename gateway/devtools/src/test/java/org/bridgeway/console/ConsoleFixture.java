package org.bridgeway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.bridgeway.adapters.custody.CustodyHandoverJsonReader;
import org.bridgeway.adapters.missing.MissingReadResult;
import org.bridgeway.handover.CustodyHandovers;
import org.bridgeway.model.CustodyHandoverNotice;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.PoliceForceCode;
import org.bridgeway.store.TimeOrderedIds;
import org.bridgeway.testing.ChromiumBrowser;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.KeycloakServer;
import org.bridgeway.testing.TestPki;
import org.bridgeway.transport.PkiDirectory;
import org.bridgeway.transport.TlsSettings;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A gateway with its console, signing in through the run's Keycloak, for the console's browser stories: browsers
 * that trust the development server certificate (the console's and Keycloak's), and the steps every story takes.
 */
final class ConsoleFixture implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(30);

    final KeycloakServer keycloak;
    private final GatewayFixture gateway;
    final ConsoleServer console;
    private final X509Certificate serverCertificate;

    private ConsoleFixture(KeycloakServer keycloak, GatewayFixture gateway, ConsoleServer console) {
        this.keycloak = keycloak;
        this.gateway = gateway;
        this.console = console;
        this.serverCertificate = PkiDirectory.readCertificate(
                TestPki.directory().resolve(PkiDirectory.SERVER + ".pem"));
    }

    static ConsoleFixture start(Path data) {
        KeycloakServer keycloak = KeycloakServer.get();
        GatewayFixture gateway = GatewayFixture.start(data);
        TlsSettings tls = TestPki.gatewayTls();
        ConsoleServer console = ConsoleServer.start(new ConsoleSettings("127.0.0.1", 0, tls.keyStore(),
                tls.keyStorePassword(), null, URI.create(keycloak.issuer()), "bridgeway-console",
                keycloak.consoleClientSecret(), keycloak.trust(), ConsoleSettings.DEFAULT_IDLE_TIMEOUT),
                gateway.gateway());
        keycloak.allowConsoleAt(console.origin());
        return new ConsoleFixture(keycloak, gateway, console);
    }

    org.bridgeway.gateway.Gateway gateway() {
        return gateway.gateway();
    }

    ChromiumBrowser browser() {
        return ChromiumBrowser.trusting(serverCertificate);
    }

    String origin() {
        return console.origin().toString();
    }

    /** Signs in at Keycloak's page, where the console sent the browser, and waits to be back at the console. */
    void signIn(WebDriver driver, String username) {
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        if (!driver.getCurrentUrl().startsWith(keycloak.issuer())) {
            throw new AssertionError("the password was asked by " + driver.getCurrentUrl() + ", not by Keycloak");
        }
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(keycloak.password(username));
        driver.findElement(By.id("kc-login")).click();
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.urlContains(origin()));
    }

    /**
     * Types a date into a date input as a person would, in whichever order the browser's locale shows its parts (day
     * first in the UK, month first in the US), and checks the input holds it.
     */
    static void typeDate(org.openqa.selenium.WebElement input, java.time.LocalDate date) {
        String year = String.format("%04d", date.getYear());
        String day = String.format("%02d", date.getDayOfMonth());
        String month = String.format("%02d", date.getMonthValue());
        input.sendKeys(day + month + year);
        if (!date.toString().equals(input.getAttribute("value"))) {
            input.clear();
            input.sendKeys(month + day + year);
        }
        if (!date.toString().equals(input.getAttribute("value"))) {
            throw new AssertionError("the date input holds " + input.getAttribute("value") + ", not " + date);
        }
    }

    /** Kent Police ask Kent (the custody suite's authority) to accommodate a child charged an hour and a half ago. */
    CustodyHandovers.Handover kentPoliceAskKent(String reference) {
        Instant charged = Instant.now().minus(90, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        LocalDate born = LocalDate.ofInstant(charged, ZoneOffset.UTC).minusYears(15).minusDays(30);
        String body = "{\"custody\": {\"reference\": \"" + reference + "\", \"suite\": \"Margate custody suite\","
                + " \"contactOfficer\": \"Sgt 1234 Example, 01632 960001\"},"
                + " \"handover\": {\"suiteAuthority\": \"886\"},"
                + " \"child\": {\"givenName\": \"Tamsin\", \"familyName\": \"Quarrington\", \"dateOfBirth\": \"" + born
                + "\"}, \"charge\": {\"time\": \"" + charged + "\", \"offences\": \"robbery of a mobile phone\","
                + " \"bailRefusalReason\": [\"JUVENILE_OWN_INTERESTS\"]},"
                + " \"transfer\": {\"requestTime\": \"" + charged.plus(10, ChronoUnit.MINUTES) + "\","
                + " \"accommodationType\": \"NON_SECURE\", \"courtAppearance\": \"Margate Magistrates' Court\","
                + " \"courtSittingAt\": \"" + Instant.now().plus(10, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS)
                + "\"}}";
        MissingReadResult<CustodyHandoverNotice> read = new CustodyHandoverJsonReader().readRequest(
                body.getBytes(StandardCharsets.UTF_8), Organisation.parseId("police:kent"), Instant.now(),
                TimeOrderedIds::next);
        assertThat(read).as(read.toString()).isInstanceOf(MissingReadResult.Accepted.class);
        gateway().submit(((MissingReadResult.Accepted<CustodyHandoverNotice>) read).notice());
        return gateway().custodyHandovers().byRecord(new PoliceForceCode("kent"), reference)
                .orElseThrow();
    }

    /**
     * Clicks what leads to another page and waits until the browser has left this one: a check of the next page made
     * at once could otherwise still read this one (its error summary, its heading).
     */
    static void toNextPage(WebDriver driver, org.openqa.selenium.WebElement link) {
        org.openqa.selenium.WebElement page = driver.findElement(By.tagName("html"));
        link.click();
        new WebDriverWait(driver, WAIT).until(d -> gone(page));
        // the heading is there while the page still parses; its script (which may move the focus to an error
        // summary) has run only once the document is complete, and a keyboard walk must start after it
        new WebDriverWait(driver, WAIT).until(d -> "complete".equals(
                ((org.openqa.selenium.JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    /**
     * Whether the page an element was found on has been left. Chromium answers a question about an element of a page
     * being torn down either as a stale element or, in the instant of the swap, "Node with given id does not belong
     * to the document": both mean the browser has left it.
     */
    private static boolean gone(org.openqa.selenium.WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (org.openqa.selenium.StaleElementReferenceException left) {
            return true;
        } catch (org.openqa.selenium.WebDriverException e) {
            if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    static void toNextPage(WebDriver driver, By link) {
        toNextPage(driver, driver.findElement(link));
    }

    static String heading(WebDriver driver) {
        return new WebDriverWait(driver, WAIT)
                .until(ExpectedConditions.presenceOfElementLocated(By.tagName("h1"))).getText();
    }

    @Override
    public void close() {
        console.close();
        gateway.close();
    }
}
