package org.bridgeway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.TlsGatewayFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same notice submitted several times at once (a client retrying a request it thinks was lost) races through the
 * pipeline: every submission is answered 202 with one and the same exchange id, and each recipient gets it once.
 */
class ConcurrentSubmissionsDeliveredOnceTest {
    private static final int SUBMISSIONS = 8;

    @TempDir
    Path data;

    @Test
    void theSameNoticeSubmittedConcurrentlyIsAcceptedOnceAndAnsweredWithOneExchangeId() throws Exception {
        try (GatewayFixture fixture = TlsGatewayFixture.startWithHttp(data)) {
            byte[] body = Files.readAllBytes(GatewayFixture.samples().resolve("placements")
                    .resolve("01-emergency-placement-manchester.json"));
            ApiClient api = new ApiClient(fixture.apiBase());
            ExecutorService clients = Executors.newFixedThreadPool(SUBMISSIONS);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            try {
                for (int i = 0; i < SUBMISSIONS; i++) {
                    Callable<HttpResponse<String>> submit = () ->
                            api.post("/placements", "local-authority:886", "application/json", body);
                    answers.add(clients.submit(submit));
                }
                List<String> exchangeIds = new ArrayList<>();
                int firsts = 0;
                for (Future<HttpResponse<String>> answer : answers) {
                    HttpResponse<String> r = answer.get();
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
                    exchangeIds.add(ApiClient.json(r).path("exchangeId").asText());
                    firsts += ApiClient.json(r).path("duplicate").asBoolean() ? 0 : 1;
                }
                assertThat(exchangeIds).hasSize(SUBMISSIONS).allMatch(exchangeIds.get(0)::equals);
                assertThat(firsts).isEqualTo(1);
                assertThat(fixture.gateway().mailboxes().count("police:greater-manchester")).isEqualTo(1);
                var audit = fixture.gateway().auditLog();
                assertThat(audit.entries(0, audit.size()))
                        .filteredOn(e -> "RECEIVED".equals(e.field("type"))).hasSize(1)
                        .allSatisfy(e -> assertThat(e.field("exchangeId")).isEqualTo(exchangeIds.get(0)));
            } finally {
                clients.shutdownNow();
            }
        }
    }
}
