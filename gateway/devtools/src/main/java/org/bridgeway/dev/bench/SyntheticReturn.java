package org.bridgeway.dev.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.bridgeway.model.Upn;

/**
 * A synthetic SSDA903 return of Kent (886), as a council's system would upload it: a ZIP of its header and episodes
 * CSV files. Each made-up child has two episodes in the 2024-25 collection year: a placement inside Kent, then a move
 * to a placement in another authority's area (a notice). So N episode rows make N/2 notices, and every row is
 * plausible: no overlap, no date past the year's end, no child of 18 or over. Postcodes are of districts in the
 * reference table; UPNs carry valid check letters; SSDA903 has no NHS numbers.
 */
final class SyntheticReturn {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final LocalDate YEAR_START = LocalDate.of(2024, 4, 1);
    /** Out of Kent: Manchester, Leeds, Brighton and Hove, Birmingham, Lancashire, Southwark, Medway. */
    private static final String[] ELSEWHERE = {"M13 9PL", "LS6 2AA", "BN3 2AA", "B5 4BU", "L39 2AA", "SE16 2AA",
            "ME4 4AA"};
    private static final String[] HOME = {"ME14 2LP", "CT1 2QT", "TN23 1HU"};
    private static final String[] ETHNIC = {"WBRI", "MWBC", "BCRB", "AIND", "WIRI"};

    private final Random random;

    SyntheticReturn(long seed) {
        random = new Random(seed);
    }

    /** A return of {@code rows} episode rows (rounded up to even), its CHILD ids unique to {@code run}. */
    byte[] zip(int rows, int run) {
        int children = (rows + 1) / 2;
        StringBuilder header = new StringBuilder("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n");
        StringBuilder episodes = new StringBuilder(
                "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n");
        for (int c = 0; c < children; c++) {
            String child = "R%02d%06d".formatted(run % 100, c);
            LocalDate born = LocalDate.of(2008, 6, 1).plusDays(random.nextInt(365 * 7));
            String upn = Upn.withCheckLetter("886%02d%07d".formatted(run % 100, c)).value();
            header.append(child).append(',').append(1 + c % 2).append(',').append(DATE.format(born)).append(',')
                    .append(ETHNIC[c % ETHNIC.length]).append(',').append(upn).append(",,\n");
            LocalDate start = YEAR_START.plusDays(random.nextInt(180));
            LocalDate moved = start.plusDays(30 + random.nextInt(150));
            String home = HOME[c % HOME.length];
            episodes.append(child).append(',').append(DATE.format(start)).append(",S,C2,N1,U4,PR1,")
                    .append(DATE.format(moved)).append(",X1,,").append(home).append(",ME15 6RT,SC486201\n");
            episodes.append(child).append(',').append(DATE.format(moved)).append(",P,C2,N1,K2,PR4,,,CARPL,")
                    .append(home).append(',').append(ELSEWHERE[c % ELSEWHERE.length]).append(",SC1029384\n");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("header.csv"));
            zip.write(header.toString().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("episodes.csv"));
            zip.write(episodes.toString().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
