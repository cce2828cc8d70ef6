package org.bridgeway.api;

import java.util.Optional;
import org.apache.camel.Exchange;
import org.bridgeway.model.Organisation;

/**
 * The one seam through which every API endpoint learns who is calling. Mutual TLS with certificate-bound
 * Keycloak tokens replaces the development implementation behind this interface.
 */
public interface CallerIdentity {
    Optional<Organisation> callerOf(Exchange exchange);
}
