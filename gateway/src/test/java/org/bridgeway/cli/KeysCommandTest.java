package org.bridgeway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import org.bridgeway.gateway.DeploymentKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysCommandTest {
    @TempDir
    Path dir;

    @Test
    void initMakesEveryKeyOnceOwnerOnlyAndPrintsTheFingerprintsTheNodesCheck() throws Exception {
        Path keys = dir.resolve("deployment-keys");
        CliRun run = CliRun.of("keys", "init", "--keys", keys.toString(), "--operator", "police:kent")
                .assertSucceeded();

        assertThat(keys.resolve("audit-signing.ed25519")).exists();
        assertThat(Files.readString(keys.resolve("audit-signing.crt"))).contains("BEGIN CERTIFICATE");
        assertThat(Files.getPosixFilePermissions(keys.resolve("audit-signing.ed25519")))
                .containsOnly(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        Map<String, String> fingerprints = DeploymentKeys.fingerprints(keys);
        assertThat(fingerprints).containsOnlyKeys("audit-signing.ed25519.pub", "notice-fingerprint.key",
                "suspension-match.key", "missing-match.key", "locator-match.key");
        fingerprints.forEach((name, fingerprint) -> assertThat(run.out()).contains(name).contains(fingerprint));
        assertThat(run.out()).doesNotContain(Files.readString(keys.resolve("missing-match.key")).strip());
    }

    @Test
    void initRefusesAFolderThatHoldsKeysAlready() throws Exception {
        Path keys = dir.resolve("keys");
        CliRun.of("keys", "init", "--keys", keys.toString()).assertSucceeded();
        String before = Files.readString(keys.resolve("audit-signing.ed25519.pub"));

        CliRun again = CliRun.of("keys", "init", "--keys", keys.toString());

        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("not an empty folder").contains("never over others");
        assertThat(Files.readString(keys.resolve("audit-signing.ed25519.pub"))).isEqualTo(before);
    }
}
