package org.bridgeway.delivery.push;

import java.net.URI;
import java.time.Duration;

/**
 * A police force that takes its notices by SOAP push, and where: the address of its PoliceRecordsIntake service.
 *
 * @param force          organisation id, e.g. {@code police:kent}
 * @param connectTimeout how long to wait for a connection
 * @param receiveTimeout how long to wait for the answer once the notice is sent; after that the attempt counts as
 *                       failed and is retried, and the idempotency key lets the force recognise the repeat
 */
public record ForceEndpoint(String force, URI url, Duration connectTimeout, Duration receiveTimeout) {

    /** The durable queue a force's notices wait in until its records system has accepted them. */
    public String queue() {
        return PushEndpoints.queueName(force);
    }
}
