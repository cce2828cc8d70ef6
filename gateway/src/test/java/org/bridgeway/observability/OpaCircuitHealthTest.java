package org.bridgeway.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.bridgeway.policy.OpaDecisionPoint;
import org.bridgeway.policy.OpaSettings;
import org.bridgeway.policy.PolicyInput;
import org.bridgeway.testing.GatewayFixture;
import org.junit.jupiter.api.Test;

/**
 * An OPA server that cannot be reached opens the client's circuit; from then on the decision point's readiness
 * check is down, naming the open circuit, and the circuit gauge says open (2), as the alert rule expects.
 */
class OpaCircuitHealthTest {

    @Test
    void anOpenCircuitMakesTheDecisionPointNotReadyAndShowsInTheGauge() throws Exception {
        // nothing listens on this port: every request is refused, a real failure of the client
        String nowhere = "http://127.0.0.1:" + GatewayFixture.freePort();
        OpaSettings settings = OpaSettings.defaults().withMaxAttempts(1).withConnectTimeout(Duration.ofSeconds(1))
                .withCircuitBreaker(1, Duration.ofMinutes(5));
        try (OpaDecisionPoint opa = new OpaDecisionPoint(nowhere, settings)) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            StateGauges.decisionPoint(registry, opa);
            HealthCheck check = HealthChecks.decisionPoint(opa);
            assertThat(check.check().up()).isTrue();
            assertThat(registry.get("bridgeway.policy.opa.circuit.state").gauge().value()).isZero();

            assertThat(opa.decide(anyInput()).allow()).as("fails closed").isFalse();

            HealthCheck.Status status = check.check();
            assertThat(status.up()).isFalse();
            assertThat(status.reason()).isEqualTo("OPA circuit open");
            assertThat(registry.get("bridgeway.policy.opa.circuit.state").gauge().value()).isEqualTo(2);
        }
    }

    private static PolicyInput anyInput() throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(GatewayFixture.projectRoot().resolve("policies/conformance"))) {
            Path first = files.filter(p -> p.toString().endsWith(".json")).sorted().findFirst().orElseThrow();
            JsonNode root = json.readTree(first.toFile());
            return PolicyInput.fromJson((root.isArray() ? root.get(0) : root).get("input"));
        }
    }
}
