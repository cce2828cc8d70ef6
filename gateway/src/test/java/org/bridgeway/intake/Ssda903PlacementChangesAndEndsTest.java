package org.bridgeway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.bridgeway.pipeline.Outcome;
import org.bridgeway.testing.GatewayFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An SSDA903 return's changes and ends through the real gateway: they go after the starts, in each child's order,
 * to exactly the organisations told of each start; one the gateway cannot place (a placement it never carried) is
 * counted on the batch with its rule while the others go on.
 */
class Ssda903PlacementChangesAndEndsTest {
    private static final String HEADER = """
            CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB
            L1001,1,14/03/2012,WBRI,A886202112001,,
            L1002,2,02/11/2010,BCRB,C886310215002,0,
            """;
    /** L1001: a start in Manchester, a new carer there, an end (REC E4A); L1002: a start in Birmingham, open. */
    private static final String EPISODES = """
            CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
            L1001,01/05/2026,S,C2,N1,U4,PR1,01/08/2026,X1,,ME14 2LP,M13 9PL,SC123456
            L1001,01/08/2026,P,C2,N1,U4,PR1,01/11/2026,E4A,CARPL,ME14 2LP,M13 0JH,
            L1002,01/06/2026,S,V2,N4,K2,PR4,,,,CT1 2QT,B5 4BU,SC654321
            """;
    private static final String L1002_ENDED = EPISODES.replace("L1002,01/06/2026,S,V2,N4,K2,PR4,,,",
            "L1002,01/06/2026,S,V2,N4,K2,PR4,15/11/2026,E13,");

    @TempDir
    Path data;

    @Test
    void changesAndEndsReachExactlyThoseToldOfTheStart() throws Exception {
        try (GatewayFixture fixture = GatewayFixture.start(data)) {
            fixture.gateway().processReturn(write("return-1", EPISODES));

            // three starts, one change of carer in Manchester, one end: no risk in a return, so no force is told
            List<Outcome.Delivered> delivered = fixture.outcomes(Outcome.Delivered.class);
            assertThat(delivered).extracting(Outcome.Delivered::recipient).containsExactlyInAnyOrder(
                    "local-authority:352", "health:LAC352", // L1001's start
                    "local-authority:352", "health:LAC352", // its new carer
                    "local-authority:352", "health:LAC352", // its end
                    "local-authority:330", "health:LAC330"); // L1002's start
            assertThat(delivered).filteredOn(d -> d.fields().contains("placement.endReason"))
                    .extracting(Outcome.Delivered::recipient).containsExactly("local-authority:352");
            // the forces were asked of the starts only (and denied); a change or end never asks a force not told
            assertThat(fixture.outcomes(Outcome.Denied.class)).extracting(Outcome.Denied::recipient)
                    .containsExactlyInAnyOrder("police:greater-manchester", "police:west-midlands");
            assertThat(placementRecords(fixture)).containsExactlyInAnyOrder("2026-05-01 CHANGED", "2026-08-01 ENDED",
                    "2026-06-01 open");
        }
    }

    @Test
    void anEndOfAPlacementNeverCarriedIsCountedOnTheBatchAndTheReturnGoesOn() throws Exception {
        try (GatewayFixture fixture = GatewayFixture.start(data)) {
            fixture.gateway().processReturn(write("return-1", EPISODES));
            // as a gateway that carried the start before it kept placement records
            try (Connection c = fixture.gateway().dataSource().getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM placement_record WHERE child_local_id = 'L1002'");
            }
            int before = fixture.outcomes(Outcome.Delivered.class).size();

            fixture.gateway().processReturn(write("return-2", L1002_ENDED));

            assertThat(fixture.outcomes(Outcome.Delivered.class)).hasSize(before); // the rest were sent before
            Ssda903Batches batches = fixture.gateway().camel().getRegistry()
                    .lookupByNameAndType("ssda903Intake", Ssda903Intake.class).batches();
            BatchStatus second = batches.status(lastBatch(fixture)).orElseThrow();
            assertThat(second.done()).isTrue();
            assertThat(second.summary().path("noticesRefused")).singleElement()
                    .satisfies(r -> assertThat(r.path("rule").asText()).isEqualTo("placement.unknown"));
        }
    }

    private Path write(String name, String episodes) throws Exception {
        Path folder = Files.createDirectories(data.resolve("returns").resolve(name));
        Files.writeString(folder.resolve("header.csv"), HEADER);
        Files.writeString(folder.resolve("episodes.csv"), episodes);
        return folder;
    }

    private static List<String> placementRecords(GatewayFixture fixture) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = fixture.gateway().dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT start_date, closed_by_event FROM placement_record")) {
            while (rs.next()) {
                String closed = rs.getString(2);
                rows.add(rs.getDate(1).toLocalDate() + " " + (closed == null ? "open" : closed));
            }
        }
        return rows;
    }

    private static String lastBatch(GatewayFixture fixture) throws Exception {
        try (Connection c = fixture.gateway().dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(
                     "SELECT batch_id FROM ssda903_batch ORDER BY received_at DESC, batch_id DESC")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}
