package org.bridgeway.adapters.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bridgeway.adapters.RenderFixtures.DATE_OF_BIRTH;
import static org.bridgeway.adapters.RenderFixtures.ETHNICITY;
import static org.bridgeway.adapters.RenderFixtures.NHS_NUMBER;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bridgeway.adapters.MinimisationAssertions;
import org.bridgeway.adapters.RenderFixtures;
import org.bridgeway.model.ExchangeType;
import org.bridgeway.model.MinimisedNotice;
import org.bridgeway.model.PlacementNotice.Fields;
import org.junit.jupiter.api.Test;

class JsonNoticeRendererTest {
    private final JsonNoticeRenderer renderer = new JsonNoticeRenderer();

    @Test
    void namesItsFormat() {
        assertThat(renderer.format()).isEqualTo("json");
        assertThat(renderer.mediaType()).isEqualTo("application/json");
    }

    @Test
    void rendersTheFullNoticeAsTheGoldenFile() {
        RenderFixtures.assertGolden("json/placement-full.json", renderer.render(RenderFixtures.full()));
    }

    @Test
    void rendersAnEndedPlacementAsTheGoldenFile() {
        RenderFixtures.assertGolden("json/placement-ended.json",
                renderer.render(RenderFixtures.whole(RenderFixtures.ended())));
    }

    @Test
    void rendersAMoveToAnotherAreaAsTheGoldenFile() {
        RenderFixtures.assertGolden("json/placement-moved-area.json",
                renderer.render(RenderFixtures.whole(RenderFixtures.movedArea())));
    }

    @Test
    void rendersTheHealthTeamViewAsTheGoldenFile() {
        RenderFixtures.assertGolden("json/placement-health-team.json",
                renderer.render(RenderFixtures.minimised(RenderFixtures.HEALTH_TEAM_FIELDS)));
    }

    @Test
    void nestsDottedNamesInMapOrderAndSplitsRisks() throws Exception {
        JsonNode root = new ObjectMapper().readTree(renderer.render(RenderFixtures.full()));
        assertThat(fieldNames(root)).containsExactly("bridgeway", "exchangeId", "exchangeType", "issuedAt",
                "sender", "recipient", "notice");
        assertThat(root.get("issuedAt").asText()).isEqualTo("2025-09-02T10:15:30.250Z");
        assertThat(root.at("/sender/id").asText()).isEqualTo("local-authority:886");
        assertThat(root.at("/recipient/id").asText()).isEqualTo("health:X9M01");
        assertThat(fieldNames(root.get("notice"))).containsExactly("placingAuthority", "child", "placement", "risks");
        assertThat(root.at("/notice/child/nhsNumber").asText()).isEqualTo(NHS_NUMBER);
        assertThat(root.at("/notice/placement/postcode").asText()).isEqualTo("ME4 6TR");
        assertThat(root.at("/notice/risks").isArray()).isTrue();
        assertThat(root.at("/notice/risks/0").asText()).isEqualTo("CSE");
        assertThat(root.at("/notice/risks/1").asText()).isEqualTo("MISSING_HISTORY");
    }

    @Test
    void withheldFieldsAppearNowhereInTheBytes() {
        MinimisedNotice notice = RenderFixtures.without(Fields.CHILD_DATE_OF_BIRTH, Fields.CHILD_ETHNICITY,
                Fields.CHILD_NHS_NUMBER);
        String full = new String(renderer.render(RenderFixtures.full()), StandardCharsets.UTF_8);
        String out = new String(renderer.render(notice), StandardCharsets.UTF_8);
        assertThat(full).contains(DATE_OF_BIRTH, ETHNICITY, NHS_NUMBER);
        assertThat(out).doesNotContain(DATE_OF_BIRTH, ETHNICITY, NHS_NUMBER, "dateOfBirth", "ethnicity", "nhsNumber");
    }

    @Test
    void everyWithheldFieldAppearsNowhere() {
        MinimisationAssertions.eachWithheldFieldIsAbsent(renderer::render);
    }

    @Test
    void anEmptyFieldMapRendersAnEmptyNotice() throws Exception {
        JsonNode root = new ObjectMapper().readTree(renderer.render(RenderFixtures.minimised(java.util.Set.of())));
        assertThat(root.get("notice").size()).isZero();
    }

    @Test
    void rejectsAFieldThatIsBothALeafAndABranch() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("child", "x");
        fields.put("child.localId", "y");
        MinimisedNotice notice = new MinimisedNotice("bx-1", ExchangeType.PLACEMENT_NOTIFICATION,
                RenderFixtures.PLACING_LA, RenderFixtures.HEALTH_TEAM, fields, Instant.EPOCH);
        assertThatThrownBy(() -> renderer.render(notice)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rendersTheSameBytesEveryTime() {
        assertThat(renderer.render(RenderFixtures.full())).isEqualTo(new JsonNoticeRenderer().render(RenderFixtures.full()));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
