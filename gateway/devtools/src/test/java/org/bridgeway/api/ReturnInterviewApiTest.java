package org.bridgeway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.model.RiskLevel;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.SyntheticMissingEpisodes;
import org.bridgeway.testing.TlsGatewayFixture;
import org.bridgeway.workflow.EpisodeReference;
import org.bridgeway.workflow.ReturnInterviewTask;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Return home interview tasks over the API, against a real gateway with its HTTP server on loopback: a child looked
 * after by Kent and placed in Manchester goes missing and is found (Greater Manchester Police's FOUND update opens
 * Kent's task), Kent lists and hands on its task, and the holder reports the outcome, which completes it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReturnInterviewApiTest {
    private static final String KENT = "local-authority:886";
    private static final String MANCHESTER = "local-authority:352";
    private static final OffsetDateTime END = OffsetDateTime.parse("2026-03-02T10:00:00Z");
    private static final Set<String> SUBMITTED_PERSONAL_DATA = Set.of("Jordan", "Fictionby", "Preston",
            "asked to carry a package");

    @TempDir
    static Path data;

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
            assertThat(fixture.gateway().auditLog().verify().valid()).as("the audit log verifies").isTrue();
            fixture.close();
        }
    }

    @AfterEach
    void noResponseEchoesPersonalData() {
        api.assertNoResponseRepeats(SUBMITTED_PERSONAL_DATA);
    }

    @Test
    void kentListsItsTaskHandsItToManchesterWhoseOutcomeCompletesIt() throws Exception {
        String episode = foundChild();
        ReturnInterviewTask task = fixture.gateway().returnInterviews().byEpisode(episode).orElseThrow();

        JsonNode kents = ApiClient.json(api.get("/return-interviews", KENT)).path("tasks");
        assertThat(kents.findValuesAsText("taskId")).contains(task.taskId());
        JsonNode listed = find(kents, task.taskId());
        assertThat(listed.path("owner").asText()).isEqualTo(KENT);
        assertThat(listed.path("dueAt").asText()).isEqualTo(END.toInstant().plus(Duration.ofHours(72)).toString());
        assertThat(listed.path("state").asText()).isEqualTo("OPEN");
        assertThat(ApiClient.json(api.get("/return-interviews", MANCHESTER)).path("tasks")
                .findValuesAsText("taskId")).doesNotContain(task.taskId());

        HttpResponse<String> byTheHost = api.postJson("/return-interviews/" + task.taskId() + "/assignment",
                MANCHESTER, "{\"to\": \"local-authority:352\"}");
        assertThat(byTheHost.statusCode()).as(byTheHost.body()).isEqualTo(403);
        HttpResponse<String> handed = api.postJson("/return-interviews/" + task.taskId() + "/assignment", KENT,
                "{\"to\": \"local-authority:352\"}");
        assertThat(handed.statusCode()).as(handed.body()).isEqualTo(200);
        assertThat(ApiClient.json(handed).path("owner").asText()).isEqualTo(MANCHESTER);
        assertThat(ApiClient.json(api.get("/return-interviews", MANCHESTER)).path("tasks")
                .findValuesAsText("taskId")).contains(task.taskId());

        HttpResponse<String> outcome = api.postJson("/return-interview-outcomes", MANCHESTER,
                outcome(episode, task.taskId(), "352"));
        assertThat(outcome.statusCode()).as(outcome.body()).isEqualTo(202);
        String outcomeExchange = ApiClient.json(outcome).path("exchangeId").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> !fixture.gateway().returnInterviews()
                .task(task.taskId()).orElseThrow().open());
        assertThat(fixture.gateway().returnInterviews().task(task.taskId()).orElseThrow().outcomeExchangeId())
                .contains(outcomeExchange);
        // the outcome's recipients come from the episode record: the reporting force, Kent's health team and the
        // authority the child was found in's force; never from the sender
        assertThat(fixture.gateway().decisionLog().forExchange(outcomeExchange))
                .extracting(d -> d.recipient()).contains("police:greater-manchester");

        HttpResponse<String> again = api.postJson("/return-interview-outcomes", MANCHESTER,
                outcome(episode, task.taskId(), "352"));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
        assertThat(ApiClient.json(again).path("duplicate").asBoolean()).isTrue();
        HttpResponse<String> handedAfter = api.postJson("/return-interviews/" + task.taskId() + "/assignment",
                KENT, "{\"to\": \"local-authority:886\"}");
        assertThat(handedAfter.statusCode()).as(handedAfter.body()).isEqualTo(409);
    }

    @Test
    void anOutcomeFromAnAuthorityThatDoesNotHoldTheTaskIsRefused403() throws Exception {
        String episode = foundChild();
        ReturnInterviewTask task = fixture.gateway().returnInterviews().byEpisode(episode).orElseThrow();

        HttpResponse<String> r = api.postJson("/return-interview-outcomes", MANCHESTER,
                outcome(episode, task.taskId(), "352"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(ApiClient.json(r).path("detail").asText()).contains(task.taskId()).contains(KENT);
        assertThat(fixture.gateway().returnInterviews().task(task.taskId()).orElseThrow().open()).isTrue();
    }

    @Test
    void anOutcomeForAnEpisodeWithoutATaskIsRefused404AndAnUnknownTaskToo() throws Exception {
        HttpResponse<String> unknown = api.postJson("/return-interview-outcomes", KENT,
                outcome("ME-00000000-0000-7000-8000-000000000000", "RHI-unknown", "886"));
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
        assertThat(ApiClient.json(unknown).path("rule").asText()).isEqualTo("episode.id.unknown");

        HttpResponse<String> noSuchTask = api.postJson("/return-interviews/RHI-unknown/assignment", KENT,
                "{\"to\": \"local-authority:352\"}");
        assertThat(noSuchTask.statusCode()).as(noSuchTask.body()).isEqualTo(404);
    }

    @Test
    void aTaskIsHandedOnlyToAKnownLocalAuthority() throws Exception {
        String episode = foundChild();
        ReturnInterviewTask task = fixture.gateway().returnInterviews().byEpisode(episode).orElseThrow();

        for (String to : List.of("\"police:kent\"", "\"local-authority:999\"", "42")) {
            HttpResponse<String> r = api.postJson("/return-interviews/" + task.taskId() + "/assignment", KENT,
                    "{\"to\": " + to + "}");
            assertThat(r.statusCode()).as(to + ": " + r.body()).isEqualTo(400);
        }
        assertThat(fixture.gateway().returnInterviews().task(task.taskId()).orElseThrow().owner().id())
                .isEqualTo(KENT);
    }

    /** A Kent child placed in Manchester, reported missing by GMP and found: its episode id. */
    private String foundChild() {
        Gateway gateway = fixture.gateway();
        SyntheticMissingEpisodes.Child child = SyntheticMissingEpisodes.Child.next();
        gateway.submit(SyntheticMissingEpisodes.report(child, RiskLevel.MEDIUM));
        gateway.submit(SyntheticMissingEpisodes.found(child, END, END.plusMinutes(30)));
        String episode = gateway.missingEpisodes().find(new EpisodeReference.ByPoliceReference(
                SyntheticMissingEpisodes.FORCE.code(), child.policeReference())).orElseThrow().episodeId();
        assertThat(gateway.returnInterviews().taskOf(episode)).as("the FOUND update opened the task").isPresent();
        return episode;
    }

    private static String outcome(String episodeId, String taskId, String authority) throws Exception {
        ObjectNode doc = (ObjectNode) ApiClient.JSON.readTree(Files.readString(GatewayFixture.projectRoot()
                .resolve("adapters/src/test/resources/missing/return-interview-outcomes/1-held.outcome.json")));
        ((ObjectNode) doc.get("episode")).put("id", episodeId);
        ((ObjectNode) doc.get("interview")).put("taskId", taskId).put("localAuthority", authority);
        return ApiClient.JSON.writeValueAsString(doc);
    }

    private static JsonNode find(JsonNode tasks, String taskId) {
        for (JsonNode t : tasks) {
            if (t.path("taskId").asText().equals(taskId)) {
                return t;
            }
        }
        throw new AssertionError("task " + taskId + " not listed");
    }
}
