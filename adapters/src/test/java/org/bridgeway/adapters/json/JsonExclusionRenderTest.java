package org.bridgeway.adapters.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bridgeway.adapters.RenderFixtures;
import org.bridgeway.model.ExclusionFixtures;
import org.bridgeway.model.ExclusionNotice;
import org.bridgeway.model.ExclusionNotice.Fields;
import org.bridgeway.model.MinimisedNotice;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.OrganisationType;
import org.junit.jupiter.api.Test;

/** Exclusion notices through the JSON renderer: minimised by field name like placements, reasons as an array. */
class JsonExclusionRenderTest {
    private static final Organisation LA =
            new Organisation(OrganisationType.LOCAL_AUTHORITY, "878", "Devon County Council");
    private static final Organisation POLICE =
            new Organisation(OrganisationType.POLICE_FORCE, "devon-and-cornwall", "Devon and Cornwall Police");
    /** What the exclusion agreement (ISA-EX-2026) lets the police see of the fields this notice carries. */
    private static final Set<String> POLICE_FIELDS = Set.of(Fields.SCHOOL_URN, Fields.SCHOOL_NAME,
            Fields.SCHOOL_LOCAL_AUTHORITY, Fields.CHILD_GIVEN_NAME, Fields.CHILD_FAMILY_NAME,
            Fields.CHILD_DATE_OF_BIRTH, Fields.EXCLUSION_CATEGORY, Fields.EXCLUSION_START_DATE,
            Fields.EXCLUSION_SESSIONS);

    private final JsonNoticeRenderer renderer = new JsonNoticeRenderer();

    private static MinimisedNotice minimised(Organisation recipient, Set<String> permitted) {
        ExclusionNotice notice = ExclusionFixtures.notice();
        Map<String, String> kept = new LinkedHashMap<>();
        notice.fields().forEach((name, value) -> {
            if (permitted.contains(name)) {
                kept.put(name, value);
            }
        });
        return new MinimisedNotice(notice.exchangeId(), notice.exchangeType(), notice.sender(), recipient, kept,
                RenderFixtures.ISSUED_AT);
    }

    private static MinimisedNotice full() {
        return minimised(LA, ExclusionFixtures.notice().fields().keySet());
    }

    private String render(MinimisedNotice notice) {
        return new String(renderer.render(notice), StandardCharsets.UTF_8);
    }

    @Test
    void rendersTheFullNoticeAsTheGoldenFile() {
        RenderFixtures.assertGolden("json/exclusion-full.json", renderer.render(full()));
    }

    @Test
    void rendersThePoliceViewAsTheGoldenFile() {
        RenderFixtures.assertGolden("json/exclusion-police.json", renderer.render(minimised(POLICE, POLICE_FIELDS)));
    }

    @Test
    void nestsTheFieldsAndMakesTheReasonsAnArray() throws Exception {
        JsonNode root = new ObjectMapper().readTree(renderer.render(full()));
        assertThat(root.get("exchangeType").asText()).isEqualTo("exclusion-notice");
        assertThat(root.at("/sender/id").asText()).isEqualTo("school:113456");
        assertThat(root.at("/sender/name").asText()).isEqualTo(ExclusionFixtures.SCHOOL_NAME);
        assertThat(root.at("/notice/child/upn").asText()).isEqualTo(ExclusionFixtures.UPN);
        assertThat(root.at("/notice/school/localAuthority").asText()).isEqualTo("878");
        JsonNode reasons = root.at("/notice/exclusion/reasons");
        assertThat(reasons.isArray()).isTrue();
        assertThat(reasons).extracting(JsonNode::asText).containsExactly("PA", "VA");
        assertThat(root.at("/notice/exclusion/sessions").asText()).isEqualTo("4");
    }

    @Test
    void thePoliceViewHoldsNoneOfTheWithheldFields() {
        String police = render(minimised(POLICE, POLICE_FIELDS));
        assertThat(police).doesNotContain(ExclusionFixtures.UPN, ExclusionFixtures.LOCAL_ID, "reasons", "\"PA\"",
                "upn", "localId", "days");
        assertThat(police).contains("\"Alfie\"", "\"SUSP\"");
    }

    /** Each field but the school's URN and name, which the envelope always shows as the sender. */
    @Test
    void everyWithheldFieldAppearsNowhere() {
        String whole = render(full());
        for (Map.Entry<String, String> field : ExclusionFixtures.notice().fields().entrySet()) {
            if (field.getKey().equals(Fields.SCHOOL_URN) || field.getKey().equals(Fields.SCHOOL_NAME)) {
                continue;
            }
            Set<String> permitted = new java.util.HashSet<>(ExclusionFixtures.notice().fields().keySet());
            permitted.remove(field.getKey());
            String withheld = render(minimised(LA, permitted));
            List<String> values = field.getKey().equals(Fields.EXCLUSION_REASONS)
                    ? List.of(field.getValue().split(",")) : List.of(field.getValue());
            for (String value : values) {
                String token = "\"" + value + "\"";
                assertThat(whole).as("%s rendered when present", field.getKey()).contains(token);
                assertThat(withheld).as("%s not rendered when withheld", field.getKey()).doesNotContain(token);
            }
        }
    }

    @Test
    void aPlacementRiskNamedLikeAListFieldOfAnotherTypeStaysText() {
        Map<String, String> fields = Map.of("risks", "a,b");
        MinimisedNotice odd = new MinimisedNotice("bx-1", ExclusionFixtures.notice().exchangeType(),
                ExclusionFixtures.notice().sender(), LA, fields, Instant.EPOCH);
        assertThat(render(odd)).contains("\"risks\": \"a,b\"");
    }
}
