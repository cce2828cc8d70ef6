package org.bridgeway.transport;

import java.nio.file.Path;
import java.time.Duration;
import org.bridgeway.gateway.GatewayConfig;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.TlsGatewayFixture;

/** Configurations of test gateways whose API is over mutual TLS with the run's test PKI. */
final class GatewayConfigs {
    /** A limit that never blocks: for classes that fail many authentications from one address on purpose. */
    GatewayConfig lenient(Path data) {
        return limited(data, new FailureLimit(10_000, Duration.ofMinutes(1), 10_000));
    }

    GatewayConfig limited(Path data, FailureLimit limit) {
        GatewayConfig config = TlsGatewayFixture.withTlsApi(GatewayFixture.config(data));
        return config.withTransport(config.transport().withFailureLimit(limit));
    }
}
