package org.bridgeway.api;

import java.util.Optional;
import org.apache.camel.Exchange;
import org.bridgeway.model.InvalidValueException;
import org.bridgeway.model.Organisation;

/**
 * FOR LOCAL DEVELOPMENT ONLY: trusts the {@code X-Bridgeway-Organisation} header ("police:kent"). It proves
 * nothing about the caller; it exists so the API's authorisation rules (a sender submits only for itself, a
 * recipient reads only its own mailbox) are enforced and tested before real authentication arrives.
 */
public final class DevelopmentHeaderIdentity implements CallerIdentity {
    public static final String HEADER = "X-Bridgeway-Organisation";

    @Override
    public Optional<Organisation> callerOf(Exchange exchange) {
        String id = exchange.getMessage().getHeader(HEADER, String.class);
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Organisation.parseId(id.trim()));
        } catch (InvalidValueException e) {
            return Optional.empty();
        }
    }
}
