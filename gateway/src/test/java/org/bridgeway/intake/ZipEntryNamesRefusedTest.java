package org.bridgeway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * A return is a flat set of CSV files: an entry name that reaches for a folder is refused by its rule, never
 * stripped down to its last part, and no refusal repeats the name.
 */
class ZipEntryNamesRefusedTest {

    private static byte[] zipWith(String... names) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String name : names) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write("CHILD,SEX\n".getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void plainNamesAreRead() throws IOException {
        assertThat(Ssda903Intake.readZip(zipWith("SSDA903 header_v2.csv", "episodes.csv")))
                .extracting(f -> f.name()).containsExactly("SSDA903 header_v2.csv", "episodes.csv");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "../../x/episodes.csv       | zip.entry-name.parent",
            "../episodes.csv            | zip.entry-name.parent",
            "x/../../episodes.csv       | zip.entry-name.parent",
            "/srv/episodes.csv          | zip.entry-name.absolute",
            "/episodes.csv              | zip.entry-name.absolute",
            "\\\\server\\share\\e.csv   | zip.entry-name.absolute",
            "C:episodes.csv             | zip.entry-name.drive",
            "c:\\returns\\episodes.csv  | zip.entry-name.drive",
            "returns\\episodes.csv      | zip.entry-name.backslash",
            "return 2025/episodes.csv   | zip.entry-name.folder",
            "return 2025/               | zip.entry-name.folder",
            ".hidden/episodes.csv       | zip.entry-name.folder"})
    void aNameWithAFolderPartIsRefusedByItsRuleNotStripped(String name, String rule) {
        assertThatThrownBy(() -> Ssda903Intake.readZip(zipWith("header.csv", name)))
                .isInstanceOfSatisfying(RuleRefusedException.class, e -> {
                    assertThat(e.rule()).isEqualTo(rule);
                    assertThat(e.getMessage()).contains("entry 2 of the archive").doesNotContain("episodes", "srv");
                });
    }

    @ParameterizedTest
    @CsvSource({"bad\u0000name.csv", "bell\u0007.csv", "report\u202Evsc.exe", "zero\u200Bwidth.csv",
            "__MACOSX_not/\u0001.csv"})
    void controlAndFormattingCharactersAreRefusedFirst(String name) {
        assertThatThrownBy(() -> Ssda903Intake.readZip(zipWith(name)))
                .isInstanceOfSatisfying(RuleRefusedException.class,
                        e -> assertThat(e.rule()).isEqualTo("zip.entry-name.control"));
    }

    @Test
    void aNameThatCouldCarryPersonalDataIsRefusedWithoutBeingRepeated() {
        String hostile = "Riley Sampleton (2009-11-02) ME14 2LP.csv";
        assertThatThrownBy(() -> Ssda903Intake.readZip(zipWith(hostile)))
                .isInstanceOfSatisfying(RuleRefusedException.class,
                        e -> assertThat(e.rule()).isEqualTo("zip.entry-name.format"))
                .hasMessageContaining("file name")
                .hasMessageNotContaining("Sampleton");
        assertThatThrownBy(() -> Ssda903Intake.readZip(zipWith("a".repeat(9000) + ".csv")))
                .isInstanceOf(RuleRefusedException.class);
    }

    @Test
    void macOsMetadataAndHiddenFilesBesideTheCsvFilesAreSkippedUnread() throws IOException {
        assertThat(Ssda903Intake.readZip(zipWith("episodes.csv", "__MACOSX/", "__MACOSX/._episodes.csv",
                ".DS_Store"))).extracting(f -> f.name()).containsExactly("episodes.csv");
    }
}
