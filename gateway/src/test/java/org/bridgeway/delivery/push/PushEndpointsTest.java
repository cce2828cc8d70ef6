package org.bridgeway.delivery.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.bridgeway.reference.ReferenceData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** push-endpoints.yaml: read whole, every problem named by its field, nothing half-applied. */
class PushEndpointsTest {
    private static final ReferenceData REFERENCE = ReferenceData.shipped();

    @TempDir
    Path data;

    @Test
    void noFileMeansEveryRecipientPulls() {
        PushEndpoints none = PushEndpoints.load(data, REFERENCE);
        assertThat(none.isEmpty()).isTrue();
        assertThat(none.retry()).isEqualTo(RetryPolicy.DEFAULT);
    }

    @Test
    void aForceWithItsAddressTimeoutsAndTheRetryPolicy() throws IOException {
        write("""
                retry:
                  firstDelay: 10s
                  multiplier: 3
                  maxDelay: 1h
                  maxAttempts: 20
                forces:
                  police:kent:
                    url: https://records.kent.example/bridgeway/intake
                    receiveTimeout: 45s
                  police:greater-manchester:
                    url: http://127.0.0.1:8443/intake
                    connectTimeout: 500ms
                """);
        PushEndpoints push = PushEndpoints.load(data, REFERENCE);
        assertThat(push.retry()).isEqualTo(new RetryPolicy(Duration.ofSeconds(10), 3.0, Duration.ofHours(1), 20));
        assertThat(push.forces()).extracting(ForceEndpoint::force)
                .containsExactly("police:kent", "police:greater-manchester");
        ForceEndpoint kent = push.endpoint("police:kent").orElseThrow();
        assertThat(kent.url().toString()).isEqualTo("https://records.kent.example/bridgeway/intake");
        assertThat(kent.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(kent.receiveTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(kent.queue()).isEqualTo("push.police.kent");
        assertThat(push.endpoint("police:greater-manchester").orElseThrow().connectTimeout())
                .isEqualTo(Duration.ofMillis(500));
        assertThat(push.endpoint("police:west-midlands")).isEmpty();
    }

    @Test
    void everyProblemIsNamedByItsField() throws IOException {
        write("""
                retry:
                  firstDelay: soon
                  maxAttempts: 0
                  jitter: 0.1
                forces:
                  police:kent:
                    url: http://records.kent.example/intake
                  police:atlantis:
                    url: https://records.atlantis.example/intake
                  local-authority:886:
                    url: https://kent.example/intake
                  police:essex:
                    receiveTimeout: 1d
                  police:surrey:
                    url: https://records.surrey.example/intake
                    retries: 3
                """);
        assertThatThrownBy(() -> PushEndpoints.load(data, REFERENCE))
                .isInstanceOf(PushEndpointsException.class)
                .hasMessageContaining(PushEndpoints.file(data).toString())
                .satisfies(e -> assertThat(((PushEndpointsException) e).problems()).containsExactlyInAnyOrder(
                        "retry.jitter: unknown key (expected one of firstDelay, maxAttempts, maxDelay, multiplier)",
                        "retry.firstDelay: must be a duration such as 500ms, 30s, 5m or 1h",
                        "retry.maxAttempts: must be a whole number from 1 to 100",
                        "forces.police:kent.url: must be https; plain http is allowed only to a loopback address",
                        "forces.police:atlantis: no such police force in the reference data",
                        "forces.local-authority:886: only police forces take push delivery",
                        "forces.police:essex.url: required, the address of the force's PoliceRecordsIntake service",
                        "forces.police:essex.receiveTimeout: must be a duration such as 500ms, 30s, 5m or 1h",
                        "forces.police:surrey.retries: unknown key (expected one of connectTimeout, receiveTimeout, trustAnchors, url)"));
    }

    @Test
    void theTlsBlockNamesExistingFilesRelativeToTheDataDirectoryAndItsProblemsByField() throws IOException {
        Files.writeString(data.resolve("client.p12"), "not read here");
        Files.writeString(data.resolve("client.pw"), "secret");
        Files.writeString(data.resolve("roots.pem"), "not read here");
        write("""
                tls:
                  keyStore: client.p12
                  keyStorePasswordFile: client.pw
                  trustAnchors: [roots.pem]
                forces:
                  police:kent:
                    url: https://records.kent.example/intake
                    trustAnchors: roots.pem
                """);
        PushEndpoints push = PushEndpoints.load(data, REFERENCE);
        assertThat(push.tls().keyStore()).contains(data.resolve("client.p12").toAbsolutePath().normalize());
        assertThat(push.tls().keyStorePasswordFile()).contains(data.resolve("client.pw").toAbsolutePath().normalize());
        assertThat(push.tls().trustAnchors()).containsExactly(data.resolve("roots.pem").toAbsolutePath().normalize());
        assertThat(push.endpoint("police:kent").orElseThrow().trustAnchors())
                .containsExactly(data.resolve("roots.pem").toAbsolutePath().normalize());

        write("""
                tls:
                  keyStore: missing.p12
                  trustAnchors: [roots.pem, 7]
                  password: secret
                forces:
                  police:kent:
                    url: https://records.kent.example/intake
                """);
        assertThatThrownBy(() -> PushEndpoints.load(data, REFERENCE))
                .isInstanceOf(PushEndpointsException.class)
                .satisfies(e -> assertThat(((PushEndpointsException) e).problems()).containsExactlyInAnyOrder(
                        "tls.password: unknown key (expected one of keyStore, keyStorePasswordFile, trustAnchors)",
                        "tls.keyStore: no readable file " + data.resolve("missing.p12").toAbsolutePath().normalize(),
                        "tls: keyStore and keyStorePasswordFile go together",
                        "tls.trustAnchors[1]: must be the path of a file"));
    }

    @Test
    void theBackOffGrowsToItsCeiling() {
        RetryPolicy retry = new RetryPolicy(Duration.ofMillis(300), 2.0, Duration.ofSeconds(2), 10);
        assertThat(retry.delayAfter(1)).isEqualTo(Duration.ofMillis(300));
        assertThat(retry.delayAfter(2)).isEqualTo(Duration.ofMillis(600));
        assertThat(retry.delayAfter(3)).isEqualTo(Duration.ofMillis(1200));
        assertThat(retry.delayAfter(4)).isEqualTo(Duration.ofSeconds(2));
        assertThat(retry.brokerBackstopAttempts()).isGreaterThan(retry.maxAttempts());
    }

    private void write(String yaml) throws IOException {
        Files.writeString(PushEndpoints.file(data), yaml);
    }
}
