package org.bridgeway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

class UploadNamesTest {

    private static byte[] zipWith(String name) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write("CHILD,SEX\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    @Test
    void plainNamesAreReadAndFoldersInTheArchiveAreIgnored() throws IOException {
        assertThat(Ssda903Intake.readZip(zipWith("return 2025/SSDA903 header_v2.csv")))
                .singleElement().satisfies(f -> assertThat(f.name()).isEqualTo("SSDA903 header_v2.csv"));
    }

    @Test
    void aNameThatCouldCarryPersonalDataOrControlCharactersIsRefusedWithoutBeingRepeated() throws IOException {
        String hostile = "Riley Sampleton (2009-11-02) ME14 2LP.csv";
        assertThatThrownBy(() -> Ssda903Intake.readZip(zipWith(hostile)))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("file name")
                .hasMessageNotContaining("Sampleton");
        assertThatThrownBy(() -> Ssda903Intake.readZip(zipWith("a".repeat(9000) + ".csv")))
                .isInstanceOf(MalformedInputException.class);
        assertThatThrownBy(() -> Ssda903Intake.readZip(zipWith("bad\u0000name.csv")))
                .isInstanceOf(MalformedInputException.class);
    }
}
