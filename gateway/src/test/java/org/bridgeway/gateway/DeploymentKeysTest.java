package org.bridgeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.bridgeway.audit.KeyedDigest;
import org.bridgeway.audit.key.SigningKey;
import org.bridgeway.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentKeysTest {
    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void nodesWithTheSameKeysStartAndANodeWithItsOwnIsRefusedNamingTheKey() throws Exception {
        Path shared = keys(dir.resolve("shared"));
        Path copy = Files.createDirectories(dir.resolve("copy"));
        try (var files = Files.list(shared)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        Path own = keys(dir.resolve("own"));
        try (Database database = Database.embedded(dir.resolve("db"))) {
            DeploymentKeys.check(database.dataSource(), shared, NOW);
            assertThatCode(() -> DeploymentKeys.check(database.dataSource(), copy, NOW)).doesNotThrowAnyException();
            assertThatCode(() -> DeploymentKeys.check(database.dataSource(), shared, NOW)).doesNotThrowAnyException();
            assertThatThrownBy(() -> DeploymentKeys.check(database.dataSource(), own, NOW))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("audit-signing.ed25519.pub")
                    .hasMessageContaining("give every node the same keys");
        }
    }

    @Test
    void aChangedMatchKeySecretIsRefusedThoughTheSigningKeyIsTheSame() throws Exception {
        Path keys = keys(dir.resolve("keys"));
        try (Database database = Database.embedded(dir.resolve("db"))) {
            DeploymentKeys.check(database.dataSource(), keys, NOW);
            Files.writeString(keys.resolve("missing-match.key"), "00".repeat(32));
            assertThatThrownBy(() -> DeploymentKeys.check(database.dataSource(), keys, NOW))
                    .hasMessageContaining("missing-match.key");
        }
    }

    @Test
    void fingerprintsNameTheSigningKeysPublicHalfAndEverySecretButNotThePrivateKey() {
        Path keys = keys(dir.resolve("keys"));
        assertThat(DeploymentKeys.fingerprints(keys)).containsOnlyKeys("audit-signing.ed25519.pub",
                "missing-match.key", "notice-fingerprint.key").allSatisfy((name, fingerprint) ->
                assertThat(fingerprint).hasSize(64).doesNotContain(readQuietly(keys.resolve(name))));
    }

    @Test
    void twoNodesCreatingTheKeysAtOnceEndWithOneSecret() throws Exception {
        Path keys = dir.resolve("race");
        KeyedDigest[] digests = new KeyedDigest[8];
        Thread[] threads = new Thread[digests.length];
        for (int i = 0; i < threads.length; i++) {
            int n = i;
            threads[i] = new Thread(() -> digests[n] = KeyedDigest.loadOrCreate(keys, "missing-match.key"));
        }
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        KeyedDigest onDisk = KeyedDigest.loadOrCreate(keys, "missing-match.key");
        for (KeyedDigest d : digests) {
            assertThat(d.of("a child")).isEqualTo(onDisk.of("a child"));
        }
    }

    private static Path keys(Path directory) {
        SigningKey.loadOrCreate(directory);
        KeyedDigest.loadOrCreate(directory, "missing-match.key");
        KeyedDigest.loadOrCreate(directory, "notice-fingerprint.key");
        return directory;
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
