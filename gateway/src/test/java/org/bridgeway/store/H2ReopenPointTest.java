package org.bridgeway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import org.h2.mvstore.DataUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an H2 file says of the version it would reopen at after a crash. */
class H2ReopenPointTest {
    @TempDir
    Path data;

    @Test
    void aFileNamesTheVersionItsCheckpointStored() throws Exception {
        try (Database database = Database.embedded(data)) {
            JournalledDataSource journalled = (JournalledDataSource) database.dataSource();
            journalled.checkpoint();
            long stored;
            try (Connection c = journalled.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS "
                         + "WHERE SETTING_NAME = 'info.CURRENT_VERSION'")) {
                rs.next();
                stored = Long.parseLong(rs.getString(1));
            }
            assertThat(H2ReopenPoint.version(data.resolve("bridgeway.mv.db"))).isEqualTo(stored);
        }
    }

    @Test
    void theNewerOfAWholeHeaderAndAWholeLastFooterCounts() throws Exception {
        Path file = data.resolve("made.mv.db");
        write(file, line("H:2,block:5d,blockSize:1000,chunk:4d5,format:3,version:4d5"),
                line("chunk:4ba,len:53c,version:4ba"));
        assertThat(H2ReopenPoint.version(file)).isEqualTo(0x4d5);

        write(file, line("H:2,blockSize:1000,format:3"), line("chunk:4e1,len:6,version:4e1"));
        assertThat(H2ReopenPoint.version(file)).as("a header naming no chunk leaves the last footer").isEqualTo(0x4e1);
    }

    @Test
    void aLineTornByTheCrashVouchesForNothing() throws Exception {
        Path file = data.resolve("torn.mv.db");
        String header = line("H:2,block:5d,blockSize:1000,chunk:4d5,format:3,version:4d5");
        String footer = line("chunk:4e1,len:6,version:4e1");
        write(file, header.replace("version:4d5", "version:4d6"), footer.substring(0, 20) + "\n");
        assertThat(H2ReopenPoint.version(file)).isEqualTo(-1);
    }

    /** A line as H2 writes it: its fields, then the Fletcher-32 sum of them. */
    private static String line(String fields) {
        byte[] bytes = fields.getBytes(StandardCharsets.ISO_8859_1);
        return fields + ",fletcher:" + Integer.toHexString(DataUtils.getFletcher32(bytes, 0, bytes.length)) + "\n";
    }

    /** Two header blocks, a chunk's worth of other bytes, and a last chunk's footer at the end. */
    private static void write(Path file, String header, String footer) throws Exception {
        byte[] bytes = new byte[4 * 4096];
        Arrays.fill(bytes, (byte) ' ');
        byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(h, 0, bytes, 0, h.length);
        System.arraycopy(h, 0, bytes, 4096, h.length);
        byte[] f = footer.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(f, 0, bytes, bytes.length - 128, f.length);
        Files.write(file, bytes);
    }
}
