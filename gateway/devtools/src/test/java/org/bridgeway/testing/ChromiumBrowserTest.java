package org.bridgeway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PfxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bridgeway.transport.PkiDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The browser fixture itself, against a small HTTPS server on loopback presenting the gateway's development server
 * certificate: the pinned certificate is what lets a page load, a page is read and photographed, and axe-core's
 * findings come back naming the rules broken.
 */
class ChromiumBrowserTest {
    private static final String HEADING = "Safeguarding notices";
    private static final String ACCESSIBLE_TITLE = "Notices - Bridgeway";

    private static final String ACCESSIBLE = """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>%s</title></head>
            <body>
            <main>
              <h1>%s</h1>
              <form>
                <label for="reference">Notice reference</label>
                <input id="reference" name="reference" type="text">
              </form>
            </main>
            </body>
            </html>
            """.formatted(ACCESSIBLE_TITLE, HEADING);

    /** An image without alternative text and an input without a label: the rules image-alt and label. */
    private static final String INACCESSIBLE = """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Search - Bridgeway</title></head>
            <body>
            <main>
              <h1>Search</h1>
              <img src="/crest.png">
              <input name="q" type="text">
            </main>
            </body>
            </html>
            """;

    /** The eight bytes every PNG file starts with (RFC 2083). */
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private static final Map<String, String> PAGES = Map.of("/accessible", ACCESSIBLE, "/inaccessible", INACCESSIBLE);

    private static Vertx vertx;
    private static X509Certificate serverCertificate;
    private static String base;

    @BeforeAll
    static void startServer() throws Exception {
        Path pki = TestPki.directory();
        String store = PkiDirectory.SERVER + ".p12";
        serverCertificate = PkiDirectory.readCertificate(pki.resolve(PkiDirectory.SERVER + ".pem"));
        vertx = Vertx.vertx();
        HttpServerOptions options = new HttpServerOptions().setSsl(true).setKeyCertOptions(new PfxOptions()
                .setPath(pki.resolve(store).toString())
                .setPassword(PkiDirectory.passwords(pki).getProperty(store)));
        HttpServer server = vertx.createHttpServer(options).requestHandler(request -> {
            String page = PAGES.get(request.path());
            if (page == null) {
                // the crest too: axe judges the img element, not the picture
                request.response().setStatusCode(404).end();
            } else {
                request.response().putHeader("Content-Type", "text/html; charset=utf-8").end(page);
            }
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        base = "https://127.0.0.1:" + server.actualPort();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPageServedWithThePinnedCertificateLoadsIsReadPassesAxeAndIsPhotographed() throws Exception {
        try (ChromiumBrowser browser = ChromiumBrowser.trusting(serverCertificate)) {
            browser.driver().get(base + "/accessible");

            assertThat(browser.driver().getTitle()).isEqualTo(ACCESSIBLE_TITLE);
            assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo(HEADING);
            assertThat(browser.accessibilityViolations()).isEmpty();

            Path screenshot = browser.screenshot("chromium-browser-accessible-page");
            assertThat(screenshot).isRegularFile()
                    .hasFileName("chromium-browser-accessible-page.png")
                    .hasParent(GatewayFixture.projectRoot().resolve("gateway/devtools/target/browser-screenshots"));
            byte[] png = Files.readAllBytes(screenshot);
            assertThat(png).as("a PNG, not an empty file").hasSizeGreaterThan(8)
                    .startsWith(PNG_SIGNATURE);
        }
    }

    @Test
    void accessibilityViolationsNameTheRulesAPageBreaks() {
        try (ChromiumBrowser browser = ChromiumBrowser.trusting(serverCertificate)) {
            browser.driver().get(base + "/inaccessible");

            List<String> violations = browser.accessibilityViolations();

            assertThat(violations).anySatisfy(v -> assertThat(v).startsWith("image-alt ").contains("img"));
            assertThat(violations).anySatisfy(v -> assertThat(v).startsWith("label ").contains("input"));
        }
    }

    @Test
    void aServerWhoseCertificateIsNotPinnedIsNotShown() {
        // the same names, another key: the pin, not the name or the issuer, is what the browser trusts
        X509Certificate another = PkiDirectory.readCertificate(TestPki.otherPki().resolve(PkiDirectory.SERVER + ".pem"));
        try (ChromiumBrowser browser = ChromiumBrowser.trusting(another)) {
            browser.driver().get(base + "/accessible");

            assertThat(browser.driver().getTitle()).isNotEqualTo(ACCESSIBLE_TITLE);
            assertThat(browser.driver().findElements(By.tagName("h1"))).extracting(WebElement::getText)
                    .doesNotContain(HEADING);
            assertThat(browser.driver().getPageSource()).doesNotContain("Notice reference");
        }
    }
}
