package org.bridgeway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bridgeway.console.ConsoleFixture.heading;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bridgeway.audit.AuditLog;
import org.bridgeway.audit.key.AuditCertificate;
import org.bridgeway.audit.receipt.Receipts;
import org.bridgeway.dev.pki.DevelopmentPki;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.pipeline.Dispatch;
import org.bridgeway.testing.ChromiumBrowser;
import org.bridgeway.testing.SyntheticPlacements;
import org.bridgeway.testing.TestPki;
import org.bridgeway.transport.PkiDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An auditor checks receipts in the page, in a real Chromium against the real Keycloak, trusting nothing the server
 * says: Kent places a child in Manchester; the receipts the gateway's API gives Kent for that exchange, made by the
 * gateway's own receipt code, and the gateway's audit-signing certificate are given to the page as files, and every
 * check passes with nothing fetched. One changed character of an entry, one flipped byte of an inclusion proof or of
 * the tree head's signature, the certificate of another Ed25519 key and another log's name each fail, the failed check
 * named; a TLS certificate (a P-256 key) and a receipt that is not JSON are refused beside their fields.
 */
class ConsoleReceiptStoryTest extends ConsoleStory {
    private static final String AUDITOR = "sam.whitfield";
    /** Greater Manchester Police's missing-person coordinator: a caseworker, who has no receipt check. */
    private static final String COORDINATOR = "kiran.holt";
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    /** Every check the page makes of a receipt; the timestamp token is listed too, as not checked here. */
    private static final List<String> CHECKS = List.of("leaf-hash", "entry-index", "tree-head", "origin", "signature",
            "inclusion");
    private static final Set<String> DONE = Set.of("verified", "failed", "invalid", "unsupported", "error");

    @TempDir
    Path files;

