package org.bridgeway.adapters.ssda903;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The Missing table of a return is read for the gateway's reconciliation: valid rows kept with their row numbers,
 * bad rows reported by row, column and rule and kept apart from the placement rows, and the placement translation
 * of the same return unchanged.
 */
class Ssda903MissingTableTest {
    private static final Ssda903Translator TRANSLATOR = new Ssda903Translator(TestReferenceData.REFERENCE);
    private static final Path CLEAN = Ssda903GoldenTest.CASES.resolve("clean");
    private static final String MISSING = """
            CHILD,DOB,MISSING,MIS_START,MIS_END
            K1001,14/03/2010,M,03/10/2024,04/10/2024
            K1002,02/11/2008,a,05/01/2025,
            K1003,27/07/2012,X,05/01/2025,06/01/2025
            K1004,09/01/2009,M,10/02/2025,09/02/2025
            K1005,30/05/2014,A,20/03/2025,
            K1006,18/08/2011,M,1/2/2025
            """;

    private static Ssda903Result translate(List<Ssda903File> files) {
        return TRANSLATOR.translate(files, TestReferenceData.KENT, Ssda903Golden.PERIOD, Ssda903Golden.exchangeIds());
    }

    private static List<Ssda903File> cleanWith(String missing) {
        List<Ssda903File> files = new ArrayList<>(Ssda903Golden.files(CLEAN));
        files.add(new Ssda903File("missing.csv", missing));
        return files;
    }

    @Test
    void validMissingRowsAreReadWithTheirRowNumbersAndUpperCasedType() {
        Ssda903MissingTable table = translate(cleanWith(MISSING)).missing();

        assertThat(table.present()).isTrue();
        assertThat(table.episodes()).containsExactly(
                new Ssda903MissingEpisode(2, "K1001", LocalDate.of(2010, 3, 14), "M", LocalDate.of(2024, 10, 3),
                        Optional.of(LocalDate.of(2024, 10, 4))),
                new Ssda903MissingEpisode(3, "K1002", LocalDate.of(2008, 11, 2), "A", LocalDate.of(2025, 1, 5),
                        Optional.empty()));
    }

    @Test
    void badMissingRowsAreNamedByRowColumnAndRuleApartFromThePlacementRows() {
        Ssda903Result result = translate(cleanWith(MISSING));

        assertThat(result.missing().rowErrors()).extracting(RowError::row, RowError::column, RowError::rule)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(4, "MISSING", "ssda903.missing.code"),
                        org.assertj.core.groups.Tuple.tuple(5, "MIS_END", "ssda903.mis_end.before-mis_start"),
                        org.assertj.core.groups.Tuple.tuple(6, "MIS_START", "ssda903.mis_start.future"),
                        org.assertj.core.groups.Tuple.tuple(7, null, "ssda903.row.column-count"));
        assertThat(result.missing().rowErrors()).allSatisfy(e -> assertThat(e.message()).doesNotContain("2025"));
        Ssda903Result without = translate(Ssda903Golden.files(CLEAN));
        assertThat(result.rowErrors()).isEqualTo(without.rowErrors());
        assertThat(result.notices()).hasSameSizeAs(without.notices());
    }

    @Test
    void aReturnWithoutAMissingTableSaysSo() {
        assertThat(translate(Ssda903Golden.files(CLEAN)).missing().present()).isFalse();
        assertThat(translate(cleanWith("CHILD,DOB,MISSING,MIS_START,MIS_END\n")).missing())
                .satisfies(t -> {
                    assertThat(t.present()).isTrue();
                    assertThat(t.episodes()).isEmpty();
                });
    }
}
