package org.bridgeway.observability;

import java.util.Objects;

/**
 * Where the plain-HTTP management listener (health, readiness, metrics) listens: separate from the mutual-TLS API,
 * on loopback unless the operator says otherwise (probes and scrapers are local or on a trusted network).
 *
 * @param host the address to bind, {@value #DEFAULT_HOST} by default
 * @param port the port, {@value #DEFAULT_PORT} for {@code serve}; 0 for any free port (embedded gateways and tests,
 *             which must not clash), the bound one then read from {@code Gateway.managementPort()}
 */
public record ManagementSettings(String host, int port) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 9090;

    public ManagementSettings {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("the management port must be 0 (any free port) to 65535, not " + port);
        }
    }

    /** Loopback on any free port: what an embedded gateway (the demo, tests) gets, never clashing with another. */
    public static ManagementSettings anyFreePort() {
        return new ManagementSettings(DEFAULT_HOST, 0);
    }
}
