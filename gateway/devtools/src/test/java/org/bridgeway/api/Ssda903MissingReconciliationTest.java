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
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.bridgeway.intake.reconciliation.MissingReconciliation;
import org.bridgeway.model.RiskLevel;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.SyntheticMissingEpisodes;
import org.bridgeway.testing.SyntheticMissingEpisodes.Child;
import org.bridgeway.testing.TlsGatewayFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SSDA903 Missing reconciliation on a running gateway: Kent's sample return (samples/ssda903/kent-2025) with a
 * Missing table is uploaded over mTLS, and Kent reads the report its batch links to, set beside the episodes the
 * gateway carried for its children; nobody else may.
 */
class Ssda903MissingReconciliationTest {
    private static final String KENT = "local-authority:886";
    private static final String MANCHESTER = "local-authority:352";
    private static final String RETURNS = "/ssda903/returns";
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");

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
    void theCouncilReadsTheReconciliationOfItsReturnByChildIdAndDates() throws Exception {
        LocalDate lastWeek = LocalDate.now(MissingReconciliation.ENGLAND).minusDays(7);
        String missing = "CHILD,DOB,MISSING,MIS_START,MIS_END\n"
                + "KT25001,14/02/2009,M," + DAY.format(lastWeek) + "," + DAY.format(lastWeek.plusDays(1)) + "\n"
                + "KT25002,03/09/2010,A," + DAY.format(lastWeek.plusDays(2)) + ",\n"
                + "KT25003,22/11/2013,Q," + DAY.format(lastWeek) + ",\n";
        String batchId = upload(missing);

        JsonNode batch = awaitDone(batchId);
        assertThat(batch.path("missingReconciliation").asText())
                .isEqualTo("/api/v1/ssda903/returns/" + batchId + "/missing-reconciliation");
        HttpResponse<String> r = api.get(RETURNS + "/" + batchId + "/missing-reconciliation", KENT);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode report = ApiClient.json(r);
        assertThat(report.path("batchId").asText()).isEqualTo(batchId);
        assertThat(report.path("responsibleAuthority").asText()).isEqualTo(KENT);
        assertThat(report.path("missingTable").asBoolean()).isTrue();
        // no episode was carried for Kent's children: both valid rows are episodes the gateway never carried
        assertThat(report.path("notCarried")).extracting(n -> n.path("child").asText() + " row "
                + n.path("row").asInt()).containsExactly("KT25001 row 2", "KT25002 row 3");
        assertThat(report.path("notCarried").get(0).path("start").asText()).isEqualTo(lastWeek.toString());
        assertThat(report.path("notInReturn")).isEmpty();
        assertThat(report.path("counts").path("unreadableRows").asInt()).isEqualTo(1);
        assertThat(report.path("unreadableRows").get(0).path("rule").asText()).isEqualTo("ssda903.missing.code");
        assertThat(report.path("periodEnd").asText()).isEqualTo(LocalDate.now(MissingReconciliation.ENGLAND)
                .toString());
        assertThat(r.body()).as("no name or date of birth").doesNotContain("14/02/2009", "2009-02-14");
        // the Missing table changes nothing of the placements the return sends
        assertThat(batch.path("noticesSent").asInt()).isEqualTo(7);
        assertThat(batch.path("summary").path("rowErrors")).hasSize(1);
    }

