package org.bridgeway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bridgeway.model.CustodyHandoverNotice;
import org.bridgeway.testing.AuditEntries;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.TlsGatewayFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The custody handover exchange against a real gateway over mutual TLS on loopback: a force in Kent asks for a child
 * from Manchester; the custody suite's authority (Kent, 886) and the responsible one (Manchester, 352, by the home
 * postcode) both receive the request, minimised; the first answer wins even when two race; every refusal names its
 * rule; the closure and the certificate reach both authorities; and neither the answers nor the audit log repeat the
 * child or the charge.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CustodyHandoverApiTest {
    private static final String KENT_POLICE = "police:kent";
    private static final String KENT = "local-authority:886";
    private static final String MANCHESTER = "local-authority:352";
    private static final String BIRMINGHAM = "local-authority:330";
    private static final String GIVEN = "Tamsin";
    private static final String FAMILY = "Quarrington";
    private static final String OFFENCE = "robbery of a mobile phone at Margate station";
    private static final String HOME = "M1 1AA";
    private static final Set<String> SUBMITTED_PERSONAL_DATA = Set.of(GIVEN, FAMILY, OFFENCE, HOME);
    /** Told to the force only: who decided and how the child is collected. */
    private static final String DECISION_MAKER = "EDT senior practitioner Ashcombe";
    private static final String TRANSPORT = "EDT worker collects by car with an escort";

    @TempDir
    static Path data;
    private GatewayFixture fixture;
    private ApiClient api;
    /** Reads the mailboxes, whose messages do hold the child: apart from the answers checked for echoes. */
    private ApiClient mailboxes;

    @BeforeAll
    void start() {
        fixture = TlsGatewayFixture.startWithHttpCertificateOnly(data);
        api = new ApiClient(fixture.apiBase());
        mailboxes = new ApiClient(fixture.apiBase());
    }

    @AfterAll
    void stop() {
        if (fixture != null) {
            assertThat(fixture.gateway().auditLog().verify().valid()).as("the audit log verifies").isTrue();
            fixture.close();
        }
    }

    @AfterEach
    void noResponseEchoesPersonalData() {
        api.assertNoResponseRepeats(SUBMITTED_PERSONAL_DATA);
    }

    @Test
    void aRequestReachesBothAuthoritiesMailboxesMinimisedAndAgainIsTheSameHandover() {
        String reference = reference();
        HttpResponse<String> requested = request(request(reference, 15, "NON_SECURE", null, true));

        assertThat(requested.statusCode()).as(requested.body()).isEqualTo(202);
        JsonNode answer = ApiClient.json(requested);
        String handoverId = answer.path("handoverId").asText();
        assertThat(handoverId).startsWith("CH-");
        JsonNode asked = answer.path("askedAuthorities");
        assertThat(asked).hasSize(2);
        assertThat(asked.get(0).path("code").asText()).isEqualTo("886");
        assertThat(asked.get(0).path("relation").asText()).isEqualTo("suite-authority");
        assertThat(asked.get(1).path("code").asText()).isEqualTo("352");
        assertThat(asked.get(1).path("relation").asText()).isEqualTo("responsible-authority");
        assertThat(asked.get(0).path("staffed").asText()).isIn("OFFICE", "OUT_OF_HOURS");
        assertThat(asked.get(0).path("phone").asText()).isNotBlank();
        assertThat(answer.path("responsibleAuthority").path("foundBy").asText()).isEqualTo("HOME_POSTCODE");
        assertThat(answer.path("deadlines").path("acknowledgeBy").asText()).isNotBlank();

        String exchangeId = answer.path("exchangeId").asText();
        for (String authority : List.of(KENT, MANCHESTER)) {
            JsonNode delivered = delivered(authority, exchangeId);
            assertThat(delivered.path("handover").path("id").asText()).isEqualTo(handoverId);
            assertThat(delivered.path("custody").path("reference").asText()).isEqualTo(reference);
            assertThat(delivered.path("charge").path("bailRefusalReason")).hasSize(2);
            assertThat(delivered.has("certificate")).isFalse();
        }

        HttpResponse<String> again = request(request(reference, 15, "NON_SECURE", null, true));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
        assertThat(ApiClient.json(again).path("duplicate").asBoolean()).isTrue();
        assertThat(ApiClient.json(again).path("handoverId").asText()).isEqualTo(handoverId);
        assertThat(ApiClient.json(again).path("exchangeId").asText()).isEqualTo(exchangeId);
    }

    @Test
    void anAcknowledgementReachesTheForce() {
        String handoverId = openHandover(true);

        HttpResponse<String> acknowledged = api.postJson(path(handoverId, "acknowledgement"), MANCHESTER,
                "{\"handover\": {\"acknowledgedAt\": \"" + minutesAgo(1) + "\", \"acknowledgedBy\": \"EDT duty"
                        + " worker\"}}");

        assertThat(acknowledged.statusCode()).as(acknowledged.body()).isEqualTo(202);
        JsonNode toForce = delivered(KENT_POLICE, ApiClient.json(acknowledged).path("exchangeId").asText());
        assertThat(toForce.path("handover").path("acknowledgedBy").asText()).isEqualTo("EDT duty worker");
        assertThat(toForce.path("handover").path("actingAuthority").asText()).isEqualTo("352");
        assertThat(toForce.has("child")).as("the force is not sent the child back").isFalse();
    }

    @Test
    void twoAuthoritiesAnsweringAtOnceOneWinsAndBothAreTold() throws Exception {
        String handoverId = openHandover(true);
        CountDownLatch ready = new CountDownLatch(2);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (String authority : List.of(KENT, MANCHESTER)) {
                Callable<HttpResponse<String>> answer = () -> {
                    ready.countDown();
                    go.await();
                    return answer(handoverId, authority, "ACCEPT_NON_SECURE");
                };
                answers.add(threads.submit(answer));
            }
            ready.await();
            go.countDown();
            HttpResponse<String> kent = answers.get(0).get();
            HttpResponse<String> manchester = answers.get(1).get();

            List<Integer> statuses = List.of(kent.statusCode(), manchester.statusCode());
            assertThat(statuses).as(kent.body() + " / " + manchester.body()).containsExactlyInAnyOrder(202, 409);
            HttpResponse<String> winner = kent.statusCode() == 202 ? kent : manchester;
            HttpResponse<String> loser = winner == kent ? manchester : kent;
            String winnerCode = winner == kent ? "886" : "352";
            String loserOrganisation = winner == kent ? MANCHESTER : KENT;
            assertThat(ApiClient.json(loser).path("rule").asText()).isEqualTo("handover.alreadyAnswered");
            assertThat(ApiClient.json(loser).path("owner").asText()).isEqualTo(winnerCode);
            assertThat(ApiClient.json(winner).path("owner").asText()).isEqualTo(winnerCode);

            String winningExchange = ApiClient.json(winner).path("exchangeId").asText();
            JsonNode toForce = delivered(KENT_POLICE, winningExchange);
            assertThat(toForce.path("handover").path("decision").asText()).isEqualTo("ACCEPT_NON_SECURE");
            assertThat(toForce.path("handover").path("transportArrangements").asText()).isEqualTo(TRANSPORT);
            JsonNode toOther = delivered(loserOrganisation, winningExchange);
            assertThat(toOther.path("handover").path("actingAuthority").asText()).isEqualTo(winnerCode);
            assertThat(toOther.path("handover").path("decision").asText()).isEqualTo("ACCEPT_NON_SECURE");
            assertThat(fixture.gateway().custodyHandovers().byId(handoverId).orElseThrow().owner().orElseThrow()
                    .value()).isEqualTo(winnerCode);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void theOtherAuthorityIsNeverDeliveredTheWithheldFieldsOfTheAnswer() {
        String handoverId = openHandover(true);
        HttpResponse<String> answered = answer(handoverId, KENT, "ACCEPT_NON_SECURE");
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(202);

        String raw = deliveredRaw(MANCHESTER, ApiClient.json(answered).path("exchangeId").asText());

        assertThat(raw).contains("ACCEPT_NON_SECURE").doesNotContain(DECISION_MAKER).doesNotContain(TRANSPORT)
                .doesNotContain("collectionTime").doesNotContain("accommodationOffered");
    }

    @Test
    void anAnswerFromAnAuthorityNotAskedIsForbiddenAndAnUnknownHandoverIsNotFound() {
        String handoverId = openHandover(true);

        HttpResponse<String> notAsked = answer(handoverId, BIRMINGHAM, "ACCEPT_NON_SECURE");
        assertThat(notAsked.statusCode()).as(notAsked.body()).isEqualTo(403);
        assertThat(ApiClient.json(notAsked).path("rule").asText()).isEqualTo("handover.notAsked");

        HttpResponse<String> unknown = answer("CH-" + UUID.randomUUID(), KENT, "ACCEPT_NON_SECURE");
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);

        HttpResponse<String> secure = answer(handoverId, KENT, "ACCEPT_SECURE");
        assertThat(ApiClient.json(secure).path("rule").asText()).as("a non-secure request is accepted non-secure")
                .isEqualTo("handover.decision.secure-not-requested");
    }

    @Test
    void anAnswerAfterTheTransferIsAConflictAndTheTransferReachesBothAuthorities() {
        String handoverId = openHandover(true);
        HttpResponse<String> transferred = api.postJson(path(handoverId, "closure"), KENT_POLICE,
                "{\"closure\": {\"step\": \"TRANSFERRED\"}, \"transfer\": {\"handedOverAt\": \"" + minutesAgo(1)
                        + "\", \"handedOverTo\": \"EDT worker\"}}");
        assertThat(transferred.statusCode()).as(transferred.body()).isEqualTo(202);
        String exchangeId = ApiClient.json(transferred).path("exchangeId").asText();
        for (String authority : List.of(KENT, MANCHESTER)) {
            assertThat(delivered(authority, exchangeId).path("transfer").path("handedOverTo").asText())
                    .isEqualTo("EDT worker");
        }

        HttpResponse<String> late = answer(handoverId, MANCHESTER, "ACCEPT_NON_SECURE");
        assertThat(late.statusCode()).as(late.body()).isEqualTo(409);
        assertThat(ApiClient.json(late).path("rule").asText()).isEqualTo("handover.closed");

        HttpResponse<String> again = certify(handoverId, "IMPRACTICABLE", "TRANSPORT_UNAVAILABLE");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
        assertThat(ApiClient.json(again).path("rule").asText()).isEqualTo("handover.closed");
        assertThat(api.postJson(path(handoverId, "closure"), "police:greater-manchester",
                "{\"closure\": {\"step\": \"TRANSFERRED\"}, \"transfer\": {\"handedOverAt\": \"" + minutesAgo(1)
                        + "\", \"handedOverTo\": \"EDT worker\"}}").statusCode())
                .as("only the requesting force closes").isEqualTo(403);
    }

    @Test
    void onceAnAuthorityOwnsTheHandoverTheOtherIsToldOfTheTransferButNeverToWhomTheChildWasHandedOver() {
        String handoverId = openHandover(true);
        HttpResponse<String> answered = answer(handoverId, MANCHESTER, "ACCEPT_NON_SECURE");
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(202);
        HttpResponse<String> transferred = api.postJson(path(handoverId, "closure"), KENT_POLICE,
                "{\"closure\": {\"step\": \"TRANSFERRED\"}, \"transfer\": {\"handedOverAt\": \"" + minutesAgo(1)
                        + "\", \"handedOverTo\": \"Ffion Example, EDT\"}}");
        assertThat(transferred.statusCode()).as(transferred.body()).isEqualTo(202);
        String exchangeId = ApiClient.json(transferred).path("exchangeId").asText();

        assertThat(delivered(MANCHESTER, exchangeId).path("transfer").path("handedOverTo").asText())
                .isEqualTo("Ffion Example, EDT");
        String toTheOther = deliveredRaw(KENT, exchangeId);
        assertThat(toTheOther).contains(handoverId).doesNotContain("handedOverTo").doesNotContain("Ffion");
    }

    @Test
    void aCertificateWhenNobodyAnsweredReachesBothAuthoritiesAndRecordsTheAuthoritysFailure() {
        String handoverId = openHandover(true);

        HttpResponse<String> certified = certify(handoverId, "IMPRACTICABLE", "NO_AUTHORITY_ANSWERED");

        assertThat(certified.statusCode()).as(certified.body()).isEqualTo(202);
        String exchangeId = ApiClient.json(certified).path("exchangeId").asText();
        for (String authority : List.of(KENT, MANCHESTER)) {
            JsonNode certificate = delivered(authority, exchangeId).path("certificate");
            assertThat(certificate.path("limb").asText()).isEqualTo("IMPRACTICABLE");
            assertThat(certificate.path("authorityFailedToProvide").asText()).isEqualTo("true");
            assertThat(certificate.path("reason").asText()).contains("no authority answered");
        }
        JsonNode received = AuditEntries.await(fixture.gateway().auditLog(), "RECEIVED",
                e -> exchangeId.equals(e.path("exchangeId").asText()));
        assertThat(received.path("details").path("facts").path("certificate.authorityFailedToProvide").asText())
                .isEqualTo("true");
    }

    @Test
    void refusedRequestsAndCertificatesNameTheirRules() {
        assertThat(rulesOf(request(request(reference(), 18, "NON_SECURE", null, true))))
                .as("18 at charge").contains(CustodyHandoverNotice.Rules.ADULT);
        assertThat(rulesOf(request(request(reference(), 11, "SECURE", "risk of serious harm to the public", true))))
                .contains(CustodyHandoverNotice.Rules.SECURE_UNDER_12);
        assertThat(rulesOf(request(request(reference(), 15, "SECURE", null, true))))
                .contains(CustodyHandoverNotice.Rules.SECURE_JUSTIFICATION_REQUIRED);
        assertThat(rulesOf(request(request(reference(), 15, "NON_SECURE", null, true).replace("\"suiteAuthority\":"
                + " \"886\"", "\"suiteAuthority\": \"352\"")))).as("a suite outside the force's area")
                .contains("handover.suiteAuthority.other-force");

        String handoverId = openHandover(true);
        assertThat(rulesOf(certify(handoverId, "NO_SECURE_AND_INADEQUATE", "NO_SECURE_PUBLIC_PROTECTION")))
                .as("the secure limb for a non-secure request").contains("certificate.limb.secure-not-requested");
        assertThat(rulesOf(certify(handoverId, "IMPRACTICABLE", "BEHAVIOUR"))).as("Code C Note 16D")
                .contains(CustodyHandoverNotice.Rules.REASON_NOT_IMPRACTICABILITY);
    }

    @Test
    void aChildNobodyCanPlaceIsAskedOfTheSuiteAuthorityOnly() {
        HttpResponse<String> requested = request(request(reference(), 14, "NON_SECURE", null, false));

        assertThat(requested.statusCode()).as(requested.body()).isEqualTo(202);
        JsonNode answer = ApiClient.json(requested);
        assertThat(answer.path("askedAuthorities")).hasSize(1);
        assertThat(answer.path("askedAuthorities").get(0).path("code").asText()).isEqualTo("886");
        assertThat(answer.path("responsibleAuthority").path("foundBy").asText()).isEqualTo("NOT_FOUND");
        assertThat(answer.path("responsibleAuthority").path("note").asText()).contains("s.21(2)(b)");
        assertThat(api.get("/custody-handovers", KENT).body()).contains(answer.path("handoverId").asText());
        assertThat(api.get("/custody-handovers", MANCHESTER).body()).doesNotContain(answer.path("handoverId")
                .asText());
    }

    @Test
    void theAuditEntriesKeepCodesAndIdentifiersNeverTheChildOrTheCharge() {
        String handoverId = openHandover(true);
        answer(handoverId, MANCHESTER, "ACCEPT_NON_SECURE");

        List<JsonNode> received = AuditEntries.ofType(fixture.gateway().auditLog(), "RECEIVED").stream()
                .filter(e -> "custody-handover".equals(e.path("details").path("exchangeType").asText())).toList();
        assertThat(received).isNotEmpty();
        Set<String> contractKeys = Set.of("handover.id", "handover.step", "custody.force", "handover.suiteAuthority",
                "handover.responsibleAuthority", "handover.stepAt", "transfer.accommodationType",
                "handover.responsibleFoundBy", "handover.actingAuthority", "handover.decision", "certificate.limb",
                "certificate.reasonCategory", "certificate.authorityFailedToProvide");
        for (JsonNode entry : received) {
            entry.path("details").path("facts").fieldNames().forEachRemaining(key ->
                    assertThat(contractKeys).as("fact %s", key).contains(key));
            for (String personal : List.of(GIVEN, FAMILY, OFFENCE, HOME, DECISION_MAKER, TRANSPORT)) {
                assertThat(entry.toString()).doesNotContain(personal);
            }
        }
        assertThat(received).anySatisfy(e -> assertThat(e.path("details").path("facts").path("handover.decision")
                .asText()).isEqualTo("ACCEPT_NON_SECURE"));
    }

    private String openHandover(boolean homePostcode) {
        HttpResponse<String> requested = request(request(reference(), 15, "NON_SECURE", null, homePostcode));
        assertThat(requested.statusCode()).as(requested.body()).isEqualTo(202);
        return ApiClient.json(requested).path("handoverId").asText();
    }

    private HttpResponse<String> request(String body) {
        return api.postJson("/custody-handovers", KENT_POLICE, body);
    }

    private HttpResponse<String> answer(String handoverId, String authority, String decision) {
        return api.postJson(path(handoverId, "answer"), authority, "{\"handover\": {\"decision\": \"" + decision
                + "\", \"decisionTime\": \"" + minutesAgo(1) + "\", \"decisionMaker\": \"" + DECISION_MAKER
                + "\", \"accommodationOffered\": \"foster placement\", \"collectionTime\": \""
                + Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS) + "\","
                + " \"transportArrangements\": \"" + TRANSPORT + "\"}}");
    }

    private HttpResponse<String> certify(String handoverId, String limb, String category) {
        return api.postJson(path(handoverId, "closure"), KENT_POLICE, "{\"closure\": {\"step\": \"CERTIFIED\"},"
                + " \"certificate\": {\"limb\": \"" + limb + "\", \"reasonCategory\": \"" + category + "\","
                + " \"reason\": \"no authority answered by 04:00 and the court sits at 10:00\", \"certifiedBy\":"
                + " \"Sgt 1234 Example\", \"certifiedAt\": \"" + minutesAgo(1) + "\", \"court\": \"Margate"
                + " Magistrates' Court\"}}");
    }

    private static String request(String reference, int ageAtCharge, String accommodation, String justification,
                                  boolean homePostcode) {
        Instant charged = Instant.now().minus(90, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        LocalDate born = LocalDate.ofInstant(charged, ZoneOffset.UTC).minusYears(ageAtCharge).minusDays(30);
        return "{\"custody\": {\"reference\": \"" + reference + "\", \"suite\": \"Margate custody suite\","
                + " \"contactOfficer\": \"Sgt 1234 Example, 01632 960001\"},"
                + " \"handover\": {\"suiteAuthority\": \"886\"},"
                + " \"child\": {\"givenName\": \"" + GIVEN + "\", \"familyName\": \"" + FAMILY + "\", \"dateOfBirth\": \""
                + born + "\"" + (homePostcode ? ", \"homePostcode\": \"" + HOME + "\"" : "") + "},"
                + " \"charge\": {\"time\": \"" + charged + "\", \"offences\": \"" + OFFENCE + "\","
                + " \"bailRefusalReason\": [\"FAILURE_TO_APPEAR\", \"JUVENILE_OWN_INTERESTS\"]},"
                + " \"transfer\": {\"requestTime\": \"" + minutesAgo(60) + "\", \"accommodationType\": \""
                + accommodation + "\"" + (justification == null ? "" : ", \"secureJustification\": \""
                + justification + "\"") + ", \"courtAppearance\": \"Margate Magistrates' Court\","
                + " \"courtSittingAt\": \"" + Instant.now().plus(10, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS)
                + "\"}}";
    }

    /** The notice part of the message the exchange left in the organisation's mailbox. */
    private JsonNode delivered(String organisation, String exchangeId) {
        try {
            return ApiClient.JSON.readTree(deliveredRaw(organisation, exchangeId)).path("notice");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private String deliveredRaw(String organisation, String exchangeId) {
        String messages = "/mailboxes/" + organisation + "/messages";
        List<String> found = new ArrayList<>();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> {
            for (JsonNode m : ApiClient.json(mailboxes.get(messages, organisation)).path("messages")) {
                if (exchangeId.equals(m.path("exchangeId").asText())) {
                    found.add(m.path("messageId").asText());
                    return true;
                }
            }
            return false;
        });
        HttpResponse<String> fetched = mailboxes.get(messages + "/" + found.get(0), organisation);
        assertThat(fetched.statusCode()).as(fetched.body()).isEqualTo(200);
        return fetched.body();
    }

    private static List<String> rulesOf(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode body = ApiClient.json(response);
        List<String> rules = new ArrayList<>();
        body.path("violations").forEach(v -> rules.add(v.path("rule").asText()));
        if (body.has("rule")) {
            rules.add(body.path("rule").asText());
        }
        return rules;
    }

    private static String path(String handoverId, String step) {
        return "/custody-handovers/" + handoverId + "/" + step;
    }

    private static String minutesAgo(int minutes) {
        return Instant.now().minus(minutes, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String reference() {
        return "KNT/26/" + UUID.randomUUID().toString().substring(0, 8);
    }
}
