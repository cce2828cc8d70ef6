package org.bridgeway.delivery.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.bridgeway.delivery.push.PushTestSupport.GMP;
import static org.bridgeway.delivery.push.PushTestSupport.WEST_MIDLANDS;
import static org.bridgeway.delivery.push.PushTestSupport.auditEntries;
import static org.bridgeway.delivery.push.PushTestSupport.manchesterPlacements;
import static org.bridgeway.delivery.push.PushTestSupport.birminghamPlacements;
import static org.bridgeway.delivery.push.PushTestSupport.pushConfig;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.bridgeway.adapters.Digests;
import org.bridgeway.cli.CliRun;
import org.bridgeway.delivery.Delivery;
import org.bridgeway.delivery.soap.intake.NoticeType;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.model.PlacementNotice;
import org.bridgeway.pipeline.Dispatch;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.SyntheticPlacements;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SOAP push to a police force's records system, against a real CXF service on loopback standing in for Greater
 * Manchester Police's: notices arrive exactly once however the service misbehaves, and what the gateway gives up on
 * waits in the dead-letter queue with its reason until the command line replays it.
 */
class PolicePushDeliveryTest {
    @TempDir
    Path data;

    private final PoliceRecordsStandIn force = new PoliceRecordsStandIn();
    private final List<PushAttempt> attempts = Collections.synchronizedList(new ArrayList<>());
    private GatewayFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
        force.close();
    }

    private Gateway startGateway() {
        fixture = GatewayFixture.start(data);
        fixture.gateway().pushDelivery().push().addListener(attempts::add);
        return fixture.gateway();
    }

    @Test
    void eachNoticeIsPushedOnceWithItsIdempotencyKeyAndTheReceiptIsAudited() {
        force.start();
        pushConfig(data, force.address(), "30s", "200ms", "1s", 10);
        Gateway gateway = startGateway();

        Map<String, Dispatch> sent = new HashMap<>();
        for (PlacementNotice notice : manchesterPlacements(gateway, "normal", 4)) {
            sent.put(notice.idempotencyKey(), gateway.submit(notice));
        }
        // West Midlands Police is not in push-endpoints.yaml: it keeps pulling from its mailbox
        Dispatch pulled = gateway.submit(birminghamPlacements(gateway, "normal", 1).get(0));

        await().atMost(Duration.ofSeconds(30)).until(() -> force.appliedKeys().equals(sent.keySet()));
        assertThat(force.applications()).as("each applied once").hasSize(sent.size());
        await().atMost(Duration.ofSeconds(10)).until(() -> sent.values().stream()
                .allMatch(d -> auditEntries(gateway, d.exchangeId(), "PUSH_DELIVERED").size() == 1));

        for (Map.Entry<String, Dispatch> e : sent.entrySet()) {
            PoliceRecordsStandIn.Applied applied = force.applied().get(e.getKey());
            String disclosed = auditEntries(gateway, e.getValue().exchangeId(), "DISCLOSED").stream()
                    .filter(json -> json.contains(GMP)).findFirst().orElseThrow();
            String delivered = auditEntries(gateway, e.getValue().exchangeId(), "PUSH_DELIVERED").get(0);
            assertThat(applied.request().getExchangeId()).isEqualTo(e.getValue().exchangeId());
            assertThat(applied.request().getNoticeType()).isEqualTo(NoticeType.PLACEMENT_NOTIFICATION);
            assertThat(applied.request().getSenderOrganisation()).isEqualTo("local-authority:886");
            assertThat(applied.request().getRecipientOrganisation()).isEqualTo(GMP);
            assertThat(applied.request().getAttempt()).isEqualTo(1);
            assertThat(applied.request().getNotice().getMediaType()).startsWith("application/json");
            // the payload is the JSON the force's agreement permits: the same bytes the disclosure entry digests
            assertThat(disclosed).contains("\"payloadDigest\":\"" + Digests.sha256(applied.payload()) + "\"");
            assertThat(delivered).contains("\"receiptId\":\"" + applied.receiptId() + "\"")
                    .contains("\"status\":\"ACCEPTED\"")
                    .contains("\"payloadDigest\":\"" + Digests.sha256(applied.payload()) + "\"")
                    .contains("\"idempotencyKey\":\"" + e.getKey() + "\"");
            assertThat(new String(applied.payload(), StandardCharsets.UTF_8))
                    .contains(SyntheticPlacements.EVERY_FIELD.get(0).localId())
                    .doesNotContain(SyntheticPlacements.EVERY_FIELD.get(0).upn());
        }
        SyntheticPlacements.Spec child = SyntheticPlacements.EVERY_FIELD.get(0);
        List<String> pushEntries = sent.values().stream()
                .flatMap(d -> auditEntries(gateway, d.exchangeId(), "PUSH_DELIVERED").stream()).toList();
        assertThat(pushEntries).hasSize(sent.size()).allSatisfy(json -> assertThat(json).doesNotContain(
                child.givenName(), child.familyName(), child.nhsNumber(), child.upn(), child.localId(),
                child.dateOfBirth(), child.postcode(), child.homePostcode(), child.sourceReference()));
        assertThat(gateway.mailboxes().count(GMP)).as("a push force's notices do not wait in its pull mailbox").isZero();
        assertThat(gateway.mailboxes().list(WEST_MIDLANDS, 10)).extracting(m -> m.exchangeId())
                .containsExactly(pulled.exchangeId());
        assertThat(gateway.pushDelivery().deadLetters().list(java.util.Optional.empty()))
                .isEmpty();
        assertThat(gateway.auditLog().verify().valid()).isTrue();
    }

    @Test
    void whileTheForceIsDownNoticesWaitAndAreRetriedWithBackOffThenArriveExactlyOnce() {
        pushConfig(data, force.address(), "30s", "300ms", "2s", 50); // the force's service is not started: down
        Gateway gateway = startGateway();
        RetryPolicy retry = gateway.pushDelivery().endpoints().retry();
        Map<String, Dispatch> sent = new HashMap<>();
        for (PlacementNotice notice : manchesterPlacements(gateway, "down", 3)) {
            sent.put(notice.idempotencyKey(), gateway.submit(notice));
        }
        Set<String> messageIds = messageIds(gateway, sent.values());

        // every notice is tried again and again, each wait at least as long as the back-off says
        await().atMost(Duration.ofSeconds(60)).until(() -> messageIds.stream()
                .allMatch(id -> attemptsOf(id).size() >= 4));
        for (String id : messageIds) {
            List<PushAttempt> tried = attemptsOf(id);
            assertThat(tried).extracting(PushAttempt::result).containsOnly("CONNECTION_FAILED");
            for (int k = 1; k < tried.size(); k++) {
                Duration waited = Duration.between(tried.get(k - 1).finished(), tried.get(k).started());
                assertThat(waited).as("wait before attempt %d", k + 1)
                        .isGreaterThanOrEqualTo(retry.delayAfter(k).multipliedBy(9).dividedBy(10));
            }
        }
        assertThat(gateway.pushDelivery().deadLetters().list(java.util.Optional.empty())).isEmpty();

        force.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> force.appliedKeys().equals(sent.keySet()));
        await().atMost(Duration.ofSeconds(10)).until(() -> sent.values().stream()
                .allMatch(d -> auditEntries(gateway, d.exchangeId(), "PUSH_DELIVERED").size() == 1));
        assertThat(force.applications()).as("each notice applied once").hasSize(sent.size());
        assertThat(force.applied().values()).allSatisfy(a -> assertThat(a.request().getAttempt()).isGreaterThan(4));
        assertThat(gateway.pushDelivery().deadLetters().list(java.util.Optional.empty())).isEmpty();
    }

    @Test
    void anAnswerLostToSlownessIsAskedAgainWithTheSameKeyAndTheNoticeIsNotAppliedTwice() {
        force.start();
        force.slow(Duration.ofSeconds(3));
        pushConfig(data, force.address(), "1s", "300ms", "4s", 50);
        Gateway gateway = startGateway();
        Map<String, Dispatch> sent = new HashMap<>();
        for (PlacementNotice notice : manchesterPlacements(gateway, "slow", 3)) {
            sent.put(notice.idempotencyKey(), gateway.submit(notice));
        }
        Set<String> messageIds = messageIds(gateway, sent.values());

        // applied on the first call, but every answer comes after the gateway stopped waiting
        await().atMost(Duration.ofSeconds(60)).until(() -> force.appliedKeys().equals(sent.keySet())
                && messageIds.stream().allMatch(id -> attemptsOf(id).stream()
                .anyMatch(a -> a.result().equals("TIMED_OUT"))));
        force.slow(Duration.ZERO);

        await().atMost(Duration.ofSeconds(30)).until(() -> sent.values().stream()
                .allMatch(d -> auditEntries(gateway, d.exchangeId(), "PUSH_DELIVERED").size() == 1));
        assertThat(force.applications()).as("no notice applied twice").hasSize(sent.size());
        assertThat(force.duplicatesAnswered()).isGreaterThanOrEqualTo(sent.size());
        for (Map.Entry<String, Dispatch> e : sent.entrySet()) {
            assertThat(auditEntries(gateway, e.getValue().exchangeId(), "PUSH_DELIVERED").get(0))
                    .contains("\"status\":\"DUPLICATE\"")
                    .contains("\"receiptId\":\"" + force.applied().get(e.getKey()).receiptId() + "\"");
        }
        assertThat(force.calls()).extracting(c -> c.getIdempotencyKey()).containsAll(sent.keySet());
        assertThat(gateway.pushDelivery().deadLetters().list(java.util.Optional.empty())).isEmpty();
    }

    @Test
    void passingFaultsAreRetriedAndARejectionIsDeadLetteredWithItsReasonUntilReplayedFromTheCommandLine() {
        force.start();
        force.failFirstCallsOfEachNotice(PoliceRecordsStandIn.Failure.SERVER_ERROR,
                PoliceRecordsStandIn.Failure.INTAKE_UNAVAILABLE);
        pushConfig(data, force.address(), "30s", "200ms", "1s", 10);
        Gateway gateway = startGateway();
        List<PlacementNotice> notices = manchesterPlacements(gateway, "faults", 3);
        String rejectedKey = notices.get(1).idempotencyKey();
        force.reject(rejectedKey, "NOT_FOR_THIS_FORCE");
        Map<String, Dispatch> sent = new HashMap<>();
        notices.forEach(n -> sent.put(n.idempotencyKey(), gateway.submit(n)));
        Dispatch rejected = sent.get(rejectedKey);
        String rejectedMessage = messageIds(gateway, List.of(rejected)).iterator().next();

        Set<String> accepted = new java.util.HashSet<>(sent.keySet());
        accepted.remove(rejectedKey);
        await().atMost(Duration.ofSeconds(60)).until(() -> force.appliedKeys().equals(accepted)
                && gateway.pushDelivery().deadLetters().list(java.util.Optional.empty()).size() == 1);
        // a Server fault and the declared IntakeUnavailable fault were retried; the third call was taken
        assertThat(force.applied().values()).allSatisfy(a -> assertThat(a.request().getAttempt()).isEqualTo(3));
        assertThat(attemptsOf(rejectedMessage)).extracting(PushAttempt::result)
                .containsExactly("SERVER_FAULT", "INTAKE_UNAVAILABLE", "NOT_FOR_THIS_FORCE");

        DeadLetterQueue.DeadLetter letter = gateway.pushDelivery().deadLetters().list(java.util.Optional.of(GMP)).get(0);
        assertThat(letter.messageId()).isEqualTo(rejectedMessage);
        assertThat(letter.exchangeId()).isEqualTo(rejected.exchangeId());
        assertThat(letter.recipient()).isEqualTo(GMP);
        assertThat(letter.cause()).isEqualTo("REJECTED");
        assertThat(letter.reasonCode()).isEqualTo("NOT_FOR_THIS_FORCE");
        assertThat(letter.reason()).isEqualTo("this force cannot take the notice as sent");
        assertThat(letter.attempts()).isEqualTo(3);
        assertThat(letter.idempotencyKey()).isEqualTo(rejectedKey);
        String deadLettered = auditEntries(gateway, rejected.exchangeId(), "DEAD_LETTERED").get(0);
        assertThat(deadLettered).contains("\"cause\":\"REJECTED\"").contains("\"reasonCode\":\"NOT_FOR_THIS_FORCE\"")
                .contains("\"messageId\":\"" + rejectedMessage + "\"")
                .doesNotContain("this force cannot take"); // the force's own words stay out of the audit log
        assertThat(auditEntries(gateway, rejected.exchangeId(), "PUSH_DELIVERED")).isEmpty();
        fixture.close();
        fixture = null;

        CliRun listed = CliRun.of("deliveries", "dlq", "list", "--data", data.toString())
                .assertSucceeded();
        assertThat(listed.out()).contains("1 message(s)").contains(rejectedMessage).contains(GMP)
                .contains("REJECTED NOT_FOR_THIS_FORCE after 3 attempt(s)");
        force.stopRejecting(); // the force fixed its side
        CliRun replayed = CliRun.of("deliveries", "dlq", "replay", "--all", "--data",
                data.toString()).assertSucceeded();
        assertThat(replayed.out()).contains("replayed 1 message(s)").contains(rejectedMessage)
                .contains("-> push.police.greater-manchester");
        assertThat(CliRun.of("deliveries", "dlq", "list", "--data", data.toString()).assertSucceeded().out())
                .contains("no message in the push dead-letter queue");

        Gateway restarted = startGateway();
        await().atMost(Duration.ofSeconds(60)).until(() -> force.appliedKeys().equals(sent.keySet()));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                auditEntries(restarted, rejected.exchangeId(), "PUSH_DELIVERED").size() == 1);
        assertThat(force.applications()).as("each notice applied once").hasSize(sent.size());
        assertThat(force.applied().get(rejectedKey).request().getMessageId()).isEqualTo(rejectedMessage);
        assertThat(auditEntries(restarted, rejected.exchangeId(), "DEAD_LETTER_REPLAYED")).singleElement()
                .asString().contains("\"to\":\"push.police.greater-manchester\"");
        assertThat(restarted.pushDelivery().deadLetters().list(java.util.Optional.empty())).isEmpty();
        assertThat(restarted.auditLog().verify().valid()).as("the command line signed as the gateway does").isTrue();
    }

    @Test
    void whenEveryAttemptFailsTheNoticeIsDeadLetteredAndCanBeReplayedOneByOne() {
        pushConfig(data, force.address(), "30s", "100ms", "200ms", 3); // down throughout
        Gateway gateway = startGateway();
        List<Dispatch> sent = manchesterPlacements(gateway, "exhausted", 2).stream().map(gateway::submit).toList();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                gateway.pushDelivery().deadLetters().list(java.util.Optional.empty()).size() == 2);
        assertThat(gateway.pushDelivery().deadLetters().list(java.util.Optional.empty())).allSatisfy(l -> {
            assertThat(l.cause()).isEqualTo("RETRIES_EXHAUSTED");
            assertThat(l.reasonCode()).isEqualTo("CONNECTION_FAILED");
            assertThat(l.attempts()).isEqualTo(3);
            assertThat(l.reason()).startsWith("gave up after 3 attempts");
        });
        for (Dispatch d : sent) {
            assertThat(auditEntries(gateway, d.exchangeId(), "DEAD_LETTERED")).singleElement().asString()
                    .contains("\"cause\":\"RETRIES_EXHAUSTED\"").contains("\"reasonCode\":\"CONNECTION_FAILED\"");
        }
        String first = messageIds(gateway, List.of(sent.get(0))).iterator().next();
        String second = messageIds(gateway, List.of(sent.get(1))).iterator().next();
        fixture.close();
        fixture = null;

        assertThat(CliRun.of("deliveries", "dlq", "replay", "--force", "police:west-yorkshire", "--all",
                "--data", data.toString()).assertSucceeded().out()).contains("nothing replayed");
        assertThat(CliRun.of("deliveries", "dlq", "replay", "--force", GMP, "--message", first,
                "--data", data.toString()).assertSucceeded().out()).contains("replayed 1 message(s)").contains(first);
        assertThat(CliRun.of("deliveries", "dlq", "list", "--data", data.toString()).out())
                .contains(second).doesNotContain(first);
        assertThat(CliRun.of("deliveries", "dlq", "replay", "--message", first, "--data", data.toString())
                .exitCode()).as("already replayed").isEqualTo(1);
        assertThat(CliRun.of("deliveries", "dlq", "replay", "--force", GMP, "--all", "--data",
                data.toString()).assertSucceeded().out()).contains("replayed 1 message(s)").contains(second);

        force.start();
        Gateway restarted = startGateway();
        Set<String> keys = sent.stream().map(d -> d.notice().idempotencyKey()).collect(Collectors.toSet());
        await().atMost(Duration.ofSeconds(60)).until(() -> force.appliedKeys().equals(keys));
        assertThat(force.applications()).hasSize(2);
        assertThat(force.applied().values()).allSatisfy(a -> assertThat(a.request().getAttempt()).isEqualTo(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> sent.stream()
                .allMatch(d -> auditEntries(restarted, d.exchangeId(), "PUSH_DELIVERED").size() == 1));
    }

    @Test
    void movingToTheDeadLetterQueueAndAuditingItCommitTogether() throws Exception {
        pushConfig(data, force.address(), "30s", "200ms", "1s", 10); // down until the audit log is blocked
        Gateway gateway = startGateway();
        PlacementNotice notice = manchesterPlacements(gateway, "atomic", 1).get(0);
        Dispatch sent = gateway.submit(notice);
        String message = messageIds(gateway, List.of(sent)).iterator().next();
        force.reject(notice.idempotencyKey(), "MALFORMED_NOTICE");

        try (java.sql.Connection blocker = holdAuditSequencer(gateway)) {
            force.start();
            // rejected, but the dead-letter entry cannot be written: the move to the dead-letter queue rolls back
            // with it, and the message is offered again
            await().atMost(Duration.ofSeconds(90)).until(() -> attemptsOf(message).stream()
                    .filter(a -> a.result().equals("MALFORMED_NOTICE")).count() >= 2);
            assertThat(gateway.pushDelivery().deadLetters().list(java.util.Optional.empty())).isEmpty();
            assertThat(auditEntries(gateway, sent.exchangeId(), "DEAD_LETTERED")).isEmpty();
            blocker.rollback();
        }
        await().atMost(Duration.ofSeconds(60)).until(() ->
                gateway.pushDelivery().deadLetters().list(java.util.Optional.empty()).size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                auditEntries(gateway, sent.exchangeId(), "DEAD_LETTERED").size() == 1);
        assertThat(gateway.pushDelivery().deadLetters().list(java.util.Optional.empty())).hasSize(1);
        assertThat(force.appliedKeys()).isEmpty();
    }

    @Test
    void whateverLandsInAPushForcesMailboxIsPushedByItsTypeOrDeadLetteredWithTheReason() {
        force.start();
        pushConfig(data, force.address(), "30s", "200ms", "1s", 10);
        Gateway gateway = startGateway();
        // as the exclusion flow will put them: the push route does not care what kind of notice it carries
        Delivery exclusion = delivery("exclusion-notice", "exclusion-json:0001");
        Delivery notInContract = delivery("missing-episode", "missing-json:0001");
        Delivery keyTheForceRefuses = delivery("exclusion-notice", "exclusion-json:caf\u00e9"); // not in the schema
        gateway.mailboxes().put(List.of(exclusion, notInContract, keyTheForceRefuses), java.time.Instant.now());

        await().atMost(Duration.ofSeconds(30)).until(() -> force.appliedKeys().contains(exclusion.idempotencyKey())
                && gateway.pushDelivery().deadLetters().list(java.util.Optional.empty()).size() == 2);
        assertThat(force.applied().get(exclusion.idempotencyKey()).request().getNoticeType())
                .isEqualTo(NoticeType.EXCLUSION_NOTICE);
        assertThat(force.applied().get(exclusion.idempotencyKey()).payload()).isEqualTo(exclusion.payload());
        Map<String, DeadLetterQueue.DeadLetter> dead = gateway.pushDelivery().deadLetters()
                .list(java.util.Optional.empty()).stream()
                .collect(Collectors.toMap(DeadLetterQueue.DeadLetter::messageId, l -> l));
        assertThat(dead.get(notInContract.messageId())).satisfies(l -> {
            assertThat(l.cause()).isEqualTo("UNDELIVERABLE");
            assertThat(l.reasonCode()).isEqualTo("NOT_IN_CONTRACT");
            assertThat(l.attempts()).isEqualTo(1);
        });
        // the force's schema validation answers a SOAP Client fault: sending it again cannot help
        assertThat(dead.get(keyTheForceRefuses.messageId())).satisfies(l -> {
            assertThat(l.cause()).isEqualTo("REJECTED");
            assertThat(l.reasonCode()).isEqualTo("SOAP_CLIENT_FAULT");
            assertThat(l.attempts()).isEqualTo(1);
        });
        assertThat(force.applications()).containsExactly(exclusion.idempotencyKey());
    }

    private static Delivery delivery(String exchangeType, String idempotencyKey) {
        return new Delivery(java.util.UUID.randomUUID().toString(), java.util.UUID.randomUUID().toString(),
                idempotencyKey, exchangeType, "school:118745", GMP, "json", "application/json",
                ("{\"exchangeType\":\"" + exchangeType + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    /** Another node's open audit append: the sequencer row stays locked, so appends fail until it ends. */
    private static java.sql.Connection holdAuditSequencer(Gateway gateway) throws Exception {
        java.sql.Connection c = gateway.dataSource().getConnection();
        c.setAutoCommit(false);
        try (java.sql.PreparedStatement ps = c.prepareStatement(
                "SELECT tree_size FROM audit_tree_state WHERE id = 1 FOR UPDATE")) {
            ps.executeQuery().close();
        }
        return c;
    }

    private List<PushAttempt> attemptsOf(String messageId) {
        synchronized (attempts) {
            return attempts.stream().filter(a -> messageId.equals(a.messageId()))
                    .sorted(java.util.Comparator.comparingInt(PushAttempt::attempt)).toList();
        }
    }

    /** The ids of the messages the dispatches put in Greater Manchester Police's mailbox. */
    private static Set<String> messageIds(Gateway gateway, java.util.Collection<Dispatch> dispatches) {
        return dispatches.stream().flatMap(d -> d.deliveries().stream())
                .filter(delivery -> delivery.recipient().equals(GMP))
                .map(delivery -> delivery.messageId()).collect(Collectors.toSet());
    }
}
