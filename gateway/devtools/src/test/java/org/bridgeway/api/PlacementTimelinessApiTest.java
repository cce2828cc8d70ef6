package org.bridgeway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.TlsGatewayFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/placements/timeliness} through the real gateway, with real tokens: Kent's notices sent today
 * (a planned placement starting next month, an emergency one starting today, both on time, and one for a
 * placement that began in January 2025, more than ten working days late) come back as Kent's distribution, to
 * Kent and to an auditor; another authority, Kent's emergency duty team and a police force are refused, and bad
 * periods are refused with the reason.
 */
class PlacementTimelinessApiTest {
    private static final String KENT = "local-authority:886";
    private static final String MANCHESTER = "local-authority:352";
    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Europe/London"));

    @TempDir
    static Path data;
    private static GatewayFixture fixture;
    private static ApiClient api;

    @BeforeAll
    static void startAndSubmit() throws Exception {
        fixture = TlsGatewayFixture.startWithHttp(data);
        api = new ApiClient(fixture.apiBase());
        submit("timeliness/planned", TODAY.plusDays(30), false);
        submit("timeliness/emergency", TODAY, true);
        submit("timeliness/long-ago", LocalDate.parse("2025-01-06"), false);
    }

    private static void submit(String reference, LocalDate start, boolean emergency) throws Exception {
        ObjectNode doc = (ObjectNode) ApiClient.JSON.readTree(SampleSubmissions.kentPlacement(reference));
        ObjectNode placement = (ObjectNode) doc.get("placement");
        placement.put("startDate", start.toString());
        placement.put("emergency", emergency);
        HttpResponse<String> r = api.postJson("/placements", KENT, ApiClient.JSON.writeValueAsString(doc));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void theAuthorityReadsItsOwnDistributionAndNothingAboutAChild() {
        HttpResponse<String> r = api.get(period(""), KENT);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode report = ApiClient.json(r);
        assertThat(report.path("placingAuthority").asText()).isEqualTo("886");
        assertThat(report.path("total").toString()).isEqualTo("{\"notices\":3,\"onTime\":2,\"late\":1,"
                + "\"lateByWorkingDays\":{\"1\":0,\"2-5\":0,\"6-10\":0,\"11+\":1}}");
        assertThat(report.path("groups").findValuesAsText("source")).containsOnly("CASE_SYSTEM");
        // the sample child's identifiers and name never appear in a report
        assertThat(r.body()).doesNotContain("KT40211", "9990000018", "Riley", "Sampleton", "M13 9PL");
    }

    @Test
    void anAuditorOfAnyOrganisationReadsAnyAuthoritys() {
        HttpResponse<String> r = api.get(period("placingAuthority=886&"), KENT, ApiClient.person(KENT,
                "sam.whitfield"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(ApiClient.json(r).path("total").path("notices").asInt()).isEqualTo(3);
    }

    @Test
    void anotherAuthorityReadsOnlyItsOwn() {
        Optional<String> dpo = ApiClient.person(MANCHESTER, "ruth.adeyemi");

        HttpResponse<String> kents = api.get(period("placingAuthority=886&"), MANCHESTER, dpo);
        HttpResponse<String> own = api.get(period(""), MANCHESTER, dpo);

        assertThat(kents.statusCode()).as(kents.body()).isEqualTo(403);
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(ApiClient.json(own).path("placingAuthority").asText()).isEqualTo("352");
        assertThat(ApiClient.json(own).path("total").path("notices").asInt()).isZero();
    }

    @Test
    void theEmergencyDutyTeamAndAPoliceForceAreRefused() {
        HttpResponse<String> edt = api.get(period("placingAuthority=886&"), "local-authority-886-edt",
                ApiClient.person("local-authority-886-edt", "jordan.ellis"));
        HttpResponse<String> police = api.get(period("placingAuthority=886&"), "police:kent");

        assertThat(edt.statusCode()).as(edt.body()).isEqualTo(403);
        assertThat(police.statusCode()).as(police.body()).isEqualTo(403);
    }

    @Test
    void aBadPeriodOrAuthorityIsRefusedWithTheReason() {
        HttpResponse<String> backwards = api.get("/placements/timeliness?from=2026-03-31&to=2026-03-01", KENT);
        HttpResponse<String> missing = api.get("/placements/timeliness?from=2026-03-01", KENT);
        HttpResponse<String> notADate = api.get("/placements/timeliness?from=2026-03-01&to=March", KENT);
        HttpResponse<String> notAnAuthority = api.get(period("placingAuthority=999&"), KENT,
                ApiClient.person(KENT, "sam.whitfield"));

        assertThat(backwards.statusCode()).isEqualTo(400);
        assertThat(ApiClient.json(backwards).path("detail").asText()).contains("'to' must be on or after 'from'");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(notADate.statusCode()).isEqualTo(400);
        assertThat(ApiClient.json(notADate).path("detail").asText()).contains("'from' and 'to' are required");
        assertThat(notAnAuthority.statusCode()).isEqualTo(400);
        assertThat(ApiClient.json(notAnAuthority).path("detail").asText()).contains("not a DfE local authority");
    }

    private static String period(String authority) {
        return "/placements/timeliness?" + authority + "from=" + TODAY.minusDays(1) + "&to=" + TODAY.plusDays(1);
    }
}
