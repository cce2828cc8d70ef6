package org.bridgeway.policy;

import java.nio.file.Path;
import org.bridgeway.gateway.GatewayConfig;

/** The project's {@code policies/} folder (Maven runs the tests in gateway/). */
final class PolicyRoot {

    private PolicyRoot() {
    }

    static Path policies() {
        return GatewayConfig.locateProjectRoot().resolve("policies");
    }

    static Path agreements() {
        return policies().resolve("agreements");
    }

    static Path schema() {
        return policies().resolve("agreement.schema.json");
    }
}
