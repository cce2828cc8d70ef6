package org.bridgeway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.bridgeway.adapters.fhir.NhsEthnicCategory;
import org.bridgeway.adapters.ssda903.Ssda903Codes;
import org.junit.jupiter.api.Test;

/**
 * Both readers of a child's ethnicity, the SSDA903 return and the placement API (its JSON schema), accept exactly
 * the codes the NHS ethnic category mapping knows, so no ethnicity reaches a health team without its NHS category.
 */
class EveryAcceptedEthnicityHasAnNhsCategoryTest {
    @Test
    void thePlacementApisEthnicityCodesAreTheSsda903ListAndEachIsMapped() throws Exception {
        JsonNode schema;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("schemas/placement-notice.schema.json")) {
            schema = new ObjectMapper().readTree(in);
        }
        List<String> accepted = new ArrayList<>();
        schema.at("/properties/child/properties/ethnicity/enum").forEach(code -> accepted.add(code.asText()));

        assertThat(accepted).isNotEmpty().containsExactlyInAnyOrderElementsOf(Ssda903Codes.ETHNIC);
        assertThat(accepted).allSatisfy(code -> assertThat(NhsEthnicCategory.fromSsda903(code)).as(code).isPresent());
    }
}
