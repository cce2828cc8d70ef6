package org.bridgeway.transport;

import java.util.Objects;
import java.util.Optional;

/**
 * How the API is served: mutual TLS, or plain HTTP only when the operator opts in for a local demo. A gateway
 * configured with neither refuses to serve HTTP at all, so forgetting TLS can never mean serving in the clear.
 *
 * @param tls           the TLS server settings; empty when not configured
 * @param plainHttp     the explicit opt-in to plain HTTP on loopback, identities from a development header
 * @param failureLimit  how failed authentications are limited and audited (both modes)
 */
public record TransportSecurity(Optional<TlsSettings> tls, boolean plainHttp, FailureLimit failureLimit) {
    public TransportSecurity {
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(failureLimit, "failureLimit");
        if (tls.isPresent() && plainHttp) {
            throw new IllegalArgumentException("choose mutual TLS or the plain-HTTP demo mode, not both");
        }
    }

    /** Neither TLS nor the plain-HTTP opt-in: fine without an HTTP server, refused with one. */
    public static TransportSecurity unset() {
        return new TransportSecurity(Optional.empty(), false, FailureLimit.DEFAULT);
    }

    public static TransportSecurity mutualTls(TlsSettings settings) {
        return new TransportSecurity(Optional.of(settings), false, FailureLimit.DEFAULT);
    }

    /** FOR A LOCAL DEMO ONLY: plain HTTP, loopback only, callers named by a header that proves nothing. */
    public static TransportSecurity plainHttpForDemo() {
        return new TransportSecurity(Optional.empty(), true, FailureLimit.DEFAULT);
    }

    public TransportSecurity withFailureLimit(FailureLimit limit) {
        return new TransportSecurity(tls, plainHttp, limit);
    }

    public boolean configured() {
        return tls.isPresent() || plainHttp;
    }
}
