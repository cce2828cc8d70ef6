package org.bridgeway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.MovableClock;
import org.bridgeway.testing.TlsGatewayFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A handover nobody answers in time, end to end over mutual TLS: Kent Police asks Kent (886, the suite) and
 * Manchester (352, by the home postcode) an hour after the request was made, so the acknowledgement and answer
 * deadlines have passed; the gateway's own ticker escalates to both authorities, with their escalation contacts, and
 * prompts the custody officer that nobody has accepted; Manchester then accepts, Kent Police records the transfer,
 * and the force's Concordat figures count the request, the escalations, the answer and the transfer.
 */
class CustodyHandoverDeadlinesApiTest {
    private static final String KENT_POLICE = "police:kent";
    private static final String KENT = "local-authority:886";
    private static final String MANCHESTER = "local-authority:352";

    @TempDir
    static Path data;
    private static GatewayFixture fixture;
    private static ApiClient api;
    private static final MovableClock CLOCK = new MovableClock();

    @BeforeAll
    static void start() {
        // the deadlines run from when the gateway received the request, so the test moves the gateway's clock on
        fixture = GatewayFixture.start(TlsGatewayFixture.withTlsApi(GatewayFixture.config(data)), CLOCK);
        api = new ApiClient(fixture.apiBase());
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void nobodyAnswersInTimeTheEscalationFiresTheOfficerIsPromptedAndTheFiguresCountIt() {
        HttpResponse<String> requested = api.postJson("/custody-handovers", KENT_POLICE, request());
        assertThat(requested.statusCode()).as(requested.body()).isEqualTo(202);
        String handoverId = ApiClient.json(requested).path("handoverId").asText();
        CLOCK.advance(Duration.ofMinutes(61));

        JsonNode prompt = deadlineNotice(KENT_POLICE, handoverId, "ANSWER_OVERDUE");
        assertThat(prompt.path("deadline").path("prompt").asText()).contains("Nobody has accepted",
                "s.38(7) certificate workflow opens");
        assertThat(prompt.path("deadline").path("escalationContact").asText()).contains("Kent (886)",
                "Manchester (352)");
        JsonNode manchesterEscalated = deadlineNotice(MANCHESTER, handoverId, "ANSWER_OVERDUE");
        assertThat(manchesterEscalated.path("custody").path("reference").asText()).startsWith("KNT/26/");
        assertThat(manchesterEscalated.has("child")).as("a deadline names no child").isFalse();
        // Manchester's missed acknowledgement: to Kent as the other asked authority, without Manchester's contact
        JsonNode toKent = deadlineNotice(KENT, handoverId, "ACKNOWLEDGEMENT_OVERDUE", "352");
        assertThat(toKent.path("deadline").has("escalationContact")).isFalse();

        HttpResponse<String> answered = api.postJson("/custody-handovers/" + handoverId + "/answer", MANCHESTER,
                "{\"handover\": {\"decision\": \"ACCEPT_NON_SECURE\", \"decisionTime\": \"" + minutesAgo(1)
                        + "\", \"decisionMaker\": \"EDT senior practitioner\", \"accommodationOffered\": \"foster"
                        + " placement\", \"collectionTime\": \"" + Instant.now().plus(2, ChronoUnit.HOURS)
                        .truncatedTo(ChronoUnit.SECONDS) + "\", \"transportArrangements\": \"by car\"}}");
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(202);
        // the collection deadline is Manchester's, from its answer
        JsonNode listed = ApiClient.json(api.get("/custody-handovers", KENT_POLICE));
        assertThat(listed.toString()).contains(handoverId, "collectBy");

        HttpResponse<String> transferred = api.postJson("/custody-handovers/" + handoverId + "/closure",
                KENT_POLICE, "{\"closure\": {\"step\": \"TRANSFERRED\"}, \"transfer\": {\"handedOverAt\": \""
                        + minutesAgo(0) + "\", \"handedOverTo\": \"EDT worker\"}}");
        assertThat(transferred.statusCode()).as(transferred.body()).isEqualTo(202);

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        HttpResponse<String> report = api.get("/custody-handovers/report?from=" + today.minusDays(1) + "&to="
                + today.plusDays(1), KENT_POLICE);
        assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
        JsonNode figures = ApiClient.json(report).path("figures");
        assertThat(figures.path("requests").asInt()).isEqualTo(1);
        assertThat(figures.path("transfers").asInt()).isEqualTo(1);
        assertThat(figures.path("escalations").path("ANSWER_OVERDUE").asInt()).isEqualTo(1);
        assertThat(figures.path("escalations").path("ACKNOWLEDGEMENT_OVERDUE").asInt()).isEqualTo(2);
        assertThat(figures.path("timeToAnswer").path("n").asInt()).isEqualTo(1);
        assertThat(figures.path("timeToCollect").path("n").asInt()).isEqualTo(1);
    }

    /** The deadline notice of this event for this handover in the organisation's mailbox, once it is there. */
    private static JsonNode deadlineNotice(String organisation, String handoverId, String event) {
        return deadlineNotice(organisation, handoverId, event, null);
    }

    private static JsonNode deadlineNotice(String organisation, String handoverId, String event, String authority) {
        String messages = "/mailboxes/" + organisation + "/messages";
        List<JsonNode> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (JsonNode m : ApiClient.json(api.get(messages, organisation)).path("messages")) {
                if (!"custody-handover-deadline".equals(m.path("exchangeType").asText())) {
                    continue;
                }
                JsonNode notice = ApiClient.json(api.get(messages + "/" + m.path("messageId").asText(),
                        organisation)).path("notice");
                if (handoverId.equals(notice.path("handover").path("id").asText())
                        && event.equals(notice.path("deadline").path("event").asText())
                        && Optional.ofNullable(authority).map(a -> a.equals(notice.path("deadline")
                        .path("authority").asText())).orElse(true)) {
                    found.add(notice);
                    return true;
                }
            }
            return false;
        });
        return found.get(0);
    }

    /** A Kent request made an hour ago for a 15-year-old from Manchester, charged ninety minutes ago. */
    private static String request() {
        Instant charged = Instant.now().minus(90, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        LocalDate born = LocalDate.ofInstant(charged, ZoneOffset.UTC).minusYears(15).minusDays(30);
        return "{\"custody\": {\"reference\": \"KNT/26/" + Long.toHexString(System.nanoTime()).substring(0, 8)
                + "\", \"suite\": \"Margate custody suite\", \"contactOfficer\": \"Sgt 1234 Example, 01632 960001\"},"
                + " \"handover\": {\"suiteAuthority\": \"886\"},"
                + " \"child\": {\"givenName\": \"Tamsin\", \"familyName\": \"Quarrington\", \"dateOfBirth\": \""
                + born + "\", \"homePostcode\": \"M1 1AA\"},"
                + " \"charge\": {\"time\": \"" + charged + "\", \"offences\": \"theft\","
                + " \"bailRefusalReason\": [\"FAILURE_TO_APPEAR\"]},"
                + " \"transfer\": {\"requestTime\": \"" + minutesAgo(61) + "\", \"accommodationType\": \"NON_SECURE\","
                + " \"courtAppearance\": \"Margate Magistrates' Court\", \"courtSittingAt\": \""
                + Instant.now().plus(10, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS) + "\"}}";
    }

    private static String minutesAgo(int minutes) {
        return Instant.now().minus(minutes, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
