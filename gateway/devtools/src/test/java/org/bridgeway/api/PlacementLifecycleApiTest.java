package org.bridgeway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bridgeway.pipeline.Outcome;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.TlsGatewayFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19 through the real gateway and its API: the host force is told of a placement only when the protocol says
 * so, and a change or end reaches exactly the organisations told of the start; bad input is refused precisely.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlacementLifecycleApiTest {
    private static final String KENT = "local-authority:886";
    private static final String GMP = "police:greater-manchester";
    private static final List<String> MANCHESTER = List.of(GMP, "local-authority:352", "health:LAC352");
    private static final List<String> LEEDS = List.of("police:west-yorkshire", "local-authority:383", "health:LAC383");
    private static final Set<String> SUBMITTED_PERSONAL_DATA = Set.of("9990000018", "2009-11-02", "Riley",
            "Sampleton");

    @TempDir
    static java.nio.file.Path data;

    private GatewayFixture fixture;
    private ApiClient api;

    @BeforeAll
    void start() {
        fixture = TlsGatewayFixture.startWithHttp(data);
        api = new ApiClient(fixture.apiBase());
    }

    @AfterAll
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @AfterEach
    void noResponseEchoesPersonalData() {
        api.assertNoResponseRepeats(SUBMITTED_PERSONAL_DATA);
    }

    @Test
    void aPlacementWithoutRiskIsWithheldFromTheForceWithTheConditionNamed() throws Exception {
        ObjectNode start = notice("no-risk/start", "KTL1001", "2026-09-01");
        start.remove("risks");
        String exchangeId = accepted(start);

        assertThat(deliveredTo(exchangeId)).containsExactlyInAnyOrder("local-authority:352", "health:LAC352");
        assertThat(fixture.outcomes(Outcome.Denied.class)).filteredOn(d -> d.exchangeId().equals(exchangeId))
                .singleElement().satisfies(d -> {
                    assertThat(d.recipient()).isEqualTo(GMP);
                    assertThat(d.reasons()).anyMatch(r -> r.contains("is conditional (when risks is present; or"
                            + " highRiskOfExploitation is present; or placement.event has one of the values CHANGED,"
                            + " ENDED), and this notice meets no condition"));
                });
    }

    @Test
    void theAuthoritysHighRiskJudgementAloneTellsTheForce() throws Exception {
        ObjectNode start = notice("high-risk/start", "KTL1002", "2026-09-01");
        start.remove("risks");
        start.put("highRiskOfExploitation", true);
        String exchangeId = accepted(start);

        assertThat(deliveredTo(exchangeId)).containsExactlyInAnyOrderElementsOf(MANCHESTER);
        assertThat(fixture.outcomes(Outcome.Delivered.class))
                .filteredOn(d -> d.exchangeId().equals(exchangeId) && d.recipient().equals(GMP)).singleElement()
                .satisfies(d -> assertThat(d.fields()).contains("highRiskOfExploitation", "placement.event"));
    }

    @Test
    void anEndReachesExactlyThoseToldOfTheStartAndAForceNeverToldIsNotToldOfTheEnd() throws Exception {
        accepted(notice("told/start", "KTL1003", "2026-09-01"));
        String end = accepted(ended(notice("told/end", "KTL1003", "2026-09-01"), "2026-11-20", "E4A"));
        assertThat(deliveredTo(end)).containsExactlyInAnyOrderElementsOf(MANCHESTER);
        assertThat(fixture.outcomes(Outcome.Delivered.class))
                .filteredOn(d -> d.exchangeId().equals(end) && d.recipient().equals(GMP)).singleElement()
                .satisfies(d -> assertThat(d.withheld()).contains("placement.endReason"));

        ObjectNode quiet = notice("untold/start", "KTL1004", "2026-09-01");
        quiet.remove("risks");
        accepted(quiet);
        ObjectNode quietEnd = ended(notice("untold/end", "KTL1004", "2026-09-01"), "2026-11-20", "E13");
        quietEnd.remove("risks");
        String untold = accepted(quietEnd);
        assertThat(deliveredTo(untold)).containsExactlyInAnyOrder("local-authority:352", "health:LAC352");
        // the force is no candidate at all: not told, and not even asked about
        assertThat(fixture.outcomes(Outcome.Denied.class)).noneMatch(d -> d.exchangeId().equals(untold));
    }

    @Test
    void aNewCarerGoesToThoseToldAndAMoveToAnotherAreaAlsoStartsTheNewAreasNotifications() throws Exception {
        accepted(notice("moving/start", "KTL1005", "2026-08-03"));
        ObjectNode newCarer = changed(notice("moving/new-carer", "KTL1005", "2026-09-14"), "NEW_CARER_OR_ADDRESS",
                "2026-09-14");
        ((ObjectNode) newCarer.get("placement")).put("postcode", "M13 0JX");
        assertThat(deliveredTo(accepted(newCarer))).containsExactlyInAnyOrderElementsOf(MANCHESTER);

        // a "move" within Manchester, or one that names another area left than the gateway holds, is refused
        ObjectNode sameArea = changed(notice("moving/not-a-move", "KTL1005", "2026-10-05"), "MOVED_AREA", "2026-10-05");
        ((ObjectNode) sameArea.get("placement")).put("previousLocalAuthority", "352");
        assertThat(refused(sameArea)).isEqualTo("placement.change.area");
        ObjectNode wrongAreaLeft = changed(notice("moving/wrong-area-left", "KTL1005", "2026-10-05"), "MOVED_AREA",
                "2026-10-05");
        ((ObjectNode) wrongAreaLeft.get("placement")).put("postcode", "LS6 3AB");
        ((ObjectNode) wrongAreaLeft.get("placement")).put("previousLocalAuthority", "383");
        assertThat(refused(wrongAreaLeft)).isEqualTo("placement.previousLocalAuthority.mismatch");

        ObjectNode move = changed(notice("moving/to-leeds", "KTL1005", "2026-10-05"), "MOVED_AREA", "2026-10-05");
        ((ObjectNode) move.get("placement")).put("postcode", "LS6 3AB");
        ((ObjectNode) move.get("placement")).put("previousLocalAuthority", "352");
        HttpResponse<String> moved = api.postJson("/placements", KENT, ApiClient.JSON.writeValueAsString(move));
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(202);
        JsonNode answer = ApiClient.json(moved);
        assertThat(deliveredTo(answer.path("exchangeId").asText())).containsExactlyInAnyOrderElementsOf(MANCHESTER);
        String leedsStart = answer.path("newAreaStart").path("exchangeId").asText();
        assertThat(deliveredTo(leedsStart)).containsExactlyInAnyOrderElementsOf(LEEDS);

        // the Leeds placement is the one carried now: its end goes to Leeds alone
        String end = accepted(ended(notice("moving/end", "KTL1005", "2026-10-05"), "2026-11-27", "E4A"));
        assertThat(deliveredTo(end)).containsExactlyInAnyOrderElementsOf(LEEDS);
        // and the Manchester placement, changed away, cannot be ended again
        assertThat(refused(ended(notice("moving/end-old", "KTL1005", "2026-08-03"), "2026-11-27", "E4A")))
                .isEqualTo("placement.closed");
    }

    @Test
    void aStartSentAgainWithARiskReachesTheForceWhichIsThenToldOfTheEndButAnEndedPlacementIsNotStartedAgain()
            throws Exception {
        ObjectNode fromTheReturn = notice("again/start-without-risk", "KTL1009", "2026-09-01");
        fromTheReturn.remove("risks");
        assertThat(deliveredTo(accepted(fromTheReturn))).doesNotContain(GMP);

        // the case system sends the same placement, now with the risks the return could not show
        String again = accepted(notice("again/start-with-risk", "KTL1009", "2026-09-01"));
        assertThat(deliveredTo(again)).containsExactlyInAnyOrderElementsOf(MANCHESTER);
        String end = accepted(ended(notice("again/end", "KTL1009", "2026-09-01"), "2026-11-20", "E4A"));
        assertThat(deliveredTo(end)).as("the force told of the start sent again is told of the end")
                .containsExactlyInAnyOrderElementsOf(MANCHESTER);

        int outcomesBefore = fixture.outcomes().size();
        assertThat(refused(notice("again/start-after-end", "KTL1009", "2026-09-01"))).isEqualTo("placement.closed");
        assertThat(fixture.outcomes()).hasSize(outcomesBefore);
    }

    @Test
    void anEndBeforeItsStartIsRefusedOnTheFieldAndNothingIsShared() throws Exception {
        int outcomesBefore = fixture.outcomes().size();
        HttpResponse<String> r = api.postJson("/placements", KENT, ApiClient.JSON.writeValueAsString(
                ended(notice("bad/end-first", "KTL1006", "2026-09-01"), "2026-08-31", "E4A")));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        List<org.assertj.core.groups.Tuple> violations = new ArrayList<>();
        ApiClient.json(r).path("violations").forEach(v -> violations.add(
                tuple(v.path("field").asText(), v.path("rule").asText())));
        assertThat(violations).containsExactly(tuple("placement.endDate", "placement.endDate.order"));
        assertThat(fixture.outcomes()).hasSize(outcomesBefore);
    }

    @Test
    void anEndOrChangeOfAPlacementNeverCarriedIsRefusedAndNothingIsShared() throws Exception {
        int outcomesBefore = fixture.outcomes().size();
        assertThat(refused(ended(notice("never/end", "KTL1007", "2026-09-01"), "2026-11-20", "E4A")))
                .isEqualTo("placement.unknown");
        assertThat(refused(changed(notice("never/change", "KTL1007", "2026-10-01"), "NEW_CARER_OR_ADDRESS",
                "2026-10-01"))).isEqualTo("placement.unknown");
        assertThat(fixture.outcomes()).hasSize(outcomesBefore);
    }

    @Test
    void aChangeWithoutHowItChangedIsRefusedOnTheField() throws Exception {
        ObjectNode change = notice("bad/change", "KTL1008", "2026-10-01");
        ((ObjectNode) change.get("placement")).put("event", "CHANGED");
        HttpResponse<String> r = api.postJson("/placements", KENT, ApiClient.JSON.writeValueAsString(change));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(ApiClient.json(r).path("violations").get(0).path("field").asText()).isEqualTo("placement.change");
        assertThat(ApiClient.json(r).path("violations").get(0).path("rule").asText())
                .isEqualTo("placement.change.required");
    }

    private String accepted(ObjectNode notice) throws Exception {
        HttpResponse<String> r = api.postJson("/placements", KENT, ApiClient.JSON.writeValueAsString(notice));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return ApiClient.json(r).path("exchangeId").asText();
    }

    /** The rule of a 409 refusal. */
    private String refused(ObjectNode notice) throws Exception {
        HttpResponse<String> r = api.postJson("/placements", KENT, ApiClient.JSON.writeValueAsString(notice));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
        return ApiClient.json(r).path("rule").asText();
    }

    private List<String> deliveredTo(String exchangeId) {
        return fixture.outcomes(Outcome.Delivered.class).stream().filter(d -> d.exchangeId().equals(exchangeId))
                .map(Outcome.Delivered::recipient).toList();
    }

    /** The sample placement in Manchester (with risks), as a new child's, starting on {@code startDate}. */
    private static ObjectNode notice(String reference, String child, String startDate) throws Exception {
        ObjectNode doc = (ObjectNode) ApiClient.JSON.readTree(Files.readString(GatewayFixture.samples()
                .resolve("placements").resolve("01-emergency-placement-manchester.json"), StandardCharsets.UTF_8));
        doc.put("sourceReference", "kent-cms/lifecycle/" + reference);
        ((ObjectNode) doc.get("child")).put("localId", child);
        ((ObjectNode) doc.get("placement")).put("startDate", startDate);
        return doc;
    }

    private static ObjectNode ended(ObjectNode doc, String endDate, String reason) {
        ((ObjectNode) doc.get("placement")).put("event", "ENDED").put("endDate", endDate).put("endReason", reason);
        return doc;
    }

    private static ObjectNode changed(ObjectNode doc, String change, String previousEnd) {
        ((ObjectNode) doc.get("placement")).put("event", "CHANGED").put("change", change).put("endDate", previousEnd);
        return doc;
    }
}
