package org.bridgeway.dev.identity;

import org.apache.camel.Exchange;
import org.bridgeway.api.Authentication;
import org.bridgeway.api.Caller;
import org.bridgeway.api.CallerIdentity;
import org.bridgeway.model.InvalidValueException;
import org.bridgeway.model.Organisation;
import org.bridgeway.transport.RefusalReason;

/**
 * FOR LOCAL DEVELOPMENT ONLY: trusts the {@code X-Bridgeway-Organisation} header ("police:kent"). It proves
 * nothing about the caller; it exists so the API's authorisation rules (a sender submits only for itself, a
 * recipient reads only its own mailbox) are enforced and tested before real authentication arrives.
 * {@code serve --insecure-http} and {@code bench bulk} hand it to the gateway with
 * {@code GatewayConfig#withPlainHttpForDemo}.
 */
public final class DevelopmentHeaderIdentity implements CallerIdentity {
    public static final String HEADER = "X-Bridgeway-Organisation";

    @Override
    public Authentication authenticate(Exchange exchange) {
        String id = exchange.getMessage().getHeader(HEADER, String.class);
        if (id == null || id.isBlank()) {
            return Authentication.Refused.because(RefusalReason.NO_IDENTITY);
        }
        try {
            return new Authentication.Authenticated(Caller.of(Organisation.parseId(id.trim())));
        } catch (InvalidValueException e) {
            return Authentication.Refused.because(RefusalReason.NO_IDENTITY);
        }
    }

    /** As the gateway's plain-HTTP warning names it. */
    @Override
    public String toString() {
        return "the " + HEADER + " header";
    }
}
