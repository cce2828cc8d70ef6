package org.bridgeway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.bridgeway.pipeline.Outcome;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.TlsGatewayFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/v1/ssda903/returns}: a local authority uploads its return as a ZIP of CSV files and is answered
 * at once with the return's batch, which it polls ({@code GET /api/v1/ssda903/returns/{batchId}}) until done.
 */
class Ssda903UploadTest {
    private static final String KENT = "local-authority:886";
    private static final String RETURNS = "/ssda903/returns";
    private static final String ZIP = "application/zip";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path data;

    private GatewayFixture fixture;
    private ApiClient api;

    @BeforeEach
    void start() {
        fixture = TlsGatewayFixture.startWithHttp(data);
        api = new ApiClient(fixture.apiBase());
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void theUploadIsAnsweredWithABatchWhoseSummaryTheSenderReadsWhenDone() throws Exception {
        HttpResponse<String> r = api.post(RETURNS, KENT, ZIP, zip(sampleFiles()));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(ApiClient.contentType(r)).startsWith("application/json");
        JsonNode accepted = ApiClient.json(r);
        String batchId = accepted.path("batchId").asText();
        assertThat(batchId).isNotBlank();
        assertThat(accepted.path("alreadyProcessed").asBoolean()).isFalse();
        assertThat(r.headers().firstValue("Location")).contains("/api/v1/ssda903/returns/" + batchId);

        JsonNode batch = awaitDone(batchId);
        assertThat(batch.path("state").asText()).isEqualTo("done");
        assertThat(batch.path("responsibleAuthority").asText()).isEqualTo(KENT);
        assertThat(batch.path("rowsRead").asInt()).isEqualTo(19);
        assertThat(batch.path("rowsRejected").asInt()).isEqualTo(1);
        assertThat(batch.path("filesRefused").asInt()).isZero();
        assertThat(batch.path("notices").asInt()).isEqualTo(7);
        assertThat(batch.path("noticesSent").asInt()).isEqualTo(7);
        JsonNode summary = batch.path("summary");
        assertThat(summary.path("notices").asInt()).isEqualTo(7);
        assertThat(summary.path("notNotifiable").asInt()).isEqualTo(3);
        assertThat(summary.path("refusedFiles")).isEmpty();
        JsonNode rowErrors = summary.path("rowErrors");
        assertThat(rowErrors).hasSize(1);
        assertThat(rowErrors.get(0).path("file").asText()).isEqualTo("episodes.csv");
        assertThat(rowErrors.get(0).path("row").asInt()).isEqualTo(12);
        assertThat(rowErrors.get(0).path("column").asText()).isEqualTo("URN");
        assertThat(rowErrors.get(0).path("rule").asText()).isEqualTo("ssda903.urn.format");
        assertThat(summary.path("noticeTimings").path("p99Ms").asDouble()).isPositive();
        assertThat(r.body() + batch).doesNotContain("KT25008", "SC2281", "LS6 3AB", "14/02/2009", "Z886523112101");

        assertThat(fixture.outcomes(Outcome.Delivered.class)).hasSize(GatewayFixture.SAMPLE_RETURN_DELIVERIES);
        assertThat(fixture.gateway().mailboxes().count("local-authority:352")).isEqualTo(1);
    }

    @Test
    void theSameReturnUploadedAgainIsAnsweredWithItsEarlierBatchAndNothingIsSentTwice() throws Exception {
        byte[] upload = zip(sampleFiles());
        String first = ApiClient.json(api.post(RETURNS, KENT, ZIP, upload)).path("batchId").asText();
        awaitDone(first);
        int outcomes = fixture.outcomes().size();

        HttpResponse<String> again = api.post(RETURNS, KENT, ZIP, upload);

        assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
        JsonNode batch = ApiClient.json(again);
        assertThat(batch.path("alreadyProcessed").asBoolean()).isTrue();
        assertThat(batch.path("batchId").asText()).isEqualTo(first);
        assertThat(batch.path("state").asText()).isEqualTo("done");
        assertThat(batch.path("noticesSent").asInt()).isEqualTo(7);
        assertThat(fixture.outcomes()).hasSize(outcomes);
        assertThat(fixture.gateway().mailboxes().count("local-authority:352")).isEqualTo(1);
    }

    @Test
    void aFileThatIsNotPartOfAnSsda903ReturnIsRefusedAndTheRestIsStillSent() throws Exception {
        Map<String, byte[]> files = sampleFiles();
        files.put("school-census.csv", ("URN,LAESTAB,SchoolName\n118234,8864001,Hopwood Lane Primary School\n"
                + "118235,8864002,Marlow Heath Academy\n").getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> r = api.post(RETURNS, KENT, ZIP, zip(files));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode batch = awaitDone(ApiClient.json(r).path("batchId").asText());
        assertThat(batch.path("filesRefused").asInt()).isEqualTo(1);
        JsonNode summary = batch.path("summary");
        assertThat(summary.path("refusedFiles")).hasSize(1);
        assertThat(summary.path("refusedFiles").get(0).path("file").asText()).isEqualTo("school-census.csv");
        assertThat(summary.path("refusedFiles").get(0).path("rule").asText()).isEqualTo("ssda903.file-refused");
        assertThat(summary.path("refusedFiles").get(0).path("reason").asText()).isNotBlank();
        assertThat(summary.path("notices").asInt()).isEqualTo(7);
        assertThat(summary.path("rowErrors")).hasSize(1);
        assertThat(fixture.outcomes(Outcome.Delivered.class)).hasSize(GatewayFixture.SAMPLE_RETURN_DELIVERIES);
        assertThat(fixture.outcomes(Outcome.Rejected.class)).extracting(Outcome.Rejected::rule)
                .containsExactlyInAnyOrder("ssda903.urn.format", "ssda903.file-refused");
    }

    @Test
    void entryNamesReachingForFoldersAreRefusedByTheirRuleAndNothingIsSent() throws Exception {
        for (Map.Entry<String, String> hostile : Map.of("../../x/episodes.csv", "zip.entry-name.parent",
                "/srv/episodes.csv", "zip.entry-name.absolute", "return/episodes.csv", "zip.entry-name.folder",
                "C:\\episodes.csv", "zip.entry-name.drive").entrySet()) {
            Map<String, byte[]> files = sampleFiles();
            files.put(hostile.getKey(), files.remove("episodes.csv"));

            HttpResponse<String> r = api.post(RETURNS, KENT, ZIP, zip(files));

            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(ApiClient.contentType(r)).startsWith("application/problem+json");
            assertThat(ApiClient.json(r).path("rule").asText()).isEqualTo(hostile.getValue());
            assertThat(r.body()).doesNotContain("srv", "x/");
        }
        assertThat(fixture.outcomes()).isEmpty();
    }

    @Test
    void aBatchIsReadByItsSenderAndAnAuditorOnly() throws Exception {
        String batchId = ApiClient.json(api.post(RETURNS, KENT, ZIP, zip(sampleFiles()))).path("batchId").asText();
        awaitDone(batchId);

        HttpResponse<String> other = api.get(RETURNS + "/" + batchId, "local-authority:352");
        assertThat(other.statusCode()).as(other.body()).isEqualTo(403);
        assertThat(ApiClient.contentType(other)).startsWith("application/problem+json");
        HttpResponse<String> auditor = api.get(RETURNS + "/" + batchId, "local-authority-886",
                ApiClient.person("local-authority-886", "sam.whitfield"));
        assertThat(auditor.statusCode()).as(auditor.body()).isEqualTo(200);
        HttpResponse<String> unknown = api.get(RETURNS + "/" + UUID.randomUUID(), KENT);
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
        assertThat(ApiClient.contentType(unknown)).startsWith("application/problem+json");
        assertThat(api.get(RETURNS + "/" + batchId, "police:kent").statusCode()).isEqualTo(403);
    }

    @Test
    void aBatchOutlivesARestartOfTheGateway() throws Exception {
        String batchId = ApiClient.json(api.post(RETURNS, KENT, ZIP, zip(sampleFiles()))).path("batchId").asText();
        JsonNode before = awaitDone(batchId);
        fixture.close();
        fixture = TlsGatewayFixture.startWithHttp(data);
        api = new ApiClient(fixture.apiBase());

        HttpResponse<String> after = api.get(RETURNS + "/" + batchId, KENT);

        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
        assertThat(ApiClient.json(after)).isEqualTo(before);
    }

    @Test
    void aBodyThatIsNotAZipIsABadRequest() {
        HttpResponse<String> r = api.post(RETURNS, KENT, ZIP,
                "CHILD,DECOM\nKT1,01/01/2025\n".getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(ApiClient.contentType(r)).startsWith("application/problem+json");
        assertThat(ApiClient.json(r).path("detail").asText()).isNotBlank();
        assertThat(fixture.outcomes()).isEmpty();
    }

    @Test
    void aZipBombIsRefusedAndTheGatewayStillAnswers() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            zip.putNextEntry(new ZipEntry("episodes.csv"));
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 101; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        byte[] bomb = bytes.toByteArray();
        assertThat(bomb.length).isLessThan(1024 * 1024);

        HttpResponse<String> r = api.post(RETURNS, KENT, ZIP, bomb);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
        assertThat(ApiClient.contentType(r)).startsWith("application/problem+json");
        assertThat(fixture.outcomes()).isEmpty();

        HttpResponse<String> next = api.post(RETURNS, KENT, ZIP, zip(sampleFiles()));
        assertThat(next.statusCode()).as(next.body()).isEqualTo(202);
        assertThat(awaitDone(ApiClient.json(next).path("batchId").asText()).path("noticesSent").asInt()).isEqualTo(7);
    }

    @Test
    void onlyALocalAuthorityUploadsAReturn() throws Exception {
        HttpResponse<String> police = api.post(RETURNS, "police:kent", ZIP, zip(sampleFiles()));
        assertThat(police.statusCode()).as(police.body()).isEqualTo(403);
        assertThat(ApiClient.contentType(police)).startsWith("application/problem+json");
        assertThat(api.post(RETURNS, null, ZIP, zip(sampleFiles())).statusCode()).isEqualTo(401);
        assertThat(fixture.outcomes()).isEmpty();
    }

    /** Polls the batch as its sender would, until it is done; returns its last answer. */
    private JsonNode awaitDone(String batchId) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            HttpResponse<String> r = api.get(RETURNS + "/" + batchId, KENT);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            last[0] = ApiClient.json(r);
            assertThat(last[0].path("done").asBoolean()).as(r.body()).isTrue();
        });
        return last[0];
    }

    private static Map<String, byte[]> sampleFiles() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> listing = Files.list(GatewayFixture.samples().resolve("ssda903").resolve("kent-2025"))) {
            for (Path p : listing.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
                files.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    private static byte[] zip(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey()));
                zip.write(f.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
