package org.bridgeway.dev.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.bridgeway.cli.CliRun;
import org.bridgeway.transport.PkiDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bridgeway certs-dev} through picocli: reports subjects and fingerprints, never a password. */
class CertsDevCommandTest {

    private static String run(String... args) {
        return CliRun.of(DevelopmentLauncher.commandLine(), args).assertSucceeded().out();
    }

    @Test
    void generatesOnceReportsWhatItWroteAndRegeneratesOnlyWithForce(@TempDir Path dir) {
        String first = run("certs-dev", "--out", dir.toString());
        assertThat(first).contains("generated in").contains("CN=police:kent,OU=police,O=Kent Police")
                .contains("clients/police-kent.pem").containsPattern("sha256:\\s+([0-9A-F]{2}:){31}[0-9A-F]{2}");
        PkiDirectory.passwords(dir).values().forEach(p -> assertThat(first).doesNotContain((String) p));

        assertThat(run("certs-dev", "--out", dir.toString())).contains("already present");
        assertThat(run("certs-dev", "--out", dir.toString(), "--force")).contains("regenerated in");
    }
}
