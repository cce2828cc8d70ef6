package org.bridgeway.adapters.missing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bridgeway.adapters.ssda903.FileRefusal;
import org.bridgeway.adapters.ssda903.RowError;
import org.bridgeway.model.MissingEpisodeNotice;
import org.bridgeway.model.Organisation;
import org.junit.jupiter.api.Test;

class MissingEpisodeCsvReaderTest {
    static final Organisation GMP = Organisation.parseId("police:greater-manchester");
    static final Instant NOW = Instant.parse("2026-03-04T12:00:00Z");
    static final String MINIMAL_HEADER = "force,Reference,UPDATE,updated_at,TYPE,START,LOOKED_AFTER,CHILD_ID,RISK,"
            + " Home_Postcode ";

    private final MissingEpisodeCsvReader reader = new MissingEpisodeCsvReader();

    private static String minimalRow(int n) {
        return "greater-manchester,GMP/26/" + n + ",REPORTED,2026-03-01T21:05:00Z,A,2026-03-01T18:30:00Z,N,C-" + n
                + ",LOW,M14 5RB";
    }

    private MissingCsvResult read(String text) {
        return reader.read("export.csv", text.getBytes(StandardCharsets.UTF_8), GMP, NOW, () -> "bx");
    }

    @Test
    void theDocumentedHeaderIsTheEnumsAndOnlyRequiredColumnsMustBeNamedInAnyOrderAndCase() {
        assertThat(ForceExportColumn.header()).startsWith("FORCE", "REFERENCE", "UPDATE", "UPDATED_AT");
        MissingCsvResult result = read(MINIMAL_HEADER + "\n" + minimalRow(1) + "\n");
        assertThat(result.rowErrors()).isEmpty();
        assertThat(result.notices()).singleElement().satisfies(n -> {
            assertThat(n.fields()).containsEntry(MissingEpisodeNotice.Fields.REPORTED_BY, "POLICE")
                    .containsEntry(MissingEpisodeNotice.Fields.CHILD_LOOKED_AFTER, "false");
            assertThat(n.sender()).isEqualTo(GMP);
        });
    }

    @Test
    void onlyAPoliceForceSendsAnExport() {
        MissingCsvResult result = reader.read("export.csv", (MINIMAL_HEADER + "\n" + minimalRow(1)).getBytes(
                StandardCharsets.UTF_8), Organisation.parseId("local-authority:886"), NOW, () -> "bx");
        assertThat(result.refusal()).map(FileRefusal::reason).hasValueSatisfying(r -> assertThat(r)
                .contains("police force"));
        assertThat(result.notices()).isEmpty();
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedUnread() {
        byte[] big = new byte[MissingEpisodeCsvReader.MAX_BYTES + 1];
        java.util.Arrays.fill(big, (byte) 'a');
        assertThat(reader.read("big.csv", big, GMP, NOW, () -> "bx").refusal()).map(FileRefusal::reason)
                .hasValueSatisfying(r -> assertThat(r).contains("larger than"));
    }

    @Test
    void aFileOverTheRowLimitIsRefusedWhole() {
        StringBuilder csv = new StringBuilder(MINIMAL_HEADER).append('\n');
        for (int i = 0; i <= MissingEpisodeCsvReader.MAX_ROWS; i++) {
            csv.append(minimalRow(i)).append('\n');
        }
        MissingCsvResult result = read(csv.toString());
        assertThat(result.refusal()).map(FileRefusal::reason).hasValueSatisfying(r -> assertThat(r)
                .contains("more than " + MissingEpisodeCsvReader.MAX_ROWS + " rows"));
        assertThat(result.notices()).isEmpty();
    }

    @Test
    void aTruncatedUtf8SequenceIsRefused() {
        byte[] text = (MINIMAL_HEADER + "\n" + minimalRow(1) + ",\u00e9").getBytes(StandardCharsets.UTF_8);
        byte[] truncated = java.util.Arrays.copyOf(text, text.length - 1);
        assertThat(reader.read("x.csv", truncated, GMP, NOW, () -> "bx").refusal()).map(FileRefusal::reason)
                .hasValueSatisfying(r -> assertThat(r).contains("UTF-8"));
    }

    @Test
    void exchangeIdsAreIssuedForValidRowsOnly() {
        AtomicInteger issued = new AtomicInteger();
        String csv = MINIMAL_HEADER + "\n" + minimalRow(1) + "\n" + minimalRow(2).replace(",N,", ",maybe,") + "\n"
                + minimalRow(3).replace("LOW,", "SEVERE,") + "\n" + minimalRow(4) + "\n";
        MissingCsvResult result = reader.read("x.csv", csv.getBytes(StandardCharsets.UTF_8), GMP, NOW,
                () -> "bx-" + issued.incrementAndGet());
        assertThat(result.notices()).extracting(MissingEpisodeNotice::exchangeId).containsExactly("bx-1", "bx-2");
        assertThat(result.rowErrors()).extracting(RowError::row, RowError::column, RowError::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(3, "LOOKED_AFTER", MissingEpisodeCsvReader.YES_NO),
                        org.assertj.core.groups.Tuple.tuple(4, "RISK", "risk-level.code"));
        assertThat(result.rowsRead()).isEqualTo(4);
        assertThat(result.rowsWithErrors()).isEqualTo(2);
    }

    @Test
    void onlyTheFirstThousandErrorsAreListedAndTheRestCounted() {
        List<String> rows = new ArrayList<>();
        rows.add(MINIMAL_HEADER);
        for (int i = 0; i < MissingEpisodeCsvReader.MAX_LISTED_ROW_ERRORS + 5; i++) {
            rows.add(minimalRow(i).replace("REPORTED", "LOST"));
        }
        rows.add(minimalRow(99_999));
        MissingCsvResult result = read(String.join("\n", rows));
        assertThat(result.rowErrors()).hasSize(MissingEpisodeCsvReader.MAX_LISTED_ROW_ERRORS);
        assertThat(result.unlistedErrors()).isEqualTo(5);
        assertThat(result.notices()).hasSize(1);
    }

    @Test
    void printedResultsNameNoPersonalData() {
        MissingCsvResult result = read(MINIMAL_HEADER + "\n" + minimalRow(1).replace("C-1", "C 1") + "\n");
        assertThat(result.rowErrors()).singleElement().satisfies(e -> assertThat(e.message()).doesNotContain("C 1"));
    }
}
