package org.bridgeway.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.bridgeway.warmup.SyntheticNotices.Document;
import org.junit.jupiter.api.Test;

/**
 * The synthetic notices the bench and the rehearsal send are about different children, across batches as within
 * one: the watches match a child by its authority's id and by its name, and a child repeated in every batch would
 * make the bench measure one child's growing history rather than a population's.
 */
class SyntheticNoticesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void noChildIdOrNameRepeatsAcrossBatches() throws IOException {
        SyntheticNotices notices = new SyntheticNotices(7);
        List<Document> documents = new ArrayList<>(notices.documents(40, "first"));
        documents.addAll(notices.documents(40, "second"));
        documents.addAll(notices.ofKind(SyntheticNotices.MISSING, 40, "third"));

        List<String> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Document document : documents) {
            JsonNode child = JSON.readTree(document.json()).path("child");
            if (child.has("localId")) {
                ids.add(child.path("localId").asText());
            }
            names.add(child.path("familyName").asText());
        }

        assertThat(ids).hasSizeGreaterThan(60).doesNotHaveDuplicates();
        assertThat(names).hasSize(120).doesNotHaveDuplicates();
    }
}