    @Test
    void anAuditorChecksReceiptsInThePageAndEachTamperingIsNamed() throws IOException {
        Gateway gateway = fixture.gateway();
        Dispatch placed = gateway.submit(SyntheticPlacements.notice(gateway.reference(),
                SyntheticPlacements.EVERY_FIELD.get(0)));
        String origin = Gateway.auditOrigin(gateway.config());
        String served = receiptsAsServed(placed.exchangeId());
        ObjectNode document = (ObjectNode) JSON.readTree(served);
        int count = document.get("receipts").size();
        assertThat(count).as("the exchange's entries: received, decided, disclosed ...").isGreaterThan(1);
        assertThat(firstReceipt(document).get("inclusionProof")).as("a proof with a hash to tamper with").isNotEmpty();
        long firstIndex = firstReceipt(document).get("index").asLong();
        Path receipts = write("receipts.json", served);
        Path certificate = Files.copy(gateway.config().dataDirectory().resolve("keys").resolve(AuditCertificate.FILE),
                files.resolve("audit-signing.crt"));

        try (ChromiumBrowser browser = fixture.browser()) {
            WebDriver driver = browser.driver();
            driver.get(fixture.origin() + "/");
            fixture.signIn(driver, AUDITOR);
            assertThat(heading(driver)).as("an auditor starts here").isEqualTo("Check a receipt");
            recordPolicyViolations(driver);

            // the files chosen, the origin typed and the check started from the keyboard (Enter in the field)
            driver.findElement(By.id("receipt-file")).sendKeys(receipts.toString());
            driver.findElement(By.id("certificate-file")).sendKeys(certificate.toString());
            driver.findElement(By.id("origin")).sendKeys(origin, Keys.ENTER);
            assertThat(outcome(driver)).isEqualTo("verified");
            assertThat(verdict(driver)).isEqualTo("VERIFIED: all " + count + " receipts of exchange "
                    + placed.exchangeId() + ". Each entry is in the log " + origin
                    + " under a tree head signed with this certificate's key.");
            for (int receipt = 1; receipt <= count; receipt++) {
                for (String check : CHECKS) {
                    assertThat(outcomeOf(driver, receipt, check)).as("receipt %d, check %s", receipt, check)
                            .isEqualTo("passed");
                }
                assertThat(outcomeOf(driver, receipt, "timestamp")).isEqualTo("not-checked");
            }
            assertThat(driver.findElement(By.id("receipt-result")).getText())
                    .as("the page says what it does not check, and the command that does")
                    .contains("./bridgeway audit verify-receipt FILE --cert audit-signing.crt --origin ORIGIN "
                            + "--tsa-cert TSA.pem");
            assertThat(driver.findElement(By.id("receipt-result")).getAttribute("aria-live")).isEqualTo("polite");
            assertThat(resourcesFetched(driver)).as("the page's own files, nothing asked by script: it asks no one")
                    .allMatch(resource -> resource.startsWith("link ") || resource.startsWith("script ")
                            || resource.equals("other " + fixture.origin() + "/favicon.ico"))
                    .allMatch(resource -> resource.contains(" " + fixture.origin() + "/"));
            assertThat(policyViolations(driver)).as("nothing the Content Security Policy refuses").isEmpty();
            assertThat(browser.accessibilityViolations()).as("the verified receipts, by axe-core").isEmpty();
            scrollToResult(driver);
            browser.screenshot("console-receipt-verified");

            // one receipt pasted, the certificate pasted: one receipt is checked as the verifier checks one
            String single = JSON.writeValueAsString(firstReceipt(document));
            check(driver, null, null, origin, single, Files.readString(certificate));
            assertThat(outcome(driver)).isEqualTo("verified");
            assertThat(verdict(driver)).startsWith("VERIFIED: entry " + firstIndex + " is in the log " + origin
                    + " at tree size ");

            // one character of the first entry changed
            ObjectNode editedEntry = document.deepCopy();
            String entry = firstReceipt(editedEntry).get("entry").asText();
            firstReceipt(editedEntry).put("entry", oneCharacterChanged(entry));
            check(driver, write("edited-entry.json", editedEntry), certificate, origin, null, null);
            assertFailedAlone(driver, count, "leaf-hash",
                    "The entry does not hash to the receipt's leaf hash");
            assertThat(browser.accessibilityViolations()).as("a failed receipt, by axe-core").isEmpty();
            scrollToResult(driver);
            browser.screenshot("console-receipt-tampered-entry");

            // one byte of the first receipt's inclusion proof flipped
            ObjectNode editedProof = document.deepCopy();
            ArrayNode proof = (ArrayNode) firstReceipt(editedProof).get("inclusionProof");
            proof.set(0, flipped(proof.get(0).asText(), 0));
            check(driver, write("edited-proof.json", editedProof), certificate, origin, null, null);
            assertFailedAlone(driver, count, "inclusion",
                    "The inclusion proof does not lead to the signed root");
            assertThat(detailOf(driver, 1, "inclusion")).contains("It leads to another root");

            // one byte of the signature on the first receipt's tree head flipped
            ObjectNode editedSignature = document.deepCopy();
            firstReceipt(editedSignature).put("checkpoint",
                    signatureFlipped(firstReceipt(editedSignature).get("checkpoint").asText(), origin));
            check(driver, write("edited-signature.json", editedSignature), certificate, origin, null, null);
            assertFailedAlone(driver, count, "signature",
                    "The tree head's signature does not verify with this certificate's key");
            assertThat(detailOf(driver, 1, "signature")).contains("The signature is wrong");
            scrollToResult(driver);
            browser.screenshot("console-receipt-tampered-signature");

            // the certificate of another Ed25519 key: no receipt is signed with it
            Path otherKey = TestPki.directory().resolve(DevelopmentPki.AUDIT_SIGNING + ".pem");
            check(driver, receipts, otherKey, origin, null, null);
            assertThat(outcome(driver)).isEqualTo("failed");
            assertThat(verdict(driver)).isEqualTo("FAILED: " + count + " of " + count + " receipts do not verify. "
                    + "The tree head's signature does not verify with this certificate's key (every receipt).");
            for (int receipt = 1; receipt <= count; receipt++) {
                assertThat(outcomeOf(driver, receipt, "signature")).isEqualTo("failed");
                assertThat(outcomeOf(driver, receipt, "inclusion")).isEqualTo("passed");
            }
            assertThat(detailOf(driver, 1, "signature")).contains("It carries no signature by this key");

            // another log's name: its checkpoints are refused even where the right key signed them
            String otherLog = "bridgeway/police:kent";
            check(driver, receipts, certificate, otherLog, null, null);
            assertThat(outcome(driver)).isEqualTo("failed");
            assertThat(verdict(driver)).isEqualTo("FAILED: " + count + " of " + count + " receipts do not verify. "
                    + "The checkpoint is for another log (every receipt).");
            assertThat(outcomeOf(driver, 1, "origin")).isEqualTo("failed");
            assertThat(outcomeOf(driver, 1, "signature")).as("a head of another log proves nothing, whoever signed it")
                    .isEqualTo("not-checked");
            assertThat(detailOf(driver, 1, "origin")).isEqualTo("It names " + origin + ", not " + otherLog + ".");
            scrollToResult(driver);
            browser.screenshot("console-receipt-other-log");

            // a receipt that is not JSON and a certificate of a P-256 TLS key: refused beside their fields
            Path tlsCertificate = TestPki.directory().resolve(PkiDirectory.SERVER + ".pem");
            check(driver, null, tlsCertificate, origin, "this is not a receipt", null);
            assertThat(outcome(driver)).isEqualTo("invalid");
            assertThat(driver.findElement(By.id("receipt-error")).getText())
                    .endsWith("The receipt is not JSON: give it as the gateway gave it");
            assertThat(driver.findElement(By.id("certificate-error")).getText())
                    .contains("This certificate's key is not an Ed25519 key: it is an elliptic-curve (EC) key");
            WebElement summary = driver.findElement(By.id("receipt-error-summary"));
            assertThat(summary.findElements(By.cssSelector("a"))).extracting(a -> a.getAttribute("href"))
                    .containsExactly(fixture.origin() + "/receipts/verify#receipt-text",
                            fixture.origin() + "/receipts/verify#certificate-file");
            assertThat(driver.switchTo().activeElement().getAttribute("id")).as("the focus is on the summary")
                    .isEqualTo("receipt-error-summary");
            assertThat(driver.getTitle()).isEqualTo("Error: Check a receipt – Bridgeway console");
            assertThat(driver.findElements(By.cssSelector("#receipt-details li"))).as("nothing was checked").isEmpty();
            assertThat(browser.accessibilityViolations()).as("the errors, by axe-core").isEmpty();
            browser.screenshot("console-receipt-refused");
            assertThat(policyViolations(driver)).isEmpty();
        }
    }

