package org.bridgeway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.TlsGatewayFixture;
import org.bridgeway.testing.TestPki;
import org.bridgeway.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An audit log that cannot take an append — here another node holds the sequencer row — never lets a disclosure
 * through: the exchange is retried with back-off, and if the log stays unavailable it fails with nothing in any
 * mailbox, the notice free to be sent again.
 */
class AuditOutageTest {
    private static final String KENT = "local-authority:886";
    private static final String GMP = "police:greater-manchester";

    @TempDir
    Path data;

    private GatewayFixture fixture;
    private String notice;
    private final HttpClient http = TestPki.httpClient(KENT);

    @BeforeEach
    void start() throws Exception {
        fixture = TlsGatewayFixture.startWithHttp(data);
        notice = Files.readString(GatewayFixture.samples().resolve("placements")
                .resolve("01-emergency-placement-manchester.json"), StandardCharsets.UTF_8);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void aShortOutageIsRiddenOutByRetriesAndNothingIsSentBeforeTheAuditRecord() throws Exception {
        try (Connection blocker = holdSequencer()) {
            CompletableFuture<HttpResponse<String>> submitted = submit();
            Thread.sleep(1500);
            assertThat(submitted).isNotDone();
            assertThat(fixture.gateway().mailboxes().list(GMP, 10)).isEmpty();
            blocker.commit(); // the other node finishes
            HttpResponse<String> response = submitted.get(60, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        }
        assertThat(fixture.gateway().mailboxes().list(GMP, 10)).hasSize(1);
        assertThat(fixture.gateway().auditLog().verify().valid()).isTrue();
    }

    @Test
    void aLongOutageFailsTheExchangeWithNothingDisclosedAndTheNoticeCanBeSentAgain() throws Exception {
        long entriesBefore = fixture.gateway().auditLog().size();
        try (Connection blocker = holdSequencer()) {
            HttpResponse<String> response = submit().get(120, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
            assertThat(response.body()).contains("not disclosed to anyone");
            blocker.rollback();
        }
        assertThat(fixture.gateway().mailboxes().list(GMP, 10)).isEmpty();
        assertThat(fixture.gateway().auditLog().size()).isEqualTo(entriesBefore);

        HttpResponse<String> again = submit().get(60, TimeUnit.SECONDS);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
        assertThat(again.body()).contains("\"duplicate\":false");
        assertThat(fixture.gateway().mailboxes().list(GMP, 10)).hasSize(1);
    }

    /** Another gateway's open append transaction: the sequencer row stays locked until it ends. */
    private Connection holdSequencer() throws Exception {
        Connection c = fixture.gateway().dataSource().getConnection();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("SELECT tree_size FROM audit_tree_state WHERE id = 1 FOR UPDATE")) {
            ps.executeQuery().close();
        }
        return c;
    }

    private CompletableFuture<HttpResponse<String>> submit() {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(fixture.apiBase() + "/placements"))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestTokens.serviceAccount(KENT).orElseThrow())
                .POST(HttpRequest.BodyPublishers.ofString(notice)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
