package org.bridgeway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One canonical form, whatever it is given: audit entries are maps, agreements and policy inputs JSON trees. */
class CanonicalJsonTest {
    @Test
    void aJsonTreeIsSortedAtEveryLevel() throws Exception {
        JsonNode tree = new ObjectMapper().readTree("{\"b\": {\"z\": 1, \"a\": [{\"y\": true, \"x\": null}]}, \"a\": \"é\"}");

        assertThat(CanonicalJson.write(tree)).isEqualTo("{\"a\":\"é\",\"b\":{\"a\":[{\"x\":null,\"y\":true}],\"z\":1}}");
    }

    @Test
    void aMapAndTheSameJsonTreeHaveOneCanonicalForm() throws Exception {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("z", 1);
        inner.put("a", List.of("q", "p"));
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("b", inner);
        map.put("a", "text");

        JsonNode tree = new ObjectMapper().valueToTree(map);

        assertThat(CanonicalJson.write(tree)).isEqualTo(CanonicalJson.write(map))
                .isEqualTo("{\"a\":\"text\",\"b\":{\"a\":[\"q\",\"p\"],\"z\":1}}");
    }

    @Test
    void aValueWrittenBeforeIsEmbeddedAsWritingItInPlaceWould() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("withheld", List.of("child.nhsNumber", "child.name"));
        details.put("lawfulBasis", Map.of("article9", "9(2)(g)", "article6", "6(1)(e)"));
        details.put("agreement", "ISA-PN-2025");
        details.put("quote", "a \"quoted\" é\n");
        Map<String, Object> inPlace = new LinkedHashMap<>();
        inPlace.put("type", "DECISION_ALLOW");
        inPlace.put("details", details);
        inPlace.put("actor", "gateway");
        Map<String, Object> embedded = new LinkedHashMap<>(inPlace);
        embedded.put("details", CanonicalJson.prewrite(details));

        assertThat(CanonicalJson.write(embedded)).isEqualTo(CanonicalJson.write(inPlace))
                .startsWith("{\"actor\":\"gateway\",\"details\":{\"agreement\":\"ISA-PN-2025\",\"lawfulBasis\":{\"article6\"");
    }
}
