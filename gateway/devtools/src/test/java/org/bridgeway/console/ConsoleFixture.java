package org.bridgeway.console;

import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
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
