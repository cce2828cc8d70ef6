package org.bridgeway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.bridgeway.intake.Ssda903InboxTest.children;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bridgeway.pipeline.Outcome;
import org.bridgeway.testing.GatewayFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inbox reads only what was dropped in it: a return folder that is a symbolic link, a CSV file that is one, a hard
 * link to a file kept elsewhere, or a READY marker that is a link is refused by its rule, in the quarantine report and
 * the audit log, and nothing read through it is shared. Real links, in a real inbox, with the watcher running.
 */
class InboxNeverFollowsLinksTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;
    /** Outside the inbox: where a link would lead. */
    @TempDir
    Path elsewhere;

    private final Path sampleReturn = GatewayFixture.samples().resolve("ssda903").resolve("kent-2025");
    private GatewayFixture fixture;
    private Path inbox;

    @BeforeEach
    void start() {
        fixture = GatewayFixture.start(GatewayFixture.config(data).withInbox(true));
        inbox = fixture.gateway().config().inbox();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void aReturnFolderThatIsASymbolicLinkIsRefusedWholeAndNothingBehindItIsRead() throws Exception {
        Path outside = copyOfSample(elsewhere.resolve("kent-return"));
        Files.writeString(outside.resolve(Ssda903Intake.READY_MARKER), "");
        Files.createDirectories(inbox);
        Files.createSymbolicLink(inbox.resolve("linked-return"), outside);

        JsonNode report = awaitReport();

        assertThat(refusedRules(report)).containsExactly("inbox.symbolic-link");
        assertThat(report.path("rowErrors")).isEmpty();
        assertThat(fixture.outcomes(Outcome.Delivered.class)).isEmpty();
        assertThat(fixture.outcomes(Outcome.Rejected.class)).extracting(Outcome.Rejected::rule)
                .containsExactly("inbox.symbolic-link");
        // the link itself was moved aside, what it pointed to is untouched
        await().atMost(PATIENCE).until(() -> !Files.exists(inbox.resolve("linked-return"), LinkOption.NOFOLLOW_LINKS));
        assertThat(children(inbox.resolve(".failed"))).singleElement()
                .satisfies(n -> assertThat(Files.isSymbolicLink(inbox.resolve(".failed").resolve(n))).isTrue());
        assertThat(children(outside)).containsExactlyInAnyOrder("episodes.csv", "header.csv", "READY");
        assertThat(fixture.gateway().auditLog().verify().valid()).isTrue();
    }

    @Test
    void aCsvFileThatLinksOutsideTheInboxIsRefusedAndItsRowsAreNotShared() throws Exception {
        Path outsideEpisodes = Files.copy(sampleReturn.resolve("episodes.csv"), elsewhere.resolve("episodes.csv"));
        Path folder = Files.createDirectories(inbox.resolve("kent-return"));
        Files.copy(sampleReturn.resolve("header.csv"), folder.resolve("header.csv"));
        Files.createSymbolicLink(folder.resolve("episodes.csv"), outsideEpisodes);
        Files.writeString(folder.resolve(Ssda903Intake.READY_MARKER), "");

        JsonNode report = awaitReport();

        assertThat(report.path("refusedFiles")).singleElement().satisfies(r -> {
            assertThat(r.path("file").asText()).isEqualTo("episodes.csv");
            assertThat(r.path("rule").asText()).isEqualTo("inbox.symbolic-link");
        });
        await().atMost(PATIENCE).until(() -> !Files.exists(folder));
        // the header was read; with the episodes refused, no placement (and so no notice) exists
        assertThat(fixture.outcomes(Outcome.Delivered.class)).isEmpty();
        assertThat(fixture.gateway().mailboxes().count("police:greater-manchester")).isZero();
    }

    @Test
    void aHardLinkToAFileKeptElsewhereIsRefused() throws Exception {
        Path outsideEpisodes = Files.copy(sampleReturn.resolve("episodes.csv"), elsewhere.resolve("episodes.csv"));
        Path folder = Files.createDirectories(inbox.resolve("kent-return"));
        Files.copy(sampleReturn.resolve("header.csv"), folder.resolve("header.csv"));
        try {
            Files.createLink(folder.resolve("episodes.csv"), outsideEpisodes);
        } catch (IOException | UnsupportedOperationException e) {
            // the temporary folders are on different file systems: make the second name inside the inbox instead
            Files.move(outsideEpisodes, folder.resolve("episodes.csv"));
            Files.createLink(data.resolve("episodes-elsewhere.csv"), folder.resolve("episodes.csv"));
        }
        Files.writeString(folder.resolve(Ssda903Intake.READY_MARKER), "");

        JsonNode report = awaitReport();

        assertThat(refusedRules(report)).containsExactly("inbox.hard-link");
        assertThat(fixture.outcomes(Outcome.Delivered.class)).isEmpty();
    }

    @Test
    void aReadyMarkerThatIsASymbolicLinkRefusesTheReturn() throws Exception {
        Path folder = copyOfSample(inbox.resolve("kent-return"));
        Path marker = Files.writeString(elsewhere.resolve("marker"), "");
        Files.createSymbolicLink(folder.resolve(Ssda903Intake.READY_MARKER), marker);

        JsonNode report = awaitReport();

        assertThat(refusedRules(report)).containsExactly("inbox.symbolic-link");
        assertThat(fixture.outcomes(Outcome.Delivered.class)).isEmpty();
        await().atMost(PATIENCE).until(() -> !Files.exists(folder));
        assertThat(children(inbox.resolve(".failed"))).hasSize(1);
    }

    @Test
    void theSameReturnDroppedAsRealFilesIsDelivered() throws Exception {
        Path folder = copyOfSample(inbox.resolve("kent-return"));
        Files.writeString(folder.resolve(Ssda903Intake.READY_MARKER), "");

        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(fixture.outcomes(Outcome.Delivered.class)).hasSize(GatewayFixture.SAMPLE_RETURN_DELIVERIES));
        assertThat(fixture.outcomes(Outcome.Rejected.class)).extracting(Outcome.Rejected::rule)
                .containsExactly("ssda903.urn.format");
    }

    private JsonNode awaitReport() throws IOException {
        Path reports = data.resolve("quarantine").resolve("ssda903");
        await().atMost(PATIENCE).until(() -> children(reports).size() == 1);
        return JSON.readTree(reports.resolve(children(reports).get(0)).toFile());
    }

    private static List<String> refusedRules(JsonNode report) {
        List<String> rules = new ArrayList<>();
        report.path("refusedFiles").forEach(r -> rules.add(r.path("rule").asText()));
        return rules;
    }

    private Path copyOfSample(Path folder) throws IOException {
        Files.createDirectories(folder);
        try (Stream<Path> files = Files.list(sampleReturn)) {
            for (Path csv : files.filter(p -> p.toString().endsWith(".csv")).toList()) {
                Files.copy(csv, folder.resolve(csv.getFileName()));
            }
        }
        return folder;
    }
}
