package org.bridgeway.api;

import java.security.cert.X509Certificate;
import java.util.Optional;
import org.bridgeway.identity.InvalidTokenException;
import org.bridgeway.transport.RefusalReason;

/** The answer of a {@link CallerIdentity}: who is calling, or why nobody is. */
public sealed interface Authentication {

    record Authenticated(Caller caller) implements Authentication {
    }

    /**
     * @param presented   the client certificate presented, if any, whose fingerprint the audit entry records
     * @param tokenReason why the bearer token was refused, when it was: the validator's code goes into the audit
     *                    entry and the answer, and {@code keys-unavailable} is the gateway's fault (503), not the
     *                    caller's
     */
    record Refused(RefusalReason reason, Optional<X509Certificate> presented,
                   Optional<InvalidTokenException.Reason> tokenReason) implements Authentication {
        public Refused(RefusalReason reason, Optional<X509Certificate> presented) {
            this(reason, presented, Optional.empty());
        }

        public static Refused because(RefusalReason reason) {
            return new Refused(reason, Optional.empty());
        }

        /** The realm's keys could not be fetched: the token may be fine, the gateway cannot tell. */
        public boolean keysUnavailable() {
            return tokenReason.filter(InvalidTokenException.Reason.KEYS_UNAVAILABLE::equals).isPresent();
        }

        /** "token-invalid/expired", or the refusal's code alone: safe for a log line and the 401 answer. */
        public String code() {
            return reason.code() + tokenReason.map(r -> "/" + r.code()).orElse("");
        }
    }
}
