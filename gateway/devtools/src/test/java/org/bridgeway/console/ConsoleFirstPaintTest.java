package org.bridgeway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bridgeway.console.ConsoleFixture.heading;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.bridgeway.model.Organisation;
import org.bridgeway.testing.ChromiumBrowser;
import org.bridgeway.testing.SyntheticPlacements;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * How soon each view of a busy organisation paints: Greater Manchester Police's mailbox holds 10,000 notices (Kent's
 * placements in Manchester, put through the real pipeline), and the coordinator opens the inbox, its second page, a
 * notice and the missing-children board in Chromium. The browser's own paint timing (first contentful paint) and
 * navigation timing are printed and kept in {@code target/browser-screenshots/first-paint.txt}: a figure reported,
 * not asserted, as the project's performance targets are (the issue asks under 1 s). What is asserted is what keeps
 * it fast: the inbox is paged, 25 notices a page, whatever the mailbox holds.
 */
class ConsoleFirstPaintTest extends ConsoleStory {
    private static final Organisation GMP = Organisation.parseId("police:greater-manchester");
    private static final int NOTICES = 10_000;
    private static final int PAGE = 25;

    /** The browser's timing of the page just loaded: first contentful paint, DOM ready, and the bytes received. */
    private record Timing(String view, double firstContentfulPaint, double domContentLoaded, long bytes) {
        String line() {
            return String.format("%-34s %8.0f %8.0f %9d", view, firstContentfulPaint, domContentLoaded, bytes);
        }
    }

    /**
     * The browser's timings of the page now shown. Its paint entry is recorded once the page has painted, which on a
     * busy machine can come after the load the driver waited for: it is read again until it is there, up to a bound.
     */
    private static Timing timing(WebDriver driver, String view) throws InterruptedException {
        long deadline = System.nanoTime() + PAINT_RECORDED.toNanos();
        Map<String, Object> t;
        do {
            @SuppressWarnings("unchecked")
            Map<String, Object> read = (Map<String, Object>) ((JavascriptExecutor) driver).executeScript("""
                    const paint = performance.getEntriesByName('first-contentful-paint')[0];
                    const nav = performance.getEntriesByType('navigation')[0];
                    return {fcp: paint ? paint.startTime : -1, dcl: nav.domContentLoadedEventEnd,
                            bytes: nav.transferSize};""");
            t = read;
            if (((Number) t.get("fcp")).doubleValue() >= 0) {
                break;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return new Timing(view, ((Number) t.get("fcp")).doubleValue(), ((Number) t.get("dcl")).doubleValue(),
                ((Number) t.get("bytes")).longValue());
    }

    private static final java.time.Duration PAINT_RECORDED = java.time.Duration.ofSeconds(10);

    /** Kent's placements of children in Manchester, each its own child (local id), through the gateway's pipeline. */
    private static void fillMailbox() throws Exception {
        SyntheticPlacements.Spec s = SyntheticPlacements.EVERY_FIELD.get(0);
        AtomicLong next = new AtomicLong();
        ExecutorService submitters = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                work.add(submitters.submit(() -> {
                    for (long i = next.getAndIncrement(); i < NOTICES; i = next.getAndIncrement()) {
                        SyntheticPlacements.Spec one = new SyntheticPlacements.Spec(s.sourceReference() + "-paint-" + i,
                                s.localId() + "P" + i, s.nhsNumber(), s.upn(), s.givenName(), s.familyName(), s.sex(),
                                s.dateOfBirth(), s.ethnicity(), s.homePostcode(), s.startDate(),
                                s.reasonForNewEpisode(), s.legalStatus(), s.categoryOfNeed(), s.type(), s.provider(),
                                s.postcode(), s.providerUrn(), s.reasonForChange(), s.risks(), s.emergency());
                        fixture.gateway().submit(SyntheticPlacements.notice(fixture.gateway().reference(), one));
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            submitters.shutdownNow();
        }
    }

    @Test
    void eachViewOfAMailboxOfTenThousandNoticesIsPagedAndItsFirstPaintReported() throws Exception {
        Instant started = Instant.now();
        fillMailbox();
        Duration filling = Duration.between(started, Instant.now());
        assertThat(fixture.gateway().mailboxes().list(GMP.id(), NOTICES + 1)).hasSizeGreaterThanOrEqualTo(NOTICES);

        List<Timing> timings = new ArrayList<>();
        try (ChromiumBrowser browser = fixture.browser()) {
            WebDriver driver = browser.driver();
            driver.get(fixture.origin() + "/inbox");
            fixture.signIn(driver, "kiran.holt");
            driver.get(fixture.origin() + "/inbox"); // a load of its own, not the sign-in's redirect
            assertThat(heading(driver)).isEqualTo("Inbox");
            timings.add(timing(driver, "inbox, newest 25 of 10,000"));
            assertThat(driver.findElements(By.cssSelector("a[href^='/inbox/']"))).hasSize(PAGE);
            String notice = driver.findElement(By.cssSelector("a[href^='/inbox/']")).getAttribute("href");

            ConsoleFixture.toNextPage(driver, By.cssSelector("a[href^='/inbox?before=']"));
            assertThat(heading(driver)).isEqualTo("Inbox");
            timings.add(timing(driver, "inbox, second page"));
            assertThat(driver.findElements(By.cssSelector("a[href^='/inbox/']"))).hasSize(PAGE);

            driver.get(notice);
            assertThat(heading(driver)).isEqualTo("Placement notification");
            timings.add(timing(driver, "a notice (audited reading)"));

            driver.get(fixture.origin() + "/missing");
            assertThat(heading(driver)).isEqualTo("Missing children");
            timings.add(timing(driver, "missing-children board"));
            browser.screenshot("console-first-paint-missing-board");
        }

        StringBuilder report = new StringBuilder(String.format("%d notices put through the pipeline in %d s%n",
                NOTICES, filling.toSeconds()));
        report.append(String.format("%-34s %8s %8s %9s%n", "view", "FCP ms", "DCL ms", "bytes"));
        timings.forEach(t -> report.append(t.line()).append('\n'));
        System.out.print(report);
        Path kept = ChromiumBrowser.screenshotDirectory().resolve("first-paint.txt");
        try {
            Files.createDirectories(kept.getParent());
            Files.writeString(kept, report);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(timings).allSatisfy(t -> assertThat(t.firstContentfulPaint())
                .as("the browser reported a first paint for " + t.view()).isPositive());
    }
}