    @Test
    void aRoleWithoutTheReceiptCheckIsRefusedOnTheServer() {
        try (ChromiumBrowser browser = fixture.browser()) {
            WebDriver driver = browser.driver();
            driver.get(fixture.origin() + "/receipts/verify");
            fixture.signIn(driver, COORDINATOR);
            assertThat(heading(driver)).isEqualTo("Your role does not allow this");
            assertThat(driver.findElements(By.id("receipt-check"))).isEmpty();
            assertThat(driver.findElements(By.cssSelector("a[href='/receipts/verify']"))).as("nor offered it")
                    .isEmpty();
        }
    }

    /**
     * The document {@code GET /api/v1/exchanges/{id}/receipts} answers the exchange's sender (AuditApi): every entry of
     * the exchange, by the gateway's own receipt code, written as the API writes JSON.
     */
    private static String receiptsAsServed(String exchangeId) throws IOException {
        AuditLog log = fixture.gateway().auditLog();
        return JSON.writeValueAsString(Map.of("exchangeId", exchangeId,
                "receipts", new Receipts(log).of(log.entriesFor(exchangeId))));
    }

    private static ObjectNode firstReceipt(ObjectNode document) {
        return (ObjectNode) document.get("receipts").get(0);
    }

    /** The entry with the first letter of its type in the other case: still JSON naming its index, another hash. */
    private static String oneCharacterChanged(String entry) {
        String typeField = "\"type\":\"";
        int type = entry.indexOf(typeField);
        assertThat(type).as("the entry has a type").isNotNegative();
        int at = type + typeField.length();
        char letter = entry.charAt(at);
        char changed = Character.isUpperCase(letter) ? Character.toLowerCase(letter) : Character.toUpperCase(letter);
        assertThat(changed).isNotEqualTo(letter);
        return entry.substring(0, at) + changed + entry.substring(at + 1);
    }

