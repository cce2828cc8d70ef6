package org.bridgeway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.bridgeway.intake.JsonIntakeResult;
import org.bridgeway.intake.PlacementJsonIntake;
import org.bridgeway.pipeline.NoticeAdmission;
import org.bridgeway.testing.GatewayFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlacementInFlightTest {
    @TempDir
    Path data;

    @Test
    void theSameNoticeWhileTheFirstIsStillInFlightGets409AndIsDeliveredOnlyByTheFirst() throws Exception {
        try (GatewayFixture fixture = GatewayFixture.startWithHttp(data)) {
            byte[] body = Files.readAllBytes(GatewayFixture.samples().resolve("placements")
                    .resolve("01-emergency-placement-manchester.json"));
            // the first submission is admitted and still on its way (its claim is pending)
            var first = ((JsonIntakeResult.Accepted) new PlacementJsonIntake(fixture.gateway().reference(),
                    () -> UUID.randomUUID().toString()).parse(body)).notice();
            NoticeAdmission admission = fixture.gateway().camel().getRegistry()
                    .lookupByNameAndType("noticeAdmission", NoticeAdmission.class);
            var inFlight = admission.admit(first);

            HttpResponse<String> second = new ApiClient(fixture.apiBase())
                    .post("/placements", "local-authority:886", "application/json", body);
            assertThat(second.statusCode()).isEqualTo(409);
            assertThat(second.headers().firstValue("Retry-After")).isPresent();
            assertThat(second.body()).contains(first.exchangeId()).doesNotContain("9990000018");
            assertThat(fixture.gateway().mailboxes().count("police:greater-manchester")).isZero();

            // once the first is delivered, the same notice is a duplicate of it
            admission.delivered(inFlight);
            HttpResponse<String> third = new ApiClient(fixture.apiBase())
                    .post("/placements", "local-authority:886", "application/json", body);
            assertThat(third.statusCode()).isEqualTo(202);
            assertThat(third.body()).contains(first.exchangeId()).contains("\"duplicate\":true");
        }
    }
}
