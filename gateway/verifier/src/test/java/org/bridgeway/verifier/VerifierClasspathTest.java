package org.bridgeway.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a partner runs the verifier with: its runtime classpath, as Maven resolved it for this build
 * (target/runtime-classpath.txt, written by maven-dependency-plugin's build-classpath), holds Bouncy Castle, Jackson
 * and picocli and nothing else — no Camel, Artemis, H2, HAPI FHIR, database pool or migrations, nor the gateway.
 */
class VerifierClasspathTest {
    static final Path RUNTIME_CLASSPATH = Path.of("target", "runtime-classpath.txt");

    /** Where each library's groupId puts it in the local repository: the only libraries the verifier may use. */
    private static final List<String> ALLOWED = List.of("/org/bouncycastle/", "/com/fasterxml/jackson/",
            "/info/picocli/", "/org/slf4j/");
    private static final List<String> FORBIDDEN = List.of("/org/apache/camel/", "/org/apache/activemq/",
            "/com/h2database/", "/ca/uhn/hapi/", "/com/zaxxer/", "/org/flywaydb/", "/org/postgresql/",
            "bridgeway-gateway", "bridgeway-adapters");

    static List<String> runtimeClasspath() throws Exception {
        String text = Files.readString(RUNTIME_CLASSPATH).strip();
        return text.isEmpty() ? List.of() : Arrays.stream(text.split(File.pathSeparator))
                .map(entry -> entry.replace(File.separatorChar, '/')).toList();
    }

    @Test
    void theRuntimeClasspathHoldsOnlyBouncyCastleJacksonAndPicocli() throws Exception {
        List<String> classpath = runtimeClasspath();

        assertThat(classpath).as("the resolved runtime classpath").isNotEmpty()
                .anyMatch(entry -> entry.contains("/bcprov-jdk18on-"))
                .anyMatch(entry -> entry.contains("/jackson-databind-"))
                .anyMatch(entry -> entry.contains("/picocli-"));
        assertThat(classpath).allSatisfy(entry -> {
            assertThat(FORBIDDEN).noneMatch(entry::contains);
            assertThat(ALLOWED).as(entry).anyMatch(entry::contains);
        });
    }
}
