package org.bridgeway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.bridgeway.delivery.Mailboxes;
import org.bridgeway.pipeline.Outcome;
import org.bridgeway.testing.GatewayFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A return dropped as a folder in the inbox, completed by the READY marker, with the watcher running. */
class Ssda903InboxTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final List<String> MAILBOXES = List.of("police:greater-manchester", "local-authority:352",
            "health:LAC352", "police:west-yorkshire", "local-authority:383", "health:LAC383");

    @TempDir
    Path data;

    private final Path sampleReturn = GatewayFixture.samples().resolve("ssda903").resolve("kent-2025");

    @Test
    void aCompleteReturnIsDeliveredQuarantinedMovedOutAndNotSentAgainWhenDroppedAgain() throws Exception {
        try (GatewayFixture fixture = GatewayFixture.start(GatewayFixture.config(data).withInbox(true))) {
            Path inbox = fixture.gateway().config().inbox();
            Path processed = inbox.resolve(".processed");

            // Not complete without READY: left alone however long it waits.
            Path incomplete = drop(inbox.resolve("kent-return-0"), false);

            drop(inbox.resolve("kent-return-1"), true);
            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(fixture.outcomes(Outcome.Delivered.class)).hasSize(GatewayFixture.SAMPLE_RETURN_DELIVERIES);
                assertThat(inbox.resolve("kent-return-1")).doesNotExist();
                assertThat(children(processed)).anyMatch(n -> n.startsWith("kent-return-1"));
            });
            Path moved = processed.resolve(children(processed).stream()
                    .filter(n -> n.startsWith("kent-return-1")).findFirst().orElseThrow());
            assertThat(children(moved)).contains("episodes.csv", "header.csv", "READY");

            Path reports = data.resolve("quarantine").resolve("ssda903");
            assertThat(children(reports)).hasSize(1);
            Path report = reports.resolve(children(reports).get(0));
            String reportText = Files.readString(report, StandardCharsets.UTF_8);
            JsonNode rowErrors = new ObjectMapper().readTree(reportText).path("rowErrors");
            assertThat(rowErrors).hasSize(1);
            assertThat(rowErrors.get(0).path("file").asText()).isEqualTo("episodes.csv");
            assertThat(rowErrors.get(0).path("row").asInt()).isEqualTo(12);
            assertThat(rowErrors.get(0).path("column").asText()).isEqualTo("URN");
            assertThat(rowErrors.get(0).path("rule").asText()).isEqualTo("ssda903.urn.format");
            // episodes.csv row 12: KT25008,27/02/2025,T,C2,N5,U4,PR4,,,,ME15 7QA,LS6 3AB,SC2281
            for (String value : List.of("KT25008", "27/02/2025", "2025-02-27", "ME15 7QA", "LS6 3AB", "SC2281")) {
                assertThat(reportText).as("the report repeats a value of the rejected row").doesNotContain(value);
            }

            List<Integer> counts = counts(fixture.gateway().mailboxes());
            assertThat(counts).containsExactly(0, 1, 1, 0, 1, 1); // no risk in the return: no force told
            int outcomes = fixture.outcomes().size();

            drop(inbox.resolve("kent-return-2"), true);
            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(inbox.resolve("kent-return-2")).doesNotExist();
                assertThat(children(processed)).anyMatch(n -> n.startsWith("kent-return-2"));
            });
            assertThat(fixture.outcomes()).hasSize(outcomes);
            assertThat(counts(fixture.gateway().mailboxes())).isEqualTo(counts);
            assertThat(children(inbox.resolve(".failed"))).isEmpty();

            assertThat(children(incomplete)).containsExactlyInAnyOrder("episodes.csv", "header.csv");
            assertThat(children(processed)).noneMatch(n -> n.startsWith("kent-return-0"));
            assertThat(fixture.gateway().auditLog().verify().valid()).isTrue();
        }
    }

    /** Copies the sample return into a new inbox folder; the READY marker, if any, is written last. */
    private Path drop(Path folder, boolean ready) throws IOException {
        Files.createDirectories(folder);
        try (Stream<Path> files = Files.list(sampleReturn)) {
            for (Path csv : files.filter(p -> p.toString().endsWith(".csv")).toList()) {
                Files.copy(csv, folder.resolve(csv.getFileName()));
            }
        }
        if (ready) {
            Files.writeString(folder.resolve(Ssda903Intake.READY_MARKER), "");
        }
        return folder;
    }

    /** The names in a folder, sorted; none when it does not exist. */
    static List<String> children(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> listing = Files.list(folder)) {
            return listing.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<Integer> counts(Mailboxes mailboxes) {
        return MAILBOXES.stream().map(mailboxes::count).toList();
    }
}
