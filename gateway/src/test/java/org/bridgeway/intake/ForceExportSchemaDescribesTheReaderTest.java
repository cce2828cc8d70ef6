package org.bridgeway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bridgeway.adapters.missing.ForceExportColumn;
import org.bridgeway.model.ExchangeType;
import org.junit.jupiter.api.Test;

/**
 * The CSV on the Web metadata the gateway publishes for a force's export names exactly the columns the reader reads,
 * in its order, required where the reader requires them, each for the canonical field it fills: a force that builds
 * its export from the published schema is never refused for a column.
 */
class ForceExportSchemaDescribesTheReaderTest {

    @Test
    void thePublishedColumnsAreTheReadersColumns() throws Exception {
        JsonNode metadata = JsonMapper.builder().build().readTree(MissingEpisodeIntake.exportSchemaDocument());
        assertThat(metadata.path("@context").asText()).isEqualTo("http://www.w3.org/ns/csvw");
        assertThat(metadata.path("dialect").path("header").asBoolean()).isTrue();

        List<String> published = new ArrayList<>();
        for (JsonNode column : metadata.path("tableSchema").path("columns")) {
            ForceExportColumn read = ForceExportColumn.valueOf(column.path("name").asText());
            assertThat(column.path("required").asBoolean()).as(read.name()).isEqualTo(read.required());
            assertThat(column.path("propertyUrl").asText()).as(read.name()).endsWith("#" + read.field());
            assertThat(ExchangeType.MISSING_EPISODE.fields()).contains(read.field());
            published.add(read.name());
        }
        assertThat(published).containsExactlyElementsOf(
                Arrays.stream(ForceExportColumn.values()).map(Enum::name).toList());
    }
}