    private static String flipped(String base64, int index) {
        byte[] bytes = Base64.getDecoder().decode(base64);
        bytes[index] ^= 0x01;
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The signed note with one byte of the gateway's Ed25519 signature flipped (after the 4-byte key hash). */
    private static String signatureFlipped(String note, String origin) {
        String prefix = "\u2014 " + origin + " ";
        int line = note.indexOf(prefix);
        assertThat(line).as("the gateway's signature line").isNotNegative();
        int start = line + prefix.length();
        int end = note.indexOf('\n', start);
        return note.substring(0, start) + flipped(note.substring(start, end), 4 + 10) + note.substring(end);
    }

    private Path write(String name, Object document) throws IOException {
        String text = document instanceof String s ? s : JSON.writeValueAsString(document);
        return Files.writeString(files.resolve(name), text, StandardCharsets.UTF_8);
    }

    /**
     * Opens the page afresh and checks what is given: files by their paths, text pasted, either left out when null.
     */
    private static void check(WebDriver driver, Path receiptFile, Path certificateFile, String origin,
                              String receiptText, String certificateText) {
        driver.get(fixture.origin() + "/receipts/verify");
        assertThat(heading(driver)).isEqualTo("Check a receipt");
        recordPolicyViolations(driver);
        if (receiptFile != null) {
            driver.findElement(By.id("receipt-file")).sendKeys(receiptFile.toString());
        }
        if (receiptText != null) {
            driver.findElement(By.id("receipt-text")).sendKeys(receiptText);
        }
        if (certificateFile != null) {
            driver.findElement(By.id("certificate-file")).sendKeys(certificateFile.toString());
        }
        if (certificateText != null) {
            driver.findElement(By.id("certificate-text")).sendKeys(certificateText);
        }
        driver.findElement(By.id("origin")).sendKeys(origin);
        driver.findElement(By.id("check-receipt")).click();
    }

    /** How the check ended, once it has: verified, failed, invalid (an input refused), unsupported or error. */
    private static String outcome(WebDriver driver) {
        return new WebDriverWait(driver, ConsoleFixture.WAIT).until(d -> {
            String state = d.findElement(By.id("receipt-check")).getAttribute("data-state");
            return DONE.contains(state) ? state : null;
        });
    }

    /** For the screenshot: the verdict at the top, the checks of the first receipts below it. */
    private static void scrollToResult(WebDriver driver) {
        ((JavascriptExecutor) driver).executeScript("document.getElementById('receipt-result').scrollIntoView();");
    }

    private static String verdict(WebDriver driver) {
        return driver.findElement(By.id("receipt-verdict")).getText();
    }

    private static WebElement checkOf(WebDriver driver, int receipt, String check) {
        return driver.findElement(By.cssSelector("#receipt-details li[data-receipt='" + receipt + "'][data-check='"
                + check + "']"));
    }

    private static String outcomeOf(WebDriver driver, int receipt, String check) {
        return checkOf(driver, receipt, check).getAttribute("data-outcome");
    }

    private static String detailOf(WebDriver driver, int receipt, String check) {
        return checkOf(driver, receipt, check).findElement(By.cssSelector(".govuk-body-s")).getText();
    }

    /** The first receipt fails {@code check}, saying {@code named}, and passes every other; the others all pass. */
    private static void assertFailedAlone(WebDriver driver, int count, String check, String named) {
        assertThat(outcome(driver)).isEqualTo("failed");
        assertThat(verdict(driver)).isEqualTo("FAILED: 1 of " + count + " receipts does not verify. " + named
                + " (receipt 1).");
        assertThat(checkOf(driver, 1, check).getText()).contains("Failed").contains(named);
        for (String other : CHECKS) {
            if (!other.equals(check)) {
                assertThat(outcomeOf(driver, 1, other)).as("receipt 1, check %s", other).isEqualTo("passed");
            }
        }
        for (int receipt = 2; receipt <= count; receipt++) {
            for (String any : CHECKS) {
                assertThat(outcomeOf(driver, receipt, any)).as("receipt %d, check %s", receipt, any)
                        .isEqualTo("passed");
            }
        }
    }

    /** What the page loaded since it was opened, each as "initiator URL": a fetch would be "fetch https://...". */
    private static List<String> resourcesFetched(WebDriver driver) {
        @SuppressWarnings("unchecked")
        List<String> resources = (List<String>) ((JavascriptExecutor) driver).executeScript("return performance"
                + ".getEntriesByType('resource').map(function (e) { return e.initiatorType + ' ' + e.name; });");
        return resources;
    }

    /** From now on, the page keeps what its Content Security Policy refuses (an inline style, a fetch elsewhere). */
    private static void recordPolicyViolations(WebDriver driver) {
        ((JavascriptExecutor) driver).executeScript("window.refusedByPolicy = [];"
                + "document.addEventListener('securitypolicyviolation', function (e) {"
                + "  window.refusedByPolicy.push(e.violatedDirective + ' ' + e.blockedURI); });");
    }

    private static List<String> policyViolations(WebDriver driver) {
        @SuppressWarnings("unchecked")
        List<String> refused = (List<String>) ((JavascriptExecutor) driver).executeScript(
                "return window.refusedByPolicy;");
        return refused;
    }
}
