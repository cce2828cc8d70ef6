package org.bridgeway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.bridgeway.handover.report.HandoverAuditTrail;
import org.bridgeway.testing.AdjustableClock;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.TlsGatewayFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/custody-handovers/report} through the real gateway, with real tokens, over a known audit trail
 * (HandoverAuditTrail, appended to the gateway's own log): a force reads its own figures, an authority (its emergency
 * duty team too) its own, the auditor anyone's; another's figures and a school are refused, and so is a bad period.
 */
class CustodyHandoverReportApiTest {
    private static final String KENT_POLICE = "police:kent";
    private static final String KENT = "local-authority:886";
    private static final String DAY = "?from=2026-12-04&to=2026-12-05";

    @TempDir
    static Path data;
    private static GatewayFixture fixture;
    private static ApiClient api;

    @BeforeAll
    static void startAndRecord() {
        AdjustableClock clock = new AdjustableClock(Instant.now());
        fixture = GatewayFixture.start(TlsGatewayFixture.withTokens(TlsGatewayFixture.withTlsApi(
                GatewayFixture.config(data))), clock);
        api = new ApiClient(fixture.apiBase());
        // the figures are timed by the audit log's own clock: it records each step of the trail at its time, then
        // comes back to now for the callers' tokens
        new HandoverAuditTrail(fixture.gateway().auditLog(), clock).append();
        clock.advance(Duration.between(clock.instant(), Instant.now()));
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aForceReadsItsOwnFiguresAndNotAnAuthoritys() {
        HttpResponse<String> own = api.get("/custody-handovers/report" + DAY, KENT_POLICE);
        HttpResponse<String> authority = api.get("/custody-handovers/report" + DAY + "&authority=878", KENT_POLICE);

        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(ApiClient.json(own).path("force").asText()).isEqualTo("kent");
        assertThat(ApiClient.json(own).path("figures").path("requests").asInt()).isEqualTo(2);
        assertThat(authority.statusCode()).as(authority.body()).isEqualTo(403);
    }

    @Test
    void anAuthorityAndItsEmergencyDutyTeamReadItsOwn() {
        HttpResponse<String> own = api.get("/custody-handovers/report" + DAY, KENT);
        HttpResponse<String> edt = api.get("/custody-handovers/report" + DAY, "local-authority-886-edt",
                ApiClient.person("local-authority-886-edt", "jordan.ellis"));
        HttpResponse<String> devons = api.get("/custody-handovers/report" + DAY + "&authority=878", KENT);

        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        JsonNode figures = ApiClient.json(own).path("figures");
        assertThat(figures.path("requests").asInt()).isEqualTo(2);
        assertThat(figures.path("timeToAcknowledge").path("n").asInt()).isEqualTo(2);
        assertThat(edt.statusCode()).as(edt.body()).isEqualTo(200);
        assertThat(devons.statusCode()).as(devons.body()).isEqualTo(403);
    }

    @Test
    void theAuditorReadsEveryonesWithEachForceAndAuthority() {
        HttpResponse<String> r = api.get("/custody-handovers/report" + DAY, KENT, ApiClient.person(KENT,
                "sam.whitfield"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode report = ApiClient.json(r);
        assertThat(report.path("figures").path("requests").asInt()).isEqualTo(3);
        assertThat(report.path("figures").path("timeToAnswer").toString())
                .isEqualTo("{\"n\":3,\"median\":\"PT30M\",\"p90\":\"PT1H15M\"}");
        assertThat(report.path("byAuthority").has("879")).isTrue();
    }

    @Test
    void aSchoolAndABadPeriodAreRefused() {
        HttpResponse<String> school = api.get("/custody-handovers/report" + DAY, "school:118000");
        HttpResponse<String> backwards = api.get("/custody-handovers/report?from=2026-12-05&to=2026-12-04",
                KENT_POLICE);
        HttpResponse<String> missing = api.get("/custody-handovers/report?from=2026-12-05", KENT_POLICE);

        assertThat(school.statusCode()).isEqualTo(403);
        assertThat(backwards.statusCode()).isEqualTo(400);
        assertThat(ApiClient.json(backwards).path("detail").asText()).contains("'from' must be before 'to'");
        assertThat(missing.statusCode()).isEqualTo(400);
    }
}
