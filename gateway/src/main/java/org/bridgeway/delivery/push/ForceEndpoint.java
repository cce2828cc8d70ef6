package org.bridgeway.delivery.push;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A police force that takes its notices by SOAP push, and where: the address of its PoliceRecordsIntake service.
 *
 * @param force          organisation id, e.g. {@code police:kent}
 * @param connectTimeout how long to wait for a connection
 * @param receiveTimeout how long to wait for the answer once the notice is sent; after that the attempt counts as
 *                       failed and is retried, and the idempotency key lets the force recognise the repeat
 * @param trustAnchors   the roots this force's server certificate must chain to; empty: the file's {@code tls}
 *                       block's, else the gateway's own ({@link PushTls})
 */
public record ForceEndpoint(String force, URI url, Duration connectTimeout, Duration receiveTimeout,
                            List<Path> trustAnchors) {
    public ForceEndpoint {
        trustAnchors = List.copyOf(trustAnchors);
    }

    public ForceEndpoint(String force, URI url, Duration connectTimeout, Duration receiveTimeout) {
        this(force, url, connectTimeout, receiveTimeout, List.of());
    }

    /** Whether the force is reached over TLS (anything but a loopback test stand-in). */
    public boolean https() {
        return url.getScheme().equalsIgnoreCase("https");
    }

    /** The durable queue a force's notices wait in until its records system has accepted them. */
    public String queue() {
        return PushEndpoints.queueName(force);
    }
}
