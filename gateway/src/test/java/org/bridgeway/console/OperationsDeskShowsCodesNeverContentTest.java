package org.bridgeway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bridgeway.delivery.MailboxBroker;
import org.bridgeway.delivery.push.DeadLetterQueue;
import org.bridgeway.delivery.push.PushQueues;
import org.bridgeway.observability.HealthCheck;
import org.bridgeway.observability.Readiness;
import org.junit.jupiter.api.Test;

/**
 * What the operator's desk shows of the readiness checks and the dead letters: the checks in words with the reason of
 * one that is down, and each dead letter as identifiers and codes, never the force's free-text reason (which could
 * quote the notice); and the page, escaped, with a Replay form carrying the CSRF token, or a plain empty state.
 */
class OperationsDeskShowsCodesNeverContentTest {
    private static final String FREE_TEXT = "force said: child Ottoline B. already known";

    private static DeadLetterQueue.DeadLetter deadLetter(String messageId, String recipient, String queue) {
        return new DeadLetterQueue.DeadLetter(messageId, "0198a1b2-0000-7000-8000-000000000001",
                "placement-notification", recipient, "RETRIES_EXHAUSTED", "CONNECTION_REFUSED", FREE_TEXT, 12,
                "2025-07-01T13:05:09Z", "idem-1", 1, "ID:broker-1", queue);
    }

    @Test
    void eachCheckIsNamedInWordsAndOneThatIsDownSaysWhy() {
        assertThat(OperationsDesk.check(new Readiness.Result("database", HealthCheck.Status.ok())))
                .isEqualTo(new OperationsDesk.Check("database", "Database", true, null));
        assertThat(OperationsDesk.check(new Readiness.Result("decision-point",
                HealthCheck.Status.down("OPA circuit open"))))
                .isEqualTo(new OperationsDesk.Check("decision-point", "Policy decision point", false,
                        "OPA circuit open"));
        assertThat(OperationsDesk.check(new Readiness.Result("audit-signing", HealthCheck.Status.ok())).label())
                .isEqualTo("Audit log signing");
        assertThat(OperationsDesk.check(new Readiness.Result("broker", HealthCheck.Status.ok())).label())
                .isEqualTo("Message broker");
        assertThat(OperationsDesk.check(new Readiness.Result("witness", HealthCheck.Status.ok())).label())
                .as("a check added elsewhere keeps the name the probe reports").isEqualTo("witness");
    }

    @Test
    void aDeadLetterIsListedAsIdentifiersAndCodesWithoutTheForcesFreeText() {
        OperationsDesk.Letter letter = OperationsDesk.letter(deadLetter("1c0a5f8e-2a4b-4c1d-9e0f-0a1b2c3d4e5f",
                "police:greater-manchester", PushQueues.DEAD_LETTERS));

        assertThat(letter.cause()).isEqualTo("RETRIES_EXHAUSTED");
        assertThat(letter.reasonCode()).isEqualTo("CONNECTION_REFUSED");
        assertThat(letter.exchangeType()).isEqualTo("Placement notification");
        assertThat(letter.from()).isEqualTo("Push delivery");
        assertThat(letter.deadLetteredAt()).as("in England's summer time").isEqualTo("1 July 2025, 14:05:09");
        assertThat(letter.attempts()).isEqualTo(12);
        assertThat(letter.replays()).isEqualTo(1);
        assertThat(letter.replayable()).isTrue();
        assertThat(Arrays.stream(OperationsDesk.Letter.class.getRecordComponents()).map(c -> c.getName()))
                .as("nothing to carry the force's reason in").doesNotContain("reason");
        assertThat(letter.toString()).doesNotContain(FREE_TEXT);

        assertThat(OperationsDesk.letter(deadLetter(null, "police:kent", MailboxBroker.DEAD_LETTERS)))
                .satisfies(l -> {
                    assertThat(l.from()).isEqualTo("Mailbox");
                    assertThat(l.replayable()).as("the desk replays by message id").isFalse();
                });
        assertThat(OperationsDesk.letter(deadLetter("1c0a5f8e-2a4b-4c1d-9e0f-0a1b2c3d4e5f", null,
                PushQueues.DEAD_LETTERS)).replayable()).as("nowhere to send it").isFalse();
    }

    @Test
    void timesAndWaitsReadAsPeopleSayThem() {
        assertThat(OperationsDesk.shown("2025-12-01T09:00:00Z")).isEqualTo("1 December 2025, 09:00:00");
        assertThat(OperationsDesk.shown("yesterday")).as("not ours: as recorded").isEqualTo("yesterday");
        assertThat(OperationsDesk.shown(null)).isEmpty();
        assertThat(OperationsDesk.waited(Duration.ofSeconds(59))).isEqualTo("under a minute");
        assertThat(OperationsDesk.waited(Duration.ofSeconds(61))).isEqualTo("1 minute");
        assertThat(OperationsDesk.waited(Duration.ofMinutes(119))).isEqualTo("119 minutes");
        assertThat(OperationsDesk.waited(Duration.ofHours(5))).isEqualTo("5 hours");
        assertThat(OperationsDesk.waited(Duration.ofDays(3))).isEqualTo("3 days");
    }

    @Test
    void aReplayTellsWhichMessageWentWhere() {
        assertThat(new OperationsDesk.Replay("m-1", "e-1", "police:kent", false).summary())
                .isEqualTo("Replayed: message m-1 of exchange e-1, back on the push queue of police:kent.");
        assertThat(new OperationsDesk.Replay("m-1", null, "local-authority:352", true).summary())
                .isEqualTo("Replayed: message m-1, back in the mailbox of local-authority:352.");
        assertThat(OperationsDesk.BY_CONSOLE).as("as the API's entry says api").containsExactly(
                Map.entry("by", "console"));
    }

    @Test
    void thePageEscapesWhatItShowsAndEachReplayIsAFormWithTheToken() {
        OperationsDesk.Letter letter = OperationsDesk.letter(new DeadLetterQueue.DeadLetter(
                "1c0a5f8e-2a4b-4c1d-9e0f-0a1b2c3d4e5f", "0198a1b2-0000-7000-8000-000000000001",
                "placement-notification", "police:greater-manchester", "REJECTED", "<b>BAD</b>", FREE_TEXT, 1,
                "2025-07-01T13:05:09Z", "idem-1", 0, "ID:broker-1", PushQueues.DEAD_LETTERS));
        Map<String, Object> model = new HashMap<>();
        model.put("title", "Operations");
        model.put("csrf", "the-token");
        model.put("health", new OperationsDesk.Health(false, List.of(
                new OperationsDesk.Check("database", "Database", true, null),
                new OperationsDesk.Check("broker", "Message broker", false, "broker stopped")),
                List.of(new OperationsDesk.Fact("Audit log", "42 entries")), List.of()));
        model.put("letters", List.of(letter));

        String page = new Pages().render("operations", model);

        assertThat(page).contains("Not ready").contains("broker stopped").contains("42 entries")
                .contains("No message is waiting in any recipient's mailbox.")
                .contains("&lt;b&gt;BAD&lt;/b&gt;").doesNotContain("<b>BAD</b>").doesNotContain(FREE_TEXT)
                .contains("action=\"/operations/dead-letters/1c0a5f8e-2a4b-4c1d-9e0f-0a1b2c3d4e5f/replay\"")
                .contains("name=\"X-XSRF-TOKEN\" value=\"the-token\"");

        model.put("letters", List.of());
        assertThat(new Pages().render("operations", model)).contains("There are no dead letters")
                .doesNotContain("<table class=\"govuk-table\" id=\"dead-letters\"");
    }
}
