package org.bridgeway.testing;

import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real, headless Chromium for tests of a web console: Debian's {@code chromium} driven by its own
 * {@code chromedriver} (installed by {@code scripts/ensure-chromium}, which the build runs first), with a fresh
 * profile each time, deleted on {@link #close()}.
 *
 * <p>It trusts exactly the TLS server certificates it is given, by pinning their public keys, so a test reaches
 * a server of the development PKI over HTTPS as a user would, while certificate checks stay on for everything
 * else: a page served with any other certificate is not shown.
 *
 * <p>Both executables are named explicitly, so Selenium Manager never runs: the tests download no browser or
 * driver, and the driver always matches the browser (the two come from one Debian source package). When either is
 * missing the fixture fails rather than skips, so a browser test cannot pass by not running.
 */
public final class ChromiumBrowser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /** The WCAG 2.0, 2.1 and 2.2 A and AA rules: the level public-sector sites must meet in the UK. */
    public static final List<String> WCAG_TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");

    /**
     * Headless, as root in a container (no sandbox there, no GPU, a small /dev/shm), and quiet: nothing fetched
     * in the background (updates, sync, field trials), so a test's only traffic is to the server it tests.
     * QUIC off: the tests' servers speak TCP only.
     */
    private static final List<String> FLAGS = List.of("--headless=new", "--no-sandbox", "--disable-gpu",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-dev-shm-usage");

    /** Fixed, so screenshots are comparable from run to run. */
    private static final String WINDOW_SIZE = "--window-size=1280,900";

    /** A slow, shared machine: a page of a loopback server should still load well within this. */
    private static final Duration PAGE_LOAD_TIMEOUT = Duration.ofSeconds(60);

    /** A screenshot's name becomes a file name: nothing that could leave the folder. */
    private static final Pattern STORY_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final WebDriver driver;
    private final Path profile;

    private ChromiumBrowser(WebDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /**
     * A browser trusting the given servers' certificates, whoever issued them, and nothing more than a browser's
     * defaults otherwise; none given, it trusts only the defaults.
     *
     * @throws IllegalStateException when chromium or chromedriver is not installed
     */
    public static ChromiumBrowser trusting(X509Certificate... servers) {
        requireInstalled();
        List<String> arguments = new ArrayList<>(FLAGS);
        arguments.add(WINDOW_SIZE);
        if (servers.length > 0) {
            // Chromium ignores a certificate error only when the chain holds one of these keys: the development CA
            // is trusted for the pinned servers alone, not installed as a root.
            arguments.add("--ignore-certificate-errors-spki-list="
                    + Stream.of(servers).map(ChromiumBrowser::spkiPin).collect(Collectors.joining(",")));
        }
        Path profile = createProfile();
        arguments.add("--user-data-dir=" + profile);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(arguments);
        // The pins above are the only exception: the driver must not wave every certificate through.
        options.setAcceptInsecureCerts(false);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(PAGE_LOAD_TIMEOUT);
            return new ChromiumBrowser(driver, profile);
        } catch (RuntimeException e) {
            service.stop();
            delete(profile);
            throw e;
        }
    }

    /**
     * The pin Chromium's {@code --ignore-certificate-errors-spki-list} takes: base64 of the SHA-256 of the
     * certificate's DER SubjectPublicKeyInfo, as in HTTP public key pinning (RFC 7469).
     */
    public static String spkiPin(X509Certificate certificate) {
        try {
            // An X.509 public key's encoded form is its SubjectPublicKeyInfo
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded());
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /** Where the browser tests keep what a reviewer looks at: {@code gateway/devtools/target/browser-screenshots}. */
    public static Path screenshotDirectory() {
        Path root = GatewayFixture.projectRoot();
        Path module = root.resolve("gateway").resolve("devtools");
        if (!Files.isDirectory(module)) {
            throw new IllegalStateException("no gateway/devtools under the project root " + root
                    + ": set BRIDGEWAY_HOME to the checkout");
        }
        return module.resolve("target").resolve("browser-screenshots");
    }

    /**
     * Saves what the browser shows to {@code gateway/devtools/target/browser-screenshots/<storyName>.png}, where a
     * person reviewing a run looks for the console's pages, replacing an earlier one of the same name.
     */
    public Path screenshot(String storyName) {
        if (!STORY_NAME.matcher(storyName).matches()) {
            throw new IllegalArgumentException("a story name is a plain file name (letters, digits, . _ -): "
                    + storyName);
        }
        Path file = screenshotDirectory().resolve(storyName + ".png");
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /**
     * The current page's WCAG A and AA failures ({@link #WCAG_TAGS}) as axe-core finds them, one line per rule:
     * its id, impact and description, then the CSS selectors of the failing elements. Empty when none fails.
     */
    public List<String> accessibilityViolations() {
        Results results = new AxeBuilder().withTags(WCAG_TAGS).analyze(driver);
        if (results.isErrored()) {
            throw new IllegalStateException("axe-core did not finish on " + driver.getCurrentUrl() + ": "
                    + results.getErrorMessage());
        }
        return results.getViolations().stream().map(ChromiumBrowser::describe).toList();
    }

    private static String describe(Rule rule) {
        String targets = rule.getNodes().stream().map(CheckedNode::getTarget).map(String::valueOf)
                .collect(Collectors.joining(", "));
        return rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp() + " at " + targets;
    }

    /** Quits the browser and its driver, and deletes the profile. */
    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            delete(profile);
        }
    }

    private static void requireInstalled() {
        for (Path executable : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(executable)) {
                throw new IllegalStateException(executable + " is missing: the browser tests need Debian's chromium "
                        + "and chromium-driver; run scripts/ensure-chromium (as root, or with sudo) to install them");
            }
        }
    }

    private static Path createProfile() {
        try {
            return Files.createTempDirectory("bridgeway-chromium-profile");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.delete(file);
                } catch (NoSuchFileException e) {
                    // a file the browser removed itself as it quit
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the browser profile " + folder, e);
        }
    }
}
