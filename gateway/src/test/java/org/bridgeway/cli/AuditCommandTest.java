package org.bridgeway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.bridgeway.audit.key.AuditCertificate;
import org.bridgeway.audit.AuditRecord;
import org.bridgeway.audit.receipt.Receipts;
import org.bridgeway.audit.store.EntryCompression;
import org.bridgeway.store.Database;
import org.bridgeway.testing.GatewayFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `audit verify` and `audit verify-receipt` as an auditor runs them: exit codes and what they print. */
class AuditCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;
    @TempDir
    Path files;

    private Path receipt;

    @BeforeEach
    void runAReturnThroughAGateway() throws Exception {
        try (GatewayFixture fixture = GatewayFixture.start(data)) {
            fixture.gateway().processReturn(GatewayFixture.samples().resolve("ssda903").resolve("kent-2025"));
            List<AuditRecord> entries = fixture.gateway().auditLog().entries(0, 5);
            receipt = files.resolve("receipt.json");
            Files.writeString(receipt, JSON.writeValueAsString(Map.of("receipts",
                    new Receipts(fixture.gateway().auditLog()).of(entries))));
        }
    }

    @Test
    void verifyRecomputesTheTreeAndLocatesAnEditedEntry() throws Exception {
        CliRun ok = CliRun.of("audit", "verify", "--data", data.toString());
        assertThat(ok.exitCode()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).containsPattern("audit log OK: \\d+ entries recomputed, [1-9]\\d* signed tree heads verified\\n");

        try (Database db = Database.embedded(data.resolve("db"));
             Connection c = db.dataSource().getConnection();
             PreparedStatement read = c.prepareStatement("SELECT entry FROM audit_entry WHERE seq = 3");
             PreparedStatement write = c.prepareStatement("UPDATE audit_entry SET entry = ? WHERE seq = 3");
             ResultSet rs = read.executeQuery()) {
            assertThat(rs.next()).isTrue();
            String json = new String(EntryCompression.decompress(rs.getBytes(1)), StandardCharsets.UTF_8);
            String edited = json.replace("\"type\":\"", "\"type\":\"X");
            assertThat(edited).isNotEqualTo(json);
            write.setBytes(1, EntryCompression.compress(edited.getBytes(StandardCharsets.UTF_8)));
            write.executeUpdate();
        }
        CliRun broken = CliRun.of("audit", "verify", "--data", data.toString());
        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.out()).contains("audit log BROKEN at entry 3: entry 3 does not match its leaf hash: the entry was edited");
    }

    @Test
    void verifyReceiptNeedsOnlyTheGatewaysCertificate() throws Exception {
        Path cert = data.resolve("keys").resolve(AuditCertificate.FILE);
        CliRun ok = CliRun.of("audit", "verify-receipt", receipt.toString(), "--cert", cert.toString());
        assertThat(ok.exitCode()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out().lines()).hasSize(5).allMatch(l -> l.startsWith("receipt OK: entry "));

        Path forged = files.resolve("forged.json");
        Files.writeString(forged, Files.readString(receipt).replaceFirst("\\\\\"seq\\\\\":2,", "\\\\\"seq\\\\\":7,"));
        CliRun refused = CliRun.of("audit", "verify-receipt", forged.toString(), "--cert", cert.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.out()).contains("receipt NOT VERIFIED").contains("receipt 2: the entry does not match its leaf hash");

        Path notACertificate = files.resolve("not.crt");
        Files.writeString(notACertificate, "hello");
        CliRun badCert = CliRun.of("audit", "verify-receipt", receipt.toString(), "--cert", notACertificate.toString());
        assertThat(badCert.exitCode()).isEqualTo(1);
        assertThat(badCert.out()).contains("cannot be used");
    }

    @Test
    void verifyHoldsTheLogToTheHeadsAPartyHasSeenAndNamesTheHeadWhenItShrankOrForked() throws Exception {
        CliRun ok = CliRun.of("audit", "verify", "--data", data.toString(), "--heads", receipt.toString());
        assertThat(ok.exitCode()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).contains("extends all 5 head(s) seen");
        long seenSize = JSON.readTree(receipt.toFile()).path("receipts").path(0).path("checkpoint").asText()
                .lines().skip(1).mapToLong(Long::parseLong).findFirst().orElseThrow();

        // a crash takes back all but the first two entries, and everything written with them
        try (Database db = Database.embedded(data.resolve("db"));
             Connection c = db.dataSource().getConnection()) {
            for (String sql : List.of("DELETE FROM audit_entry WHERE seq >= 2",
                    "DELETE FROM audit_node WHERE (idx + 1) * POWER(2, lvl) > 2",
                    "DELETE FROM audit_tree_head WHERE tree_size > 2",
                    "DELETE FROM audit_cosignature WHERE tree_size > 2",
                    "UPDATE audit_tree_state SET tree_size = 2",
                    "DELETE FROM processed_input", "DELETE FROM ssda903_batch", "DELETE FROM notice_key",
                    "DELETE FROM policy_decision")) {
                c.createStatement().executeUpdate(sql);
            }
        }
        assertThat(CliRun.of("audit", "verify", "--data", data.toString()).exitCode())
                .as("the shrunken log is consistent with itself").isZero();
        CliRun shrunk = CliRun.of("audit", "verify", "--data", data.toString(), "--heads", receipt.toString());
        assertThat(shrunk.exitCode()).isEqualTo(1);
        assertThat(shrunk.out()).contains("audit log BROKEN at entry 2: the log has shrunk since the head of size ");

        // it grows again past what was seen, with other entries: a fork
        try (GatewayFixture fixture = GatewayFixture.start(data)) {
            fixture.gateway().processReturn(GatewayFixture.samples().resolve("ssda903").resolve("kent-2025"));
            assertThat(fixture.gateway().auditLog().size()).isGreaterThanOrEqualTo(seenSize);
        }
        assertThat(CliRun.of("audit", "verify", "--data", data.toString()).exitCode())
                .as("the forked log is consistent with itself").isZero();
        CliRun forked = CliRun.of("audit", "verify", "--data", data.toString(), "--heads", receipt.toString());
        assertThat(forked.exitCode()).isEqualTo(1);
        assertThat(forked.out()).containsPattern("audit log BROKEN at entry \\d+: the log has forked since the head "
                + "of size \\d+ issued \\S+: its first \\d+ entries no longer hash to that head's root");
    }
}