    @Test
    void theEpisodesTheForceReportedAreSetBesideTheReturnsRows() throws Exception {
        // Greater Manchester Police report three of Kent's looked-after children missing on 1 March 2026
        Child agreeing = new Child("GMP/26/REC1", "KT25001");
        Child open = new Child("GMP/26/REC2", "KT25002");
        Child laterFound = new Child("GMP/26/REC3", "KT25003");
        for (Child child : List.of(agreeing, open, laterFound)) {
            fixture.gateway().submit(SyntheticMissingEpisodes.report(child, RiskLevel.MEDIUM));
        }
        // and a Kent child missing from home, who is not looked after and so in no SSDA903 return
        fixture.gateway().submit(SyntheticMissingEpisodes.reportFromHome(new Child("GMP/26/HOME1", "KT25009")));
        OffsetDateTime march2 = OffsetDateTime.parse("2026-03-02T10:00:00Z");
        fixture.gateway().submit(SyntheticMissingEpisodes.found(agreeing, march2, march2.plusHours(1)));
        OffsetDateTime march4 = OffsetDateTime.parse("2026-03-04T09:00:00Z");
        fixture.gateway().submit(SyntheticMissingEpisodes.found(laterFound, march4, march4.plusHours(1)));
        // Kent's 2025-26 return: the first as the force had it, the third ending a day early, and one the force never
        // reported (away from placement, whereabouts known); the second is missing from it
        String batchId = upload("CHILD,DOB,MISSING,MIS_START,MIS_END\n"
                + "KT25001,14/02/2009,M,01/03/2026,02/03/2026\n"
                + "KT25003,22/11/2013,M,01/03/2026,03/03/2026\n"
                + "KT25004,07/05/2008,A,10/03/2026,11/03/2026\n");
        awaitDone(batchId);

        JsonNode report = ApiClient.json(api.get(RETURNS + "/" + batchId + "/missing-reconciliation", KENT));

        assertThat(report.path("periodStart").asText()).isEqualTo("2025-04-01");
        assertThat(report.path("periodEnd").asText()).isEqualTo("2026-03-31");
        assertThat(report.path("counts").path("agreeing").asInt()).isEqualTo(1);
        assertThat(report.path("notInReturn")).extracting(n -> n.path("child").asText() + " " + n.path("start").asText()
                + " " + n.path("end").asText()).containsExactly("KT25002 2026-03-01 null");
        assertThat(report.path("notInReturn").get(0).path("episodeId").asText()).startsWith("ME-");
        assertThat(report.path("notCarried")).extracting(n -> n.path("child").asText() + " row " + n.path("row").asInt())
                .containsExactly("KT25004 row 4");
        JsonNode disagreeing = report.path("disagreeing").get(0);
        assertThat(disagreeing.path("child").asText()).isEqualTo("KT25003");
        assertThat(disagreeing.path("differences")).extracting(JsonNode::asText).containsExactly("end");
        assertThat(disagreeing.path("inReturn").path("end").asText()).isEqualTo("2026-03-03");
        assertThat(disagreeing.path("carried").path("end").asText()).isEqualTo("2026-03-04");
        assertThat(report.toString()).as("no name, NHS number or police reference").doesNotContain("Rowan",
                "Testbury", "9990000018", "GMP/26");
    }

    @Test
    void anotherAuthorityIsRefusedTheReportAndAnUnknownBatchIsNotFound() throws Exception {
        String batchId = upload("CHILD,DOB,MISSING,MIS_START,MIS_END\n");
        awaitDone(batchId);

        HttpResponse<String> manchester = api.get(RETURNS + "/" + batchId + "/missing-reconciliation", MANCHESTER);
        assertThat(manchester.statusCode()).as(manchester.body()).isEqualTo(403);
        assertThat(api.get(RETURNS + "/" + batchId + "/missing-reconciliation", "police:kent").statusCode())
                .isEqualTo(403);
        assertThat(api.get(RETURNS + "/no-such-batch/missing-reconciliation", KENT).statusCode()).isEqualTo(404);
        assertThat(api.get(RETURNS + "/" + batchId + "/missing-reconciliation", KENT).statusCode()).isEqualTo(200);
    }

    private String upload(String missingCsv) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> listing = Files.list(GatewayFixture.samples().resolve("ssda903").resolve("kent-2025"))) {
            for (Path p : listing.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
                files.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        files.put("missing.csv", missingCsv.getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = api.post(RETURNS, KENT, "application/zip", zip(files));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return ApiClient.json(r).path("batchId").asText();
    }

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
