package org.bridgeway.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.model.Notice;
import org.bridgeway.observability.Readiness;
import org.bridgeway.testing.GatewayFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The rehearsal at start carries synthetic notices through a scratch gateway of its own: the gateway that serves
 * reports itself not ready until it is over, and afterwards has audited, delivered and logged nothing of it, and
 * its data directory holds no trace of it.
 */
class RehearsalTest {
    /** Recipients of the synthetic mix: host councils and forces, health teams, the schools' councils and forces. */
    private static final List<String> SYNTHETIC_RECIPIENTS = List.of("police:kent", "local-authority:887",
            "health:LAC887", "local-authority:352", "police:greater-manchester", "local-authority:878",
            "police:devon-and-cornwall", "local-authority:886", "health:LAC886");

    @TempDir
    Path data;

    @Test
    void theServingGatewayIsNotReadyUntilTheRehearsalIsOverAndKeepsNothingOfIt() throws Exception {
        Path leftByACrash = data.resolve("rehearsal").resolve("db").resolve("bridgeway.mv.db");
        Files.createDirectories(leftByACrash.getParent());
        Files.writeString(leftByACrash, "a rehearsal cut off by kill -9");
        try (GatewayFixture fixture = GatewayFixture.start(data)) {
            Gateway gateway = fixture.gateway();
            long entries = gateway.auditLog().size();
            Rehearsal rehearsal = new Rehearsal(gateway.config(), Duration.ofSeconds(2));
            gateway.addHealthCheck(rehearsal);
            assertThat(warmUp(gateway).status().up()).isFalse();
            assertThat(warmUp(gateway).status().reason()).contains("rehearsing");

            Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            ListAppender<ILoggingEvent> log = new ListAppender<>();
            log.start();
            root.addAppender(log);
            Rehearsal.Report report;
            try {
                report = rehearsal.run();
            } finally {
                root.detachAppender(log);
            }

            assertThat(report.notices()).as(report.describe()).isGreaterThanOrEqualTo(Rehearsal.ROUND);
            assertThat(report.outcome().rounds()).isNotEmpty();
            assertThat(report.describe()).contains("synthetic notices");
            assertThat(warmUp(gateway).status().up()).isTrue();
            assertThat(data.resolve("rehearsal")).doesNotExist();
            assertThat(gateway.auditLog().size()).as("the serving gateway's audit log").isEqualTo(entries);
            assertThat(fixture.outcomes()).as("nothing went down the serving gateway's pipeline").isEmpty();
            for (String recipient : SYNTHETIC_RECIPIENTS) {
                assertThat(gateway.mailboxes().list(recipient, 10)).as(recipient + "'s mailbox").isEmpty();
            }
            assertThat(log.list).filteredOn(e -> e.getThreadName().startsWith("bridgeway-rehearsal"))
                    .as("the rehearsal's routine lines are kept out of the log")
                    .allMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
        }
    }

    @Test
    void aGatewayStoppingBeforeItsRehearsalEndsItAtOnce() {
        try (GatewayFixture fixture = GatewayFixture.start(data)) {
            Rehearsal rehearsal = new Rehearsal(fixture.gateway().config(), Duration.ofSeconds(60));
            rehearsal.stop();

            Rehearsal.Report report = rehearsal.run();

            assertThat(report.notices()).isZero();
            assertThat(report.ended()).isEqualTo("stopped: the gateway is stopping");
            assertThat(rehearsal.check().up()).as("over, so the check no longer holds readiness back").isTrue();
            assertThat(data.resolve("rehearsal")).doesNotExist();
        }
    }

    @Test
    void everySyntheticDocumentIsAcceptedAndNoTwoAreOneNotice() {
        try (GatewayFixture fixture = GatewayFixture.start(data)) {
            SyntheticNotices synthetic = new SyntheticNotices(7);
            SyntheticNotices.Intakes intakes = SyntheticNotices.Intakes.of(fixture.gateway());
            Set<String> kinds = new HashSet<>();
            Set<String> keys = new HashSet<>();
            for (int batch = 0; batch < 2; batch++) {
                for (SyntheticNotices.Document document : synthetic.documents(40, "test")) {
                    Notice notice = intakes.accepted(document);
                    kinds.add(document.kind());
                    assertThat(keys.add(notice.idempotencyKey())).as("a new notice: " + notice.idempotencyKey())
                            .isTrue();
                }
            }
            for (SyntheticNotices.Document document : synthetic.placements(10, "test")) {
                assertThat(document.kind()).isEqualTo(SyntheticNotices.PLACEMENT);
                assertThat(keys.add(intakes.accepted(document).idempotencyKey())).isTrue();
            }
            assertThat(kinds).containsExactlyInAnyOrder(SyntheticNotices.PLACEMENT, SyntheticNotices.EXCLUSION,
                    SyntheticNotices.MISSING);
        }
    }

    private static Readiness.Result warmUp(Gateway gateway) {
        return gateway.readiness().run().stream().filter(r -> r.name().equals(Rehearsal.NAME)).findFirst()
                .orElseThrow();
    }
}
